"""Small helpers the rule modules share: reading loosely-typed data safely.

Rules also run on files that failed the schema (the legacy page must still
get its legal findings), so they never assume a value has the right type.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from privacy_as_code.findings import Finding, Severity
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project

JsonPath = tuple[str | int, ...]

PRIVATE_KEYS = frozenset({"internal", "open_questions", "open_question", "owner"})
"""Keys whose values the schemas mark private (``"x-public": false``) or that
word an open question: text rules about what readers see skip them, since a
note may quote a bad old text to explain it."""


def is_public(path: JsonPath) -> bool:
    """Whether a value at ``path`` can reach a reader (no private key on the way)."""
    return not any(isinstance(step, str) and step in PRIVATE_KEYS for step in path)


def finding(doc: LoadedYaml, path: JsonPath, rule: str, message: str,
            severity: Severity = Severity.ERROR, *, at_key: bool = False) -> Finding:
    line, column = doc.key_position(path) if at_key else doc.position(path)
    return Finding(doc.path, line, column, severity, rule, message)


def activities(project: Project) -> Iterator[tuple[str, LoadedYaml, dict[str, Any]]]:
    """Every activity whose file holds a mapping, in file order."""
    for activity_id, doc in project.activities.items():
        if isinstance(doc.data, dict):
            yield activity_id, doc, doc.data


def items(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """The mappings in a list, with their index; nothing for anything else."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def strings(value: Any) -> list[str]:
    """The strings in a list (or a single string), ignoring other values."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def has_text(value: Any) -> bool:
    """A bilingual text with at least one non-empty language (the schema checks both)."""
    return isinstance(value, dict) and any(
        isinstance(v, str) and v.strip() for v in value.values()
    )


def bases(activity: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    return items(activity.get("legal_basis"))


def walk(value: Any, path: JsonPath = (), *, containers_only: bool = False
         ) -> Iterator[tuple[JsonPath, Any]]:
    """Every value in a document with its path, depth first, in file order.

    With ``containers_only``, only mappings and lists are yielded (and
    visited), which is all some rules need and much cheaper.
    """
    stack: list[tuple[JsonPath, Any]] = [(path, value)]
    while stack:
        current_path, current = stack.pop()
        yield current_path, current
        children: Iterable[tuple[Any, Any]]
        if isinstance(current, dict):
            children = current.items()
        elif isinstance(current, list):
            children = enumerate(current)
        else:
            continue
        pending = [((*current_path, k), v) for k, v in children
                   if not containers_only or isinstance(v, dict | list)]
        stack.extend(reversed(pending))
