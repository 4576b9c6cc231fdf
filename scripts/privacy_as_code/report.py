"""Reporters: the same findings as compiler-style text, JSON, or GitHub annotations."""

from __future__ import annotations

import json
from typing import Protocol

from privacy_as_code.checker import CheckResult
from privacy_as_code.findings import Severity


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
    lines = [str(f) for f in result.findings]
    return "\n".join([*lines, summary(result, strict=strict)]) + "\n"


def _escape_github(value: str, *, property_: bool = False) -> str:
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
