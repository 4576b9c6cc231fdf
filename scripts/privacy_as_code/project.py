"""The records of one project, loaded and schema-checked, ready for the rules.

Layout under the project root::

    records/organisation.yaml   the controller, DPO, authority
    records/statement.yaml      version, audiences, rights, website storage
    records/recipients.yaml     processors and other recipients
    records/vocabulary.yaml     data subjects, data categories, retention events
    records/activities/<id>.yaml  one processing activity per file
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from privacy_as_code.findings import Finding, Severity
from privacy_as_code.kinds import ACTIVITIES_DIR, KINDS, SINGLE_FILES
from privacy_as_code.loader import LoadedYaml, load_file
from privacy_as_code.output import is_temp
from privacy_as_code.paths import display_path, identity, is_inside
from privacy_as_code.resources import SCHEMA_DIR, schema_copy_findings
from privacy_as_code.schemas import SchemaSet

__all__ = ["ACTIVITY_ID", "KINDS", "SINGLE_FILES", "Project", "display_path", "load_project",
           "record_files"]

# Used with fullmatch: ``$`` would also match before a final newline, and
# ``privacy new activity $'x\n'`` would create a file name ending in one.
ACTIVITY_ID = re.compile(r"[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*")


@dataclass
class Project:
    """Every record file of a project; a file that could not be used has ``data is None``."""

    root: Path
    organisation: LoadedYaml
    statement: LoadedYaml
    recipients: LoadedYaml
    vocabulary: LoadedYaml
    activities: dict[str, LoadedYaml] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    """Problems found while loading and validating against the schemas."""
    checked_while_loading: bool = False
    """Whether the rules that look at one file at a time already ran on every activity
    as it was loaded (``load_project(..., document_check=...)``; their findings are in
    ``findings``), so ``rules.run_rules`` runs them on the single files only."""

    @property
    def documents(self) -> list[LoadedYaml]:
        return [*(getattr(self, name) for name in SINGLE_FILES), *self.activities.values()]

    def mapping(self, name: str, key: str) -> dict[str, Any]:
        """A top-level mapping of one of the single files, or {} when unusable."""
        data = getattr(self, name).data
        value = data.get(key) if isinstance(data, dict) else None
        return value if isinstance(value, dict) else {}




PARALLEL_FROM = 200
"""Below this many activity files, starting worker processes costs more than it saves."""

DocumentCheck = Callable[["Project", LoadedYaml], list[Finding]]
"""Findings about one activity file, given a project holding the single files and that
activity only (``rules.check_document``)."""


@dataclass(frozen=True)
class _Loading:
    """What loading one activity needs; set in the parent before forking, so workers
    inherit it (compiled validators included) instead of receiving it pickled."""

    schemas: SchemaSet
    context: Project | None = None
    """The project with its single files and no activities (for ``document_check``)."""
    document_check: DocumentCheck | None = None


def _load_one(path: Path, kind: str, loading: _Loading) -> tuple[LoadedYaml, list[Finding]]:
    doc = load_file(path, display_path(path))
    found = [*doc.findings, *(loading.schemas.validate(kind, doc) if doc.data is not None else [])]
    if loading.document_check is not None and loading.context is not None:
        alone = replace(loading.context, activities={path.stem: doc}, findings=found)
        found.extend(loading.document_check(alone, doc))
        doc.cache.clear()  # derived values: not worth sending back from a worker
    return doc, found


CHUNK = 16
"""Files per task sent to a worker: about 30 ms of work (make bench), against well under
a millisecond to send one and its result back."""

_WORKER: _Loading | None = None
"""Set in the parent just before forking (see :class:`_Loading`)."""


def _load_chunk(paths: list[Path]) -> list[tuple[LoadedYaml, list[Finding]]]:
    assert _WORKER is not None
    loaded = [_load_one(path, "activity", _WORKER) for path in paths]
    if _WORKER.document_check is not None:
        for doc, _ in loaded:
            doc.drop_positions()  # the findings made here hold theirs already
    return loaded


def _load_activities(paths: list[Path], loading: _Loading) -> list[tuple[LoadedYaml, list[Finding]]]:
    """Load and validate activity files (and run the per-file rules on them, when
    ``loading`` says so), on every core when there are many.

    Parsing and the per-file rules dominate a large check. The parent process
    loads every (workers + 1)-th file itself while forked workers (which inherit
    the compiled schemas) load the others in chunks; the parent then loads the
    chunks no worker has started. Results keep the files' order.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    helpers = min((cores or 1) - 1, 7)
    if len(paths) < PARALLEL_FROM or helpers < 1 or "fork" not in mp.get_all_start_methods():
        return [_load_one(path, "activity", loading) for path in paths]
    global _WORKER
    _WORKER = loading
    loading.schemas.compile("activity")  # before forking: the workers share it
    # An equal share, dealt like cards: the parent takes every (helpers + 1)-th file and
    # the workers the others. Files sorted by name come in runs of one kind (a team's
    # prefix, a cloned template), and kinds differ in cost (a record with many texts
    # measures longer); halves cut down the middle finished up to 0.2 s apart on 1,000
    # activities, with the parent waiting (make bench). Workers send files back without
    # their positions (drop_positions), so unpickling them costs the parent little.
    step = helpers + 1
    rest = [path for index, path in enumerate(paths) if index % step]
    # Small chunks: the parent waits for the one a worker is loading and the one queued
    # for it (concurrent.futures keeps one ready), so their size is its longest wait.
    chunks = [rest[i:i + CHUNK] for i in range(0, len(rest), CHUNK)]
    try:
        with ProcessPoolExecutor(helpers, mp_context=mp.get_context("fork")) as pool:
            pending = [pool.submit(_load_chunk, chunk) for chunk in chunks]
            own = [_load_one(path, "activity", loading) for path in paths[::step]]
            # A worker is slower per file than the parent (it pickles what it sends back),
            # and a busy machine may slow it more: the parent, done with its share, takes
            # back the chunks no worker has started, last first, instead of waiting.
            taken: dict[int, list[tuple[LoadedYaml, list[Finding]]]] = {}
            for index in reversed(range(len(pending))):
                if not pending[index].cancel():
                    break  # started or queued, and so is every chunk before it
                taken[index] = [_load_one(path, "activity", loading) for path in chunks[index]]
            theirs = [loaded for index, future in enumerate(pending)
                      for loaded in (taken[index] if index in taken else future.result())]
    finally:
        _WORKER = None
    # Back in the files' order: own[k] is file k * step, theirs the others in turn.
    mine, others = iter(own), iter(theirs)
    return [next(others) if index % step else next(mine) for index in range(len(paths))]


def _outside(path: Path, root: Path, *, folder_inside: bool = False) -> Finding | None:
    """A finding when ``path`` is a link that leads out of the project (it is then not read).

    A record must be part of the project: a link to a file elsewhere would
    publish, and quote in CI logs, whatever that file holds. ``folder_inside``
    says the path's folder is known to be inside, so only a link needs resolving
    (one system call per file instead of one per path component).
    """
    if (folder_inside and not path.is_symlink()) or is_inside(path, root):
        return None
    return Finding.worded(display_path(path), 1, 1, Severity.ERROR, "file-location",
                          "file-location.outside", name=path.name)


def _stray(path: Path, key: str, **args: Any) -> Finding:
    """A file that is no record: ``[messages.file-name] <key>`` (a left-over temporary file
    of ours says so instead)."""
    if is_temp(path):
        key, args = "temporary", {}
    return Finding.worded(display_path(path), 1, 1, Severity.ERROR, "file-name",
                          f"file-name.{key}", name=path.name, stem=path.stem, **args)


def load_project(root: Path, schemas: SchemaSet | None = None, *,
                 document_check: DocumentCheck | None = None) -> Project:
    """Load and schema-check every record file under ``root/records``.

    Never raises on file content: every problem is a finding, including files
    that do not belong (dot-files and temporary files too) and links leading
    out of the project (not read). With ``document_check`` (the checker passes
    ``rules.check_document``), each activity also gets the per-file rules' findings
    as it is loaded, in the same worker process: on a large project that work is
    then shared by every core too.
    """
    # Always the tool's own schemas: a project's schemas/ only serves the
    # editor, and a copy that drifted is reported, not obeyed.
    schemas = schemas or SchemaSet(SCHEMA_DIR)
    records = root / "records"
    findings: list[Finding] = schema_copy_findings(root, display_path(root / "schemas"))

    def load(path: Path, kind: str) -> LoadedYaml:
        shown = display_path(path)
        if not path.is_file():
            doc = LoadedYaml(shown)
            doc.findings.append(Finding.worded(shown, 1, 1, Severity.ERROR, "missing-file",
                                               "missing-file.file", name=path.name,
                                               folder=display_path(records)))
        elif (outside := _outside(path, root)) is not None:
            doc = LoadedYaml(shown, findings=[outside])
        else:
            doc = load_file(path, shown)
        findings.extend(doc.findings)
        if doc.data is not None:
            findings.extend(schemas.validate(kind, doc))
        return doc

    singles = {name: load(records / f"{name}.yaml", name) for name in SINGLE_FILES}
    activity_dir = records / ACTIVITIES_DIR
    wanted: list[Path] = []
    folder_inside = activity_dir.is_dir() and is_inside(activity_dir, root)
    for path in sorted(activity_dir.glob("*")) if activity_dir.is_dir() else []:
        if path.is_dir():
            findings.append(_stray(path, "folder"))
            continue
        if path.suffix == ".yml":
            findings.append(_stray(path, "yml"))
            continue
        if path.suffix != ".yaml":
            findings.append(_stray(path, "not-yaml"))
            continue
        if not ACTIVITY_ID.fullmatch(path.stem):
            findings.append(_stray(path, "bad-id"))
            continue
        outside = _outside(path, root, folder_inside=folder_inside)
        if outside is not None:
            findings.append(outside)
            continue
        wanted.append(path)
    activities: dict[str, LoadedYaml] = {}
    context = (Project(root=root, activities={}, findings=[], checked_while_loading=False,
                       **singles)
               if document_check is not None else None)
    loading = _Loading(schemas, context, document_check)
    for doc, doc_findings in _load_activities(wanted, loading):
        activities[Path(doc.path).stem] = doc
        findings.extend(doc_findings)
    if not activities:
        findings.append(Finding.worded(display_path(activity_dir), 1, 1, Severity.ERROR,
                                       "missing-file", "missing-file.no-activities"))
    expected = ", ".join(f"{n}.yaml" for n in SINGLE_FILES)
    findings.extend(
        _stray(path, "unknown", expected=expected)
        for path in (sorted(records.glob("*")) if records.is_dir() else [])
        if path.is_file() and path.name not in {f"{n}.yaml" for n in SINGLE_FILES}
    )
    return Project(root=root, activities=activities, findings=findings,
                   checked_while_loading=document_check is not None, **singles)


def record_files(root: Path) -> set[Path]:
    """Every file that is (or claims to be) a record of the project at ``root``, by identity.

    The single files, and every file directly in ``records/`` or
    ``records/activities/`` (a misnamed one is reported by the check),
    resolved (links followed). Used to tell whether a PATH given on the
    command line is one of this project's records.
    """
    records = root / "records"
    found = {identity(records / f"{name}.yaml") for name in SINGLE_FILES}
    if records.is_dir():
        found |= {identity(path) for path in records.iterdir() if path.is_file()}
    activity_dir = records / ACTIVITIES_DIR
    if activity_dir.is_dir():
        found |= {identity(path) for path in activity_dir.iterdir() if path.is_file()}
    return found
