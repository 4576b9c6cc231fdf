"""The one value every check produces: a finding at a place in a file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """A problem at ``path:line:column`` (1-based), sortable into reading order."""

    path: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity} [{self.rule}] {self.message}"


def fails(findings: list[Finding], *, strict: bool) -> bool:
    """Whether these findings fail the gate: any error, or any warning under --strict."""
    return any(f.is_error or strict for f in findings)
