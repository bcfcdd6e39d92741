from django.urls import path

from ruggie.investors import engagement_views, views

app_name = "investors"
urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("engagements/", engagement_views.engagement_list, name="engagements"),
    path("engagements/<int:pk>/", engagement_views.engagement, name="engagement"),
    path("engagements/<int:pk>/act/", engagement_views.act, name="engagement_act"),
    path("engagements/<int:pk>/export.xlsx", engagement_views.export, name="engagement_export"),
]
