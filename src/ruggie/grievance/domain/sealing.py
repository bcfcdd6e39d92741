"""Encryption at rest for cases: what a copy of the database alone cannot read.

Envelope encryption with libsodium (PyNaCl), as GlobaLeaks does it:

- each organisation has a Curve25519 key pair; its public key is stored as it is, its
  private key only sealed (SecretBox) under the **case key**, which lives outside the
  database (an environment variable or a key file beside it, never in a table);
- a report's text, contact details and files are sealed (SealedBox) to the organisation's
  public key, so the public report page needs no secret at all to store a report;
- reading a case (a handler, or the reporter with their receipt) opens the private key
  with the case key, in memory, for that request only.

Someone holding the database without the case key sees ciphertext, hashes of receipts and
the case's workflow fields (state, dates, category), nothing a reporter wrote.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox
from nacl.utils import random as random_bytes

KEY_BYTES = 32


class SealingError(Exception):
    """The case key does not open this organisation's key, or a sealed value is damaged."""


def new_case_key() -> bytes:
    return random_bytes(KEY_BYTES)


def parse_case_key(text: str) -> bytes:
    """The case key from its base64 text (environment variable or key file)."""
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except ValueError:
        raise SealingError("The case key is not base64 text.") from None
    if len(key) != KEY_BYTES:
        raise SealingError(f"The case key must be {KEY_BYTES} bytes (44 characters of base64).")
    return key


@dataclass(frozen=True)
class OrganisationKeys:
    public: bytes  # stored as it is
    sealed_private: bytes  # the private key under the case key


@dataclass(frozen=True)
class KeyRing:
    """The case key, and what is derived from it (each use gets its own subkey)."""

    case_key: bytes

    def _subkey(self, purpose: str) -> bytes:
        return hashlib.blake2b(
            purpose.encode(), key=self.case_key, digest_size=KEY_BYTES, person=b"ruggie-grievance"
        ).digest()

    @property
    def receipt_key(self) -> bytes:
        return self._subkey("receipt")

    @property
    def phone_key(self) -> bytes:
        """For the keyed hash that finds a case by a reporter's phone number."""
        return self._subkey("phone")

    def seal_secret(self, secret: str) -> bytes:
        return bytes(SecretBox(self._subkey("channel-secrets")).encrypt(secret.encode("utf-8")))

    def open_secret(self, sealed: bytes) -> str:
        try:
            return SecretBox(self._subkey("channel-secrets")).decrypt(sealed).decode("utf-8")
        except CryptoError:
            raise SealingError("This case key does not open the channel's secret.") from None

    def new_organisation_keys(self) -> OrganisationKeys:
        private = PrivateKey.generate()
        wrapped = SecretBox(self._subkey("organisation-keys")).encrypt(bytes(private))
        return OrganisationKeys(public=bytes(private.public_key), sealed_private=bytes(wrapped))

    def private_key(self, keys: OrganisationKeys) -> PrivateKey:
        try:
            raw = SecretBox(self._subkey("organisation-keys")).decrypt(keys.sealed_private)
        except CryptoError:
            raise SealingError("This case key does not open the organisation's key.") from None
        return PrivateKey(raw)


def seal(public: bytes, plaintext: bytes) -> bytes:
    """Anyone may seal with the public key; only the private key opens."""
    return bytes(SealedBox(PublicKey(public)).encrypt(plaintext))


def seal_text(public: bytes, text: str) -> bytes:
    return seal(public, text.encode("utf-8")) if text else b""


def unseal(private: PrivateKey, sealed: bytes) -> bytes:
    if not sealed:
        return b""
    try:
        return SealedBox(private).decrypt(sealed)
    except CryptoError:
        raise SealingError("A sealed value is damaged or sealed to another key.") from None


def unseal_text(private: PrivateKey, sealed: bytes) -> str:
    return unseal(private, sealed).decode("utf-8")
