from django.urls import path

from ruggie.risk import views

app_name = "risk"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("rescore/", views.rescore, name="rescore"),
    path("methodology/", views.methodology, name="methodology"),
    path("export.xlsx", views.export, name="export"),
    path("sites/<int:pk>/", views.site, name="site"),
    path("salience/<slug:code>/", views.judge, name="judge"),
    path("salience/<slug:code>/withdraw/", views.withdraw, name="withdraw"),
]
