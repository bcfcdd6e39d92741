from django.urls import path

from ruggie.investors import views

app_name = "investors"
urlpatterns = [path("", views.portfolio, name="portfolio")]
