"""The phrase lists the legal rules recognise, read once from ``phrases.toml``.

The phrases are data (one TOML file in the package, one section per kind of
phrase, Norwegian and English together) so that a lawyer's new example is a
line in that file, not a change to a rule.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from importlib import resources
from itertools import accumulate
from typing import Any


@cache
def _data() -> dict[str, dict[str, Any]]:
    text = resources.files("privacy_as_code").joinpath("phrases.toml").read_text("utf-8")
    return tomllib.loads(text)


def _sections() -> dict[str, list[str]]:
    return {name: list(section["patterns"]) for name, section in _data().items()}


@cache
def pattern(section: str) -> re.Pattern[str]:
    """One compiled, case-insensitive pattern matching any phrase of ``section``.

    ``section`` is a table of ``phrases.toml`` (``retention_vague``,
    ``consent_by_use``, ``consent_browser``, ``placeholder``, ``gdpr_reference``,
    ``law_name``). Raises KeyError for an unknown section; a broken file raises
    tomllib.TOMLDecodeError or re.error (a packaging bug the tests catch, not
    an input problem).
    """
    alternatives = _sections()[section]
    return re.compile("|".join(f"(?:{p})" for p in alternatives), re.IGNORECASE | re.DOTALL)


LONGEST_TEXT = 5000
"""The longest text a record may hold (``maxLength`` of ``non_empty_string`` in
``common.schema.json``; a test keeps the two equal). A longer text is already a
schema error, so a phrase is looked for only in its first ``LONGEST_TEXT``
characters: 900 KB of "så lenge så lenge ..." must not cost seconds."""


def search(section: str, text: str) -> re.Match[str] | None:
    """The first phrase of ``section`` in ``text`` (its first :data:`LONGEST_TEXT` characters).

    A text without any of the section's :func:`cues` is not searched at all.
    """
    if not has_cue(section, text):
        return None
    return pattern(section).search(text, 0, LONGEST_TEXT)


@cache
def cues(section: str) -> tuple[tuple[str, ...], ...]:
    """The section's ``cues``: groups of lower-case texts; every match of its phrases
    contains one text of each group.

    In ``phrases.toml`` ``cues`` is a list of texts (one group) or a list of such
    lists ("a consent word" and "a word for using the site"). Empty when the
    section has none (every text is then searched). The tests check each
    recognised sentence is found through its cues, so a new phrase without one
    fails there instead of silently never matching.
    """
    written = _data()[section].get("cues", ())
    groups = written if written and all(isinstance(g, list) for g in written) else [written]
    return tuple(tuple(str(cue).lower() for cue in group) for group in groups if group)


def has_cue(section: str | tuple[str, ...], text: str) -> bool:
    """Whether ``text`` holds a text of every cue group of ``section`` (or of one of
    several sections); True when a section has no cues.

    Substring tests on the lower-cased text (``in`` in a plain loop: faster than one
    regular expression of alternatives, make bench). A rule may call it on a whole
    file's source text to skip the file (one with backslash escapes must still be
    walked, since its values hold characters the source does not show).
    """
    lowered = text.lower()
    for name in section if isinstance(section, tuple) else (section,):
        if _holds_every_group(lowered, cues(name)):
            return True
    return False


def texts_with_cue(section: str | tuple[str, ...], texts: Sequence[str]) -> list[int]:
    """The indices of ``texts`` for which :func:`has_cue` is true, in order.

    Found with one scan of the texts joined, not a test of each: a record has dozens of
    texts, few hold a cue, and a large check has tens of thousands (make bench). The
    cues of each section's first group are looked for in the joined text; only the texts
    they fall in are then tested whole.
    """
    names = section if isinstance(section, tuple) else (section,)
    if not texts:
        return []
    if not all(cues(name) for name in names):
        return [i for i, text in enumerate(texts) if has_cue(section, text)]
    joined = "\0".join(texts)  # no cue holds a NUL, so none spans two texts
    lowered = joined.lower()
    if len(lowered) != len(joined):  # a letter whose lower case is longer: offsets move
        lowered = "\0".join(text.lower() for text in texts)
        starts = list(accumulate((len(text.lower()) + 1 for text in texts[:-1]), initial=0))
    else:
        starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
    found: set[int] = set()
    for name in names:
        for cue in cues(name)[0]:
            at = lowered.find(cue)
            while at != -1:
                index = bisect_right(starts, at) - 1
                found.add(index)
                # on to the next text: one hit is enough to test this one whole
                at = lowered.find(cue, starts[index + 1]) if index + 1 < len(starts) else -1
    return [i for i in sorted(found) if has_cue(section, texts[i])]


def _holds_every_group(lowered: str, groups: tuple[tuple[str, ...], ...]) -> bool:
    for group in groups:
        for cue in group:
            if cue in lowered:
                break
        else:
            return False
    return True


def sections() -> tuple[str, ...]:
    """The section names, in file order."""
    return tuple(_sections())


def normalise(text: str) -> str:
    """``text`` lower-cased, spaces collapsed, without surrounding spaces or one final ``.``/``!``.

    The form ``placeholder`` patterns are matched against in full.
    """
    collapsed = " ".join(text.split())  # str methods: this runs on every short value
    if collapsed.endswith((".", "!")):
        collapsed = collapsed[:-1].rstrip()
    return collapsed.lower()
