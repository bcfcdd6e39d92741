from django.apps import AppConfig


class GrievanceConfig(AppConfig):
    name = "ruggie.grievance"
    label = "grievance"
    verbose_name = "Grievance mechanism"
