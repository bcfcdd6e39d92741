from django.urls import path

from ruggie.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/act/", views.act, name="act"),
    path("<int:pk>/export.docx", views.export_docx, name="docx"),
    path("<int:pk>/export.pdf", views.export_pdf, name="pdf"),
]
