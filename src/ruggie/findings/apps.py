from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "ruggie.findings"
    label = "findings"
    verbose_name = "Findings and corrective actions"
