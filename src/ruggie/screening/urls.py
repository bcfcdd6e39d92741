from django.urls import path

from ruggie.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.hits, name="hits"),
    path("run/", views.run, name="run"),
    path("hits/<int:pk>/", views.hit, name="hit"),
    path("hits/<int:pk>/decide/", views.decide, name="decide"),
]
