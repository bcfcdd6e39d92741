from django.apps import AppConfig


class LawsConfig(AppConfig):
    name = "ruggie.laws"
    label = "laws"
    verbose_name = "Laws"
