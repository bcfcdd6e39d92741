"""Where the case key comes from: outside the database, always.

``RUGGIE_CASE_KEY`` (base64 of 32 bytes) wins; otherwise the key file
``RUGGIE_CASE_KEY_FILE``, created with mode 0600 on first use. Losing the key loses every
case's content: back it up apart from the database (docs/grievance.md says how).
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from django.conf import settings
from django.db import transaction

from ruggie.accounts.models import Organisation
from ruggie.grievance.domain.sealing import KeyRing, OrganisationKeys, new_case_key, parse_case_key
from ruggie.grievance.models import OrganisationKey

_cached: dict[str, KeyRing] = {}


def keyring() -> KeyRing:
    text = settings.RUGGIE_CASE_KEY
    if not text:
        path = Path(settings.RUGGIE_CASE_KEY_FILE)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(base64.b64encode(new_case_key()).decode() + "\n")
        text = path.read_text()
    ring = _cached.get(text)
    if ring is None:
        ring = _cached.setdefault(text, KeyRing(parse_case_key(text)))
    return ring


@transaction.atomic
def organisation_keys(organisation: Organisation) -> OrganisationKeys:
    """The organisation's key pair, made on first use."""
    found = OrganisationKey.objects.filter(organisation=organisation).first()
    if found is None:
        made = keyring().new_organisation_keys()
        found, _ = OrganisationKey.objects.get_or_create(
            organisation=organisation, defaults={"public": made.public, "sealed_private": made.sealed_private}
        )
    return OrganisationKeys(public=bytes(found.public), sealed_private=bytes(found.sealed_private))
