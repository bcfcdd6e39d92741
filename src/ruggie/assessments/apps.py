from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "ruggie.assessments"
    label = "assessments"
    verbose_name = "Supplier self-assessments"
