from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "ruggie.questionnaires"
    label = "questionnaires"
    verbose_name = "Questionnaires"
