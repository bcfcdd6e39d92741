"""Spreadsheet cells are hostile text.

A cell that begins with = + - @ (or a tab / carriage return followed by one) is run as a
formula by Excel, LibreOffice and Google Sheets ("CSV injection"). Exports prefix such
text with an apostrophe, which spreadsheet programs show as plain text.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Return text that no spreadsheet will evaluate; numbers and dates pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
