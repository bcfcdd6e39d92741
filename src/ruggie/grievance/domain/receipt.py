"""Receipt codes: what a reporter keeps to come back to a case without saying who they are.

A receipt is 28 characters of Crockford's base32 (140 random bits), shown once in groups
of four. Only a keyed hash of it is stored: with 140 bits nobody can guess one online, and
the key lives outside the database (see ``sealing.KeyRing``), so a copy of the database
alone does not let anyone test guesses offline either. A slow hash (GlobaLeaks' 16 digits
with Argon2) was weighed and left: at the 200 reports a second a busy channel must take,
Argon2 on every submission would need more cores than this machine has (decision 0014).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

# Crockford's alphabet: no I, L, O or U, so what is read aloud or copied by hand survives.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 28  # 28 x 5 bits = 140 bits
GROUP = 4
_READ_AS = {"O": "0", "I": "1", "L": "1"}
_DROP = frozenset(" -_.\t\n\r\u00a0")


def new_receipt() -> str:
    """A fresh receipt, as stored-free canonical text (no spaces)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(receipt: str) -> str:
    """'7K3Q 9XMV ...': groups of four, as the reporter writes it down."""
    return " ".join(receipt[i : i + GROUP] for i in range(0, len(receipt), GROUP))


def canonical(typed: str) -> str | None:
    """What the reporter typed, read generously (case, spaces, dashes, O for 0); None when it
    cannot be a receipt at all (so no hash is computed for it)."""
    out = []
    for ch in typed.upper():
        if ch in _DROP:
            continue
        ch = _READ_AS.get(ch, ch)
        if ch not in ALPHABET:
            return None
        out.append(ch)
    text = "".join(out)
    return text if len(text) == LENGTH else None


def digest(receipt: str, key: bytes) -> str:
    """The stored form: HMAC-SHA256 under a key kept outside the database, as hex."""
    return hmac.new(key, receipt.encode("ascii"), hashlib.sha256).hexdigest()
