from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "ruggie.risk"
    label = "risk"
    verbose_name = "Inherent risk and salient issues"

    def ready(self) -> None:
        from ruggie.register.signals import register_changed
        from ruggie.risk.receivers import rescore_on_register_change

        register_changed.connect(rescore_on_register_change, dispatch_uid="risk-rescore")
