"""The one value every check produces: a finding at a place in a file.

A finding's message is ``message_id`` + ``args``: a reporter words it in its
language (``privacy check --lang nb``) from the message catalogues
(``i18n/messages/<lang>.toml``, table ``<rule-id>.<key>``, ``{placeholders}``).
``message`` is the English text (what ``--format json`` and older callers read),
worded the first time it is asked for: a large check makes a warning per open
question and public text, thousands of them, and the text report shows only
their count (make bench). Both are fixed when the finding is made, so a finding
stays one frozen, sortable value.

An argument is a plain value (text, number) or a :data:`Worded` callable that
words itself in the reporter's language (a field path in words, a nested
message, a list joined with "or"/"eller").
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter
from typing import Any

from privacy_as_code import i18n


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


_ERROR = Severity.ERROR
"""Looked up once: reading an enum member off its class costs as much as the test itself,
and a large check asks it of 100,000 findings several times (make bench)."""

Worded = Callable[[i18n.Words], str]
"""A message argument that depends on the language: called with the reporter's words."""

Args = tuple[tuple[str, Any], ...]


@functools.total_ordering
@dataclass(frozen=True, eq=False)
class Finding:
    """A problem at ``path:line:column`` (1-based), sortable into reading order: by
    place (path, line, column), severity and rule, then by English message."""

    path: str
    line: int
    column: int
    severity: Severity
    rule: str
    message_id: str
    """``<table>.<key>`` of the message catalogues; ``""``: ``literal`` is the only wording."""
    args: Args = ()
    literal: str = ""
    """The English wording of a finding without a catalogue message (an internal error)."""

    @classmethod
    def worded(cls, path: str, line: int, column: int, severity: Severity, rule: str,
               message_id: str, /, **args: Any) -> Finding:
        """A finding whose message is the catalogues' ``message_id`` filled with ``args``.

        Raises KeyError when the English catalogue has no such message, or when
        ``args`` lacks one of its placeholders: now, where the rule runs (and a
        failing rule is reported), not when a reporter words the message. (A test
        proves every message id in the code has a template in every language,
        with the same placeholders.)
        """
        missing = _placeholders(message_id) - args.keys()
        if missing:
            raise KeyError(f"{message_id}: no value for {', '.join(sorted(missing))}")
        return cls(path, line, column, severity, rule, message_id, tuple(args.items()))

    @classmethod
    def unworded(cls, path: str, line: int, column: int, severity: Severity, rule: str,
                 text: str) -> Finding:
        """A finding worded in English only (no catalogue message: an internal error)."""
        return cls(path, line, column, severity, rule, "", (), text)

    @functools.cached_property
    def message(self) -> str:
        """The message in English (made once, when first asked for)."""
        return self.in_words(i18n.words("en"))

    def _identity(self) -> tuple[Any, ...]:
        return (self.path, self.line, self.column, self.severity, self.rule, self.message_id,
                self.args, self.literal)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Finding:
            return NotImplemented
        assert isinstance(other, Finding)
        return self._identity() == other._identity()

    def __hash__(self) -> int:
        # Not the arguments: they may hold unhashable values; equal findings still hash alike.
        return hash((self.path, self.line, self.column, self.rule, self.message_id, self.literal))

    def __lt__(self, other: Finding) -> bool:
        if other.__class__ is not Finding:
            return NotImplemented
        return (_PLACE(self), self.message) < (_PLACE(other), other.message)

    @property
    def is_error(self) -> bool:
        return self.severity is _ERROR

    def in_words(self, words: i18n.Words) -> str:
        """The message in ``words``' language (the English ``message`` if it has no id)."""
        if not self.message_id:
            return self.literal
        return say(words, self.message_id, self.args)

    def line_in(self, words: i18n.Words) -> str:
        """The compiler-style line, worded in ``words``' language (severity included)."""
        severity = i18n.message_template(words, f"severity.{self.severity}")
        return f"{self.path}:{self.line}:{self.column}: {severity} [{self.rule}] {self.in_words(words)}"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity} [{self.rule}] {self.message}"


def say(words: i18n.Words, message_id: str, args: Iterable[tuple[str, Any]] = ()) -> str:
    """Message ``message_id`` in ``words``' language, its placeholders filled from ``args``.

    :data:`Worded` arguments are called with ``words`` first. Raises KeyError
    for an id no catalogue has.
    """
    values = {name: value(words) if callable(value) else value for name, value in args}
    return i18n.message_template(words, message_id).format(**values)


@dataclass(frozen=True)
class Message:
    """A catalogue message used as an argument of another (worded in the same language)."""

    message_id: str
    args: Args = ()

    @classmethod
    def of(cls, message_id: str, /, **args: Any) -> Message:
        return cls(message_id, tuple(args.items()))

    def __call__(self, words: i18n.Words) -> str:
        return say(words, self.message_id, self.args)

    def __str__(self) -> str:
        """In English (a check's own result, e.g. ``date_problem``, read by tests and callers)."""
        return self(i18n.words("en"))


@dataclass(frozen=True)
class Listing:
    """Items joined as the language joins a list (``a, b or c`` / ``a, b eller c``)."""

    items: tuple[Any, ...]
    conjunction: str = "or"

    def __call__(self, words: i18n.Words) -> str:
        return words.listing([item(words) if callable(item) else str(item) for item in self.items],
                             self.conjunction)


@dataclass(frozen=True)
class Term:
    """The catalogue's words for a schema enum's code (``Term("basis", "consent")``)."""

    kind: str
    code: str

    def __call__(self, words: i18n.Words) -> str:
        try:
            return words.term(self.kind, self.code)
        except KeyError:  # a code the schema refuses (reported there): shown as written
            return self.code


def in_reading_order(findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` without duplicates, sorted in ``Finding``'s own order (path, line,
    column, severity, rule, message).

    Sorted by plain tuples, which compare in C (the dataclass's comparisons take twice
    as long on a large project's 100,000 warnings), with no hashing of every finding;
    only findings of the same rule at the same place (duplicates among them) are then
    told apart, by message, so the English message of the others is never worded
    (make bench).
    """
    listed = list(findings)
    # (place, arrival, finding): the arrival number keeps findings from being compared
    decorated = sorted(zip(map(_PLACE, listed), range(len(listed)), listed, strict=True))
    ordered = [finding for _, _, finding in decorated]
    starts = [i for i, (place, _, _) in enumerate(decorated)
              if i == 0 or place != decorated[i - 1][0]]
    if len(starts) == len(ordered):
        return ordered  # no two findings share a place: the usual case
    result: list[Finding] = []
    for start, end in zip(starts, [*starts[1:], len(ordered)], strict=True):
        run = ordered[start:end]
        if len(run) > 1:
            run = sorted(dict.fromkeys(run), key=attrgetter("message"))
        result.extend(run)
    return result


_PLACE = attrgetter("path", "line", "column", "severity", "rule")


@functools.lru_cache(maxsize=4096)
def _placeholders(message_id: str) -> frozenset[str]:
    """The ``{placeholders}`` of ``message_id``'s English template (KeyError if it has none)."""
    template = i18n.message_template(i18n.words("en"), message_id)
    return frozenset(re.split(r"[.\[]", name)[0]
                     for _, name, _, _ in string.Formatter().parse(template) if name)
