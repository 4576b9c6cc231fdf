"""Comparing statement versions ("1.10" is newer than "1.9")."""

from __future__ import annotations

from typing import Any


def version_key(value: Any) -> tuple[int, ...]:
    """``"2.10"`` -> ``(2, 10)``, for ordering versions numerically; ``()`` for a non-string.

    Parts that are not digits are ignored (``"2.1-draft"`` -> ``(2,)``), so such a
    version never sorts above a plain release of the same number.
    """
    if not isinstance(value, str):
        return ()
    return tuple(int(part) for part in value.split(".") if part.isdigit())
