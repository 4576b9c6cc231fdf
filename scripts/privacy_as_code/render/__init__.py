"""``privacy render``: records/ -> docs/nb and docs/en, and the editors' guide (from the
schemas and the rules) -> docs/guide/nb and docs/guide/en (plain Markdown, committed;
where each page goes: :mod:`~.layout`).

The renderer is engine-agnostic: it writes Markdown files to disk and MkDocs
(or its successor) only reads them. No hooks, macros or generated virtual files.

:func:`render` is the whole command as a function: it returns a
:class:`RenderOutcome` (what happened, as data) and never raises on bad
records; ``cli.py`` words the outcome and chooses the exit code.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from privacy_as_code.findings import Finding
from privacy_as_code.paths import display_path
from privacy_as_code.render.output import HandEdited, apply, clean, diff, plan

__all__ = ["PAGES", "RenderOutcome", "RenderStatus", "render", "render_pages"]

_FROM_PAGES = ("PAGES", "RenderError", "render_pages")


def __getattr__(name: str) -> Any:
    """``PAGES``, ``RenderError`` and ``render_pages``, imported on first use (PEP 562).

    The rules import ``render.markdown`` (one anchor function), which imports
    this package: loading the templates and Jinja2 there cost every
    ``privacy check`` a seventh of a second it never uses (make bench).
    """
    if name in _FROM_PAGES:
        from privacy_as_code.render import pages
        return getattr(pages, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class RenderStatus(StrEnum):
    UPDATED = "updated"
    """Pages were written or removed."""
    UP_TO_DATE = "up to date"
    """docs/ already matched the records (with --check: nothing to do)."""
    STALE = "stale"
    """--check: docs/ does not match the records."""
    HAND_EDITED = "hand edited"
    """Pages were edited by hand; nothing was written (use --force)."""
    BLOCKED = "blocked"
    """The records have errors (the gate said no); nothing was rendered."""
    UNRENDERABLE = "unrenderable"
    """The records cannot be turned into a truthful page (``problem`` says why)."""


@dataclass(frozen=True)
class RenderOutcome:
    """What ``render`` did. Paths in ``written``/``removed``/``hand_edited`` are relative to ``docs``."""

    status: RenderStatus
    docs: Path
    pages: int = 0
    """How many pages the records give."""
    written: tuple[str, ...] = ()
    """Pages written (UPDATED) or that would be (STALE, HAND_EDITED)."""
    removed: tuple[str, ...] = ()
    """Generated pages removed (UPDATED) or that would be (STALE, HAND_EDITED)."""
    hand_edited: tuple[str, ...] = ()
    """Pages edited by hand: refused (HAND_EDITED), overwritten (UPDATED with force), or seen (STALE)."""
    diff: str = ""
    """A unified diff from docs/ to what render writes (STALE, HAND_EDITED)."""
    errors: tuple[Finding, ...] = ()
    """The errors that blocked rendering (BLOCKED)."""
    problem: str = ""
    """Why the records cannot be rendered (UNRENDERABLE)."""

    @property
    def ok(self) -> bool:
        """Whether docs/ now matches the records."""
        return self.status in (RenderStatus.UPDATED, RenderStatus.UP_TO_DATE)


def render(root: Path, *, check: bool = False, force: bool = False) -> RenderOutcome:
    """Render the records under ``root`` into ``root/docs``; with ``check``, only compare.

    Raises :class:`~privacy_as_code.output.IOProblem` when docs/ cannot be
    written (a full disk, a read-only folder, a file where a folder belongs);
    every page is staged first, so docs/ is then unchanged.
    """
    # Imported here: the rules import render.markdown, and the gate runs the rules.
    from privacy_as_code.checker import gate
    from privacy_as_code.render.pages import RenderError, render_pages

    docs = root / "docs"
    project, errors = gate(root)
    if errors:
        return RenderOutcome(RenderStatus.BLOCKED, docs, errors=errors)
    try:
        pages = render_pages(project)
    except RenderError as exc:
        return RenderOutcome(RenderStatus.UNRENDERABLE, docs, problem=str(exc))
    if not check:
        clean(docs, pages)  # only a command that writes may delete
    result = plan(docs, pages)
    found = RenderOutcome(RenderStatus.UP_TO_DATE, docs, len(pages), tuple(result.write),
                          tuple(result.delete), tuple(result.hand_edited))
    if not result.stale:
        return found
    if check:
        return replace(found, status=RenderStatus.STALE, diff=diff(display_path(docs), result))
    try:
        apply(docs, result, force=force)
    except HandEdited:
        return replace(found, status=RenderStatus.HAND_EDITED,
                       diff=diff(display_path(docs), result))
    return replace(found, status=RenderStatus.UPDATED)
