"""Security and entity identifiers as investors' files carry them, checked by their digits.

ISIN (ISO 6166): two letters, nine letters or digits, one check digit (Luhn over the code
with letters written as numbers, A=10 ... Z=35). LEI (ISO 17442): 18 letters or digits and
two check digits (ISO 7064 mod 97-10: the code with letters as numbers, mod 97, is 1).
A typo in either is the commonest reason two files disagree about a company.
"""

from __future__ import annotations

import re

_ISIN = re.compile(r"^[A-Z]{2}[A-Z0-9]{9}[0-9]$")
_LEI = re.compile(r"^[A-Z0-9]{18}[0-9]{2}$")


def _digits(code: str) -> str:
    return "".join(str(int(ch, 36)) for ch in code)


def clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def isin_ok(code: str) -> bool:
    code = clean(code)
    if not _ISIN.match(code):
        return False
    digits = _digits(code[:-1])
    total = 0
    # Luhn from the right, starting with the digit next to the check digit (doubled).
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return (10 - total % 10) % 10 == int(code[-1])


def lei_ok(code: str) -> bool:
    code = clean(code)
    return bool(_LEI.match(code)) and int(_digits(code)) % 97 == 1
