"""Reporters: the same findings as compiler-style text, JSON, or GitHub annotations.

Every reporter keeps its own format whatever the records hold: one finding is
one line (text, github) or one JSON object. Messages quote values from the
records, and a value may hold a line break (a ``|`` block), terminal escape
sequences or invisible format characters; :func:`printable` shows those
escaped, so a value can neither split a finding over two lines, forge a
finding line of its own, nor drive the terminal.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any, Protocol

from privacy_as_code.checker import CheckResult
from privacy_as_code.findings import Finding, Severity, say
from privacy_as_code.i18n import Words
from privacy_as_code.i18n import words as words_of

_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f"  # C0, DEL, C1: line breaks, tabs, ESC (terminal control)
    "\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"  # invisible, bidi
    "\ufeff\ufff9-\ufffb\ud800-\udfff]"  # BOM, annotations, lone surrogates
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control, invisible and bidi characters written as escapes.

    ``"a\nb"`` -> ``a\\nb``; ESC -> ``\\x1b``; U+202E -> ``\\u202e``. Everything
    else (letters of any language, arrows, quotes) is unchanged.
    """
    return _UNPRINTABLE.sub(_escape, text)


def line(finding: Finding, words: Words | None = None) -> str:
    """One finding as one compiler-style line, whatever its message quotes, worded in
    ``words``' language (English when not given)."""
    return printable(str(finding) if words is None else finding.line_in(words))


def _count(words: Words, what: str, n: int) -> str:
    return say(words, f"summary.{what}-{'one' if n == 1 else 'many'}", (("n", n),))


def summary(result: CheckResult, *, strict: bool, words: Words | None = None) -> str:
    words = words or words_of("en")
    errors = len(result.errors)
    warnings = len(result.findings) - errors
    files = _count(words, "files", result.files)
    if not result.findings:
        return say(words, "summary.clean", (("files", files),))
    verdict = say(words, "summary.failed" if result.failed(strict=strict) else "summary.passed")
    note = say(words, "summary.strict-note") if strict and warnings else ""
    return say(words, "summary.result", (
        ("verdict", verdict), ("errors", _count(words, "errors", errors)),
        ("warnings", _count(words, "warnings", warnings)), ("files", files), ("note", note)))


OPEN_QUESTION_RULE = "open-question"
"""The rule whose warnings ``privacy questions`` lists (its own count line points there)."""

SUMMARY_LANGUAGE = "en"
"""The count lines' language when no catalogue is chosen (the rule messages' own, English)."""


def warning_counts(findings: Iterable[Finding]) -> list[tuple[str, int]]:
    """``[(rule, count), ...]`` of the warnings, most frequent first (ties by rule id)."""
    error = Severity.ERROR  # looked up once, not per finding (100,000 of them: make bench)
    counts = Counter(f.rule for f in findings if f.severity is not error)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def count_lines(findings: Iterable[Finding], catalogue: Words | None = None) -> list[str]:
    """One line per kind of warning with its count and the command that shows them.

    ``["93 open questions: `privacy questions` lists them",
    "4 [plain-language] warnings: `privacy check --warnings` shows them"]``;
    the words are the catalogue's ``check`` table (English unless ``catalogue`` says otherwise).
    """
    table = (catalogue or words_of(SUMMARY_LANGUAGE)).check
    lines = []
    for rule, count in warning_counts(findings):
        kind = "open_questions" if rule == OPEN_QUESTION_RULE else "warnings"
        template = table[f"{kind}_one" if count == 1 else kind]
        lines.append(template.format(count=count, rule=rule))
    return lines


def text(result: CheckResult, *, strict: bool, words: Words | None = None,
         warnings: bool = False, **_options: Any) -> str:
    """Errors first, then one count line per kind of warning, then the summary line.

    With ``warnings`` (``--warnings``) or ``strict`` (where every warning fails and is
    therefore shown like an error), every finding is one line, in reading order. ``words``
    (``--lang``) words the findings and the count lines in its language.
    """
    if warnings or strict:
        lines = [line(f, words) for f in result.findings]
    else:
        lines = [line(f, words) for f in result.errors]
        lines += count_lines(result.findings, words)
    return "\n".join([*lines, summary(result, strict=strict, words=words)]) + "\n"


def _escape_github(value: str, *, property_: bool = False) -> str:
    value = printable(value)  # no raw line breaks or escapes, as in text output
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_ else value


def github(result: CheckResult, *, strict: bool, words: Words | None = None,
           **_options: Any) -> str:
    lines = []
    for f in result.findings:
        level = "error" if f.is_error or strict else "warning"
        message = f.message if words is None else f.in_words(words)
        lines.append(
            f"::{level} file={_escape_github(f.path, property_=True)},line={f.line},col={f.column},"
            f"title={_escape_github(f.rule, property_=True)}::{_escape_github(message)}"
        )
    return "\n".join([*lines, summary(result, strict=strict, words=words)]) + "\n"


def json_report(result: CheckResult, *, strict: bool, words: Words | None = None,
                **_options: Any) -> str:
    """The result as JSON. Each finding's ``message`` is always English (the format's
    contract); ``message_id`` names its catalogue message, and with another language
    chosen (``--lang nb``) ``text`` holds the message in that language."""

    def worded(f: Finding) -> dict[str, str]:
        extra = {"message_id": f.message_id} if f.message_id else {}
        if words is not None and words.lang != "en":
            extra["text"] = f.in_words(words)
        return extra

    document = {
        "status": "fail" if result.failed(strict=strict) else "pass",
        "strict": strict,
        "files": result.files,
        "errors": len(result.errors),
        "warnings": len(result.findings) - len(result.errors),
        "findings": [
            {"path": f.path, "line": f.line, "column": f.column, "severity": str(f.severity),
             "rule": f.rule, "message": f.message, **worded(f)}
            for f in result.findings
        ],
        "summary": summary(result, strict=strict, words=words),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


class Reporter(Protocol):
    """A report format: the whole output for one check result (ends with the summary line)."""

    def __call__(self, result: CheckResult, *, strict: bool, words: Words | None = None,
                 **options: Any) -> str: ...


REPORTERS: dict[str, Reporter] = {"text": text, "json": json_report, "github": github}
