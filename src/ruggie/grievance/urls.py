from django.urls import path

from ruggie.grievance import views

app_name = "grievance"
urlpatterns = [
    path("", views.cases, name="cases"),
    path("cases/<str:reference>/", views.case, name="case"),
    path("cases/<str:reference>/act/", views.act, name="act"),
    path("cases/<str:reference>/files/<int:pk>/", views.attachment, name="attachment"),
    path("effectiveness/", views.effectiveness, name="effectiveness"),
    path("channels/", views.channels, name="channels"),
    path("channels/<int:pk>/", views.channel_settings, name="channel_settings"),
    path("channels/<int:pk>/poster/", views.poster, name="poster"),
]
