from django.urls import path

from ruggie.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("<int:pk>/", views.round_page, name="round"),
    path("<int:pk>/poster/", views.poster, name="poster"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/results.xlsx", views.results_export, name="results_export"),
    path("<int:pk>/answer-sheet.xlsx", views.answer_sheet, name="answer_sheet"),
    path("<int:pk>/import/", views.paper_import, name="paper_import"),
    path("<int:pk>/findings/", views.raise_findings, name="raise_findings"),
]
