"""The one value every check produces: a finding at a place in a file.

A finding carries its message twice over: ``message`` is the English text (what
``--format json`` and older callers read, made once when the finding is made),
and ``message_id`` + ``args`` let a reporter word the same finding in another
language (``privacy check --lang nb``) from the message catalogues
(``i18n/messages/<lang>.toml``, table ``<rule-id>.<key>``, ``{placeholders}``).
Both are fixed when the finding is made, so a finding stays one frozen, sortable
value; ``message_id`` and ``args`` take no part in comparing and sorting.

An argument is a plain value (text, number) or a :data:`Worded` callable that
words itself in the reporter's language (a field path in words, a nested
message, a list joined with "or"/"eller").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from operator import attrgetter
from typing import Any

from privacy_as_code import i18n


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


Worded = Callable[[i18n.Words], str]
"""A message argument that depends on the language: called with the reporter's words."""

Args = tuple[tuple[str, Any], ...]


@dataclass(frozen=True, order=True)
class Finding:
    """A problem at ``path:line:column`` (1-based), sortable into reading order."""

    path: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str
    message_id: str = field(default="", compare=False)
    """``<table>.<key>`` of the message catalogues; ``""``: ``message`` is the only wording."""
    args: Args = field(default=(), compare=False)

    @classmethod
    def worded(cls, path: str, line: int, column: int, severity: Severity, rule: str,
               message_id: str, /, **args: Any) -> Finding:
        """A finding whose message is the catalogues' ``message_id`` filled with ``args``.

        Raises KeyError when the English catalogue has no such message (a
        test proves every message id in the code has a template in every
        language, with the same placeholders).
        """
        frozen = tuple(args.items())
        english = say(i18n.words("en"), message_id, frozen)
        return cls(path, line, column, severity, rule, english, message_id, frozen)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def in_words(self, words: i18n.Words) -> str:
        """The message in ``words``' language (the English ``message`` if it has no id)."""
        if not self.message_id:
            return self.message
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


def fails(findings: list[Finding], *, strict: bool) -> bool:
    """Whether these findings fail the gate: any error, or any warning under --strict."""
    return any(f.is_error or strict for f in findings)


def in_reading_order(findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` without duplicates, sorted in ``Finding``'s own order (path, line,
    column, ...).

    Sorted by a key of plain tuples, which compare in C: the dataclass's generated
    comparisons take twice as long on a large project's 100,000 warnings (make bench).
    """
    return sorted(set(findings), key=_ORDER)


_ORDER = attrgetter(*(f.name for f in fields(Finding) if f.compare))
