from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_builtin_commodities(sender: Any, **kwargs: Any) -> None:
    """Keep the built-in commodity rows in step with data/commodities.yaml after each migrate."""
    from ruggie.register.domain.classification import commodities
    from ruggie.register.models import Commodity

    using = kwargs.get("using", "default")
    known = dict(Commodity.objects.using(using).filter(organisation=None).values_list("code", "id"))
    new = [
        Commodity(code=c.code, name=c.name, hs_codes=list(c.hs))
        for c in commodities().values()
        if c.code not in known
    ]
    Commodity.objects.using(using).bulk_create(new, ignore_conflicts=True)


class RegisterConfig(AppConfig):
    name = "ruggie.register"
    label = "register"
    verbose_name = "Supply-chain register"

    def ready(self) -> None:
        post_migrate.connect(sync_builtin_commodities, sender=self)
