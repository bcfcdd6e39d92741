from django.apps import AppConfig


class StepsConfig(AppConfig):
    name = "ruggie.steps"
    label = "steps"
    verbose_name = "Due-diligence steps"
