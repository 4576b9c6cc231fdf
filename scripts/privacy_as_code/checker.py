"""``privacy check`` as a plain function: load, validate, apply the rules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from privacy_as_code.findings import Finding, fails
from privacy_as_code.project import Project, display_path, load_project
from privacy_as_code.rules import run_rules


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]
    files: int

    def failed(self, *, strict: bool) -> bool:
        return fails(list(self.findings), strict=strict)


def check_project(root: Path, only: list[Path] | None = None) -> tuple[Project, CheckResult]:
    """Check every record under ``root``; with ``only``, report just those files.

    The whole project is always loaded, because rules cross files (an
    activity refers to the vocabulary and to recipients).
    """
    project = load_project(root)
    findings = [*project.findings, *run_rules(project)]
    if only is not None:
        wanted = {display_path(path) for path in only}
        findings = [f for f in findings if f.path in wanted]
    files = len(project.documents) if only is None else len(only)
    return project, CheckResult(tuple(sorted(set(findings))), files)
