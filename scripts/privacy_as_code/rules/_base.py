"""Small helpers the rule modules share: reading loosely-typed data safely.

Rules also run on files that failed the schema (the legacy page must still
get its legal findings), so they never assume a value has the right type.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from privacy_as_code.findings import Finding, Severity
from privacy_as_code.kinds import SINGLE_FILES
from privacy_as_code.loader import TEXT_VALUES, LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.public import public_part
from privacy_as_code.resources import SCHEMA_DIR

JsonPath = tuple[str | int, ...]



class Published:
    """Which values of a project's files can reach a reader, by the schemas' ``x-public``
    marks (the same test the public view uses: :func:`privacy_as_code.public.public_part`).

    Rules about what readers see ask it only for a value they would report, so
    the pruned copy of a file is made only for files with something to report.
    A note in a private field (``internal``, ``open_questions``, an open
    question's wording) may quote a bad old text to explain it.
    """

    def __init__(self, project: Project) -> None:
        self._kinds = {id(getattr(project, name)): name for name in SINGLE_FILES}
        self._kinds.update({id(doc): "activity" for doc in project.activities.values()})
        self._pruned: dict[int, Any] = {}

    def __call__(self, doc: LoadedYaml, path: JsonPath) -> bool:
        """Whether the value at ``path`` in ``doc`` is published."""
        if id(doc) not in self._pruned:
            kind = self._kinds.get(id(doc), "activity")
            self._pruned[id(doc)] = public_part(kind, doc.data, SCHEMA_DIR)
        node = self._pruned[id(doc)]
        for step in path:
            in_mapping = isinstance(node, dict) and isinstance(step, str) and step in node
            in_list = isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
            if in_mapping or in_list:
                node = node[step]
            else:
                return False
        return True


def finding(doc: LoadedYaml, path: JsonPath, rule: str, key: str,
            severity: Severity = Severity.ERROR, /, *, at_key: bool = False, **args: Any) -> Finding:
    """A finding of ``rule`` at the value (or, ``at_key``, the key) at ``path``.

    Its message is ``[messages.<rule>] <key>`` of the message catalogues
    (``i18n/messages/<lang>.toml``), filled with ``args``; raises KeyError
    when the English catalogue lacks it.
    """
    line, column = doc.key_position(path) if at_key else doc.position(path)
    return Finding.worded(doc.path, line, column, severity, rule, f"{rule}.{key}", **args)


def quoted(value: str, limit: int = 60) -> str:
    """The start of a text for a message: on one line (a finding is one line), at most ``limit`` characters."""
    return " ".join(value.split())[:limit]


def activities(project: Project, documents: Iterable[LoadedYaml] | None = None
               ) -> Iterator[tuple[str, LoadedYaml, dict[str, Any]]]:
    """Every activity whose file holds a mapping, in file order; with ``documents``, only
    those among them, in their order (a per-file rule's ``check_documents``)."""
    chosen: Iterable[tuple[str, LoadedYaml]] = project.activities.items()
    if documents is not None:
        # A few files (one activity while loading, the single files after it): each is
        # looked up by its id (its file name), not found by scanning every activity, which
        # the per-file rules did 10,000 times each on the single files (make bench).
        # (An activity's id is its file name without ".yaml", the only suffix it may have;
        # os.path, not pathlib: a Path per call cost 3 us, 13 rules x 10,000 files.)
        chosen = [(activity_id, doc) for doc in documents if project.activities.get(
            activity_id := os.path.basename(doc.path).removesuffix(".yaml")) is doc]
    for activity_id, doc in chosen:
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


def text_values(doc: LoadedYaml) -> list[tuple[JsonPath, str]]:
    """Every string value in ``doc`` (not keys) with its path, in file order.

    Made once per document and shared: several rules look at every text
    (consent by use, placeholders, markup), and walking 10,000 files once per
    rule was a third of a large check's time (make bench). The loader gathers
    it while composing (:data:`loader.TEXT_VALUES`); this walk makes it for data
    loaded otherwise, or whose list was not kept (a repeated key, a cleared cache).
    """
    found = doc.cache.get(TEXT_VALUES)
    if found is None:
        found = doc.cache[TEXT_VALUES] = _strings(doc.data)
    return found


def _strings(data: Any) -> list[tuple[JsonPath, str]]:
    """:func:`walk` keeping only strings (in the same order), without yielding the
    rest: numbers, booleans and containers never leave this function."""
    found: list[tuple[JsonPath, str]] = []
    stack: list[tuple[JsonPath, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if node.__class__ is str:
            found.append((path, node))
            continue
        if node.__class__ is dict:
            pending = [((*path, k), v) for k, v in node.items()
                       if v.__class__ is str or v.__class__ is dict or v.__class__ is list]
        elif node.__class__ is list:
            pending = [((*path, i), v) for i, v in enumerate(node)
                       if v.__class__ is str or v.__class__ is dict or v.__class__ is list]
        else:
            continue
        stack.extend(reversed(pending))
    return found


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
