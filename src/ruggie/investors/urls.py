from django.urls import path

from ruggie.investors import disclosure_views, engagement_views, views

app_name = "investors"
urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("export.xlsx", views.portfolio_export, name="portfolio_export"),
    path("disclosures/", disclosure_views.disclosure_list, name="disclosures"),
    path("disclosures/<int:pk>/", disclosure_views.disclosure, name="disclosure"),
    path("disclosures/<int:pk>/act/", disclosure_views.act, name="disclosure_act"),
    path("engagements/", engagement_views.engagement_list, name="engagements"),
    path("engagements/<int:pk>/", engagement_views.engagement, name="engagement"),
    path("engagements/<int:pk>/act/", engagement_views.act, name="engagement_act"),
    path("engagements/<int:pk>/summary/", engagement_views.summary, name="engagement_summary"),
    path("engagements/<int:pk>/export.xlsx", engagement_views.export, name="engagement_export"),
]
