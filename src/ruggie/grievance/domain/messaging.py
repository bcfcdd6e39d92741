"""Inbound messages from SMS, WhatsApp and hotline providers: who may post, and how a phone
number is kept (if at all).

Providers sign what they post. The generic JSON webhook takes ``X-Ruggie-Signature:
sha256=<hex>``, HMAC-SHA256 of the raw body under the channel's secret. The Twilio-compatible
form webhook takes ``X-Twilio-Signature``: base64 HMAC-SHA1, under the account's auth token,
of the full URL followed by each POST parameter's name and value in name order (Twilio's
documented scheme, so Twilio and providers copying it can post unchanged).

A number is kept only when the reporter agreed: sealed like the report, and as a keyed
hash so the next message from it continues the same case.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Mapping

_NOT_DIGITS = re.compile(r"[^\d]")
# Words that mean "keep my number so you can recognise my replies", by language.
CONSENT_WORDS = ("KEEP", "GUARDAR", "GARDER", "SIMPAN", "LUU", "GIU", "احفظ")


def json_signature_ok(body: bytes, header: str, secret: str) -> bool:
    if not secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def twilio_signature(url: str, params: Mapping[str, str], token: str) -> str:
    payload = url + "".join(f"{k}{params[k]}" for k in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()).decode()


def twilio_signature_ok(url: str, params: Mapping[str, str], header: str, token: str) -> bool:
    return bool(token and header) and hmac.compare_digest(twilio_signature(url, params, token), header)


def normalise_number(number: str) -> str:
    """'+880 1711-000000' and '+8801711000000' are one number; 'whatsapp:' prefixes go."""
    text = number.strip().lower().removeprefix("whatsapp:")
    digits = _NOT_DIGITS.sub("", text)
    return ("+" if text.startswith("+") else "") + digits


def number_digest(number: str, key: bytes) -> str:
    return hmac.new(key, normalise_number(number).encode(), hashlib.sha256).hexdigest()


def consent_given(text: str) -> tuple[bool, str]:
    """(agreed, the message without the consent word) for a message starting with one."""
    stripped = text.strip()
    first, _, rest = stripped.partition(" ")
    if first.upper().strip(".,:!") in CONSENT_WORDS:
        return True, rest.strip()
    return False, stripped
