from django.urls import path

from ruggie.laws import views

app_name = "laws"
urlpatterns = [
    path("", views.laws, name="laws"),
    path("calendar.ics", views.calendar, name="calendar"),
    path("<slug:code>/", views.law, name="law"),
]
