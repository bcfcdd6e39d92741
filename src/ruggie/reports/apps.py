from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ruggie.reports"
    label = "reports"
    verbose_name = "Reports"
