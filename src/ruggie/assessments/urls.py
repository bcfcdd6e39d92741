from django.urls import path

from ruggie.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.board, name="board"),
    path("requests/<int:pk>/", views.request_page, name="request"),
    path("requests/<int:pk>/remind/", views.remind, name="remind"),
    path("requests/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("mine/", views.mine, name="mine"),
    path("shares/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
