from django.urls import path

from ruggie.learning import views

app_name = "learning"
urlpatterns = [
    path("", views.module_list, name="modules"),
    path("progress/", views.progress, name="progress"),
    path("<slug:code>/", views.module, name="module"),
]
