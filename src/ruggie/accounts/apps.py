from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ruggie.accounts"
    label = "accounts"
    verbose_name = "Organisations and people"
