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
from typing import Protocol

from privacy_as_code.checker import CheckResult
from privacy_as_code.findings import Finding, Severity

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


def line(finding: Finding) -> str:
    """One finding as one compiler-style line, whatever its message quotes."""
    return printable(str(finding))


def summary(result: CheckResult, *, strict: bool) -> str:
    errors = sum(f.severity is Severity.ERROR for f in result.findings)
    warnings = len(result.findings) - errors
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    if not result.findings:
        return f"privacy check: {files} checked, no problems"
    verdict = "FAILED" if result.failed(strict=strict) else "passed"
    note = " (--strict: warnings fail)" if strict and warnings else ""
    return (f"privacy check {verdict}: {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''} in {files}{note}")


def text(result: CheckResult, *, strict: bool) -> str:
    lines = [line(f) for f in result.findings]
    return "\n".join([*lines, summary(result, strict=strict)]) + "\n"


def _escape_github(value: str, *, property_: bool = False) -> str:
    value = printable(value)  # no raw line breaks or escapes, as in text output
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_ else value


def github(result: CheckResult, *, strict: bool) -> str:
    lines = []
    for f in result.findings:
        level = "error" if f.is_error or strict else "warning"
        lines.append(
            f"::{level} file={_escape_github(f.path, property_=True)},line={f.line},col={f.column},"
            f"title={_escape_github(f.rule, property_=True)}::{_escape_github(f.message)}"
        )
    return "\n".join([*lines, summary(result, strict=strict)]) + "\n"


def json_report(result: CheckResult, *, strict: bool) -> str:
    document = {
        "status": "fail" if result.failed(strict=strict) else "pass",
        "strict": strict,
        "files": result.files,
        "errors": sum(f.is_error for f in result.findings),
        "warnings": sum(not f.is_error for f in result.findings),
        "findings": [
            {"path": f.path, "line": f.line, "column": f.column, "severity": str(f.severity),
             "rule": f.rule, "message": f.message}
            for f in result.findings
        ],
        "summary": summary(result, strict=strict),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


class Reporter(Protocol):
    """A report format: the whole output for one check result (ends with the summary line)."""

    def __call__(self, result: CheckResult, *, strict: bool) -> str: ...


REPORTERS: dict[str, Reporter] = {"text": text, "json": json_report, "github": github}
