from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "ruggie.reference"
    label = "reference"
    verbose_name = "Reference data"
