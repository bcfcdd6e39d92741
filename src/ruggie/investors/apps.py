from django.apps import AppConfig


class InvestorsConfig(AppConfig):
    name = "ruggie.investors"
    label = "investors"
    verbose_name = "Investors"
