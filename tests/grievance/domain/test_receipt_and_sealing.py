"""Receipts and sealing: what protects a reporter when the database is copied."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ruggie.grievance.domain import receipt
from ruggie.grievance.domain.sealing import (
    KeyRing,
    SealingError,
    new_case_key,
    parse_case_key,
    seal_text,
    unseal_text,
)


def test_a_receipt_has_at_least_128_random_bits_and_is_never_repeated() -> None:
    assert receipt.LENGTH * math.log2(len(receipt.ALPHABET)) >= 128
    codes = {receipt.new_receipt() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == receipt.LENGTH and set(c) <= set(receipt.ALPHABET) for c in codes)


def test_a_receipt_is_read_back_however_it_was_written_down() -> None:
    code = receipt.new_receipt()
    written = receipt.shown(code)
    assert written.count(" ") == receipt.LENGTH // receipt.GROUP - 1
    assert receipt.canonical(written) == code
    assert receipt.canonical(written.lower().replace(" ", "-")) == code
    assert receipt.canonical("o" + code[1:]) == ("0" + code[1:])  # O read as zero


@given(st.text(max_size=60))
def test_anything_typed_is_either_a_receipt_or_refused_without_error(typed: str) -> None:
    got = receipt.canonical(typed)
    assert got is None or (len(got) == receipt.LENGTH and set(got) <= set(receipt.ALPHABET))


def test_the_stored_digest_needs_the_key_outside_the_database() -> None:
    code = receipt.new_receipt()
    ring, other = KeyRing(new_case_key()), KeyRing(new_case_key())
    stored = receipt.digest(code, ring.receipt_key)
    assert code not in stored and len(stored) == 64
    assert receipt.digest(code, ring.receipt_key) == stored  # found again by lookup
    assert receipt.digest(code, other.receipt_key) != stored  # a copy without the key tests nothing


def test_a_report_is_sealed_to_the_organisation_and_opened_only_with_the_case_key() -> None:
    ring = KeyRing(new_case_key())
    keys = ring.new_organisation_keys()
    sealed = seal_text(keys.public, "My supervisor took my passport. مشرفي أخذ جواز سفري")
    assert b"passport" not in sealed and b"sealed" not in keys.sealed_private
    assert unseal_text(ring.private_key(keys), sealed).startswith("My supervisor took my passport.")
    with pytest.raises(SealingError):
        KeyRing(new_case_key()).private_key(keys)  # the database alone, with a guessed key
    another = ring.new_organisation_keys()
    with pytest.raises(SealingError):
        unseal_text(ring.private_key(another), sealed)  # another organisation's key
    assert seal_text(keys.public, "") == b"" and unseal_text(ring.private_key(keys), b"") == ""


def test_the_case_key_is_read_from_base64_and_checked() -> None:
    import base64

    key = new_case_key()
    assert parse_case_key(base64.b64encode(key).decode() + "\n") == key
    for bad in ("not base64!", base64.b64encode(b"short").decode()):
        with pytest.raises(SealingError):
            parse_case_key(bad)
