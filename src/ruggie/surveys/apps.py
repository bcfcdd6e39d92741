from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "ruggie.surveys"
    label = "surveys"
    verbose_name = "Worker surveys"
