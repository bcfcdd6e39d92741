from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ruggie.audit"
    label = "audit"
    verbose_name = "Audit log"
