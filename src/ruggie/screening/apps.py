from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "ruggie.screening"
    label = "screening"
    verbose_name = "Restricted-entity screening"

    def ready(self) -> None:
        from ruggie.register.signals import register_changed
        from ruggie.screening.receivers import rescreen_on_register_change

        register_changed.connect(rescreen_on_register_change, dispatch_uid="screening-rescreen")
