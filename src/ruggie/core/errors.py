"""Small error types shared by domain code.

They carry a human ``message`` meant to be shown to the person who caused the
problem (for example the user who uploaded a file), so they must never contain
stack traces or internal details.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class UserFacingError(Exception):
    """An error whose ``message`` is safe and useful to show to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RefusedWithProblems(UserFacingError):
    """Refused, with the list of what to fix (answers, rows), each shown next to its place."""

    def __init__(self, message: str, problems: Iterable[Any] = ()) -> None:
        super().__init__(message)
        self.problems: list[Any] = list(problems)


class FileRefused(UserFacingError):
    """An uploaded file cannot be read; ``message`` says what to do instead."""
