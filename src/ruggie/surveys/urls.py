from django.urls import path

from ruggie.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("<int:pk>/", views.round_page, name="round"),
    path("<int:pk>/poster/", views.poster, name="poster"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/findings/", views.raise_findings, name="raise_findings"),
]
