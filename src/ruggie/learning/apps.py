from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "ruggie.learning"
    label = "learning"
    verbose_name = "Learning"
