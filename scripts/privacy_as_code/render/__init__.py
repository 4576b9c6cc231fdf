"""``privacy render``: records/ -> docs/nb and docs/en (plain Markdown, committed).

The renderer is engine-agnostic: it writes Markdown files to disk and MkDocs
(or its successor) only reads them. No hooks, macros or generated virtual files.

:func:`render` is the whole command as a function: it returns the exit code
and the text to print, and never raises on bad records.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from privacy_as_code.project import display_path, load_project
from privacy_as_code.render.output import HandEdited, apply, diff, plan
from privacy_as_code.render.pages import PAGES, RenderError, render_pages

__all__ = ["PAGES", "RenderOutcome", "render", "render_pages"]


@dataclass(frozen=True)
class RenderOutcome:
    exit_code: int
    """0 done or up to date, 1 stale (--check), hand-edited pages or unusable records."""
    output: str


def render(root: Path, *, check: bool = False, force: bool = False) -> RenderOutcome:
    """Render the records under ``root`` into ``root/docs``; with ``check``, only compare."""
    project = load_project(root)
    errors = sorted(f for f in project.findings if f.is_error)
    if errors:
        lines = [str(f) for f in errors]
        lines.append(f"render: the records have {len(errors)} error(s); "
                     "fix them first (privacy check shows them all)")
        return RenderOutcome(1, "\n".join(lines))
    try:
        pages = render_pages(project)
    except RenderError as exc:
        return RenderOutcome(1, f"render: {exc}")
    docs = root / "docs"
    shown = display_path(docs)
    result = plan(docs, pages)
    if check:
        if not result.stale:
            return RenderOutcome(0, f"render --check: {len(pages)} pages in {shown} are up to date")
        names = ", ".join(sorted([*result.write, *result.delete]))
        text = diff(shown, result)
        hint = ("render --check: the pages in {docs} do not match records/ ({names}); "
                "run 'privacy render' and commit the result")
        extra = ""
        if result.hand_edited:
            extra = ("\nrender --check: edited by hand (the change is lost on the next render; "
                     "move it into records/): " + ", ".join(result.hand_edited))
        return RenderOutcome(1, text + hint.format(docs=shown, names=names) + extra)
    try:
        apply(docs, result, force=force)
    except HandEdited as exc:
        lines = [f"{shown}/{rel}: edited by hand since 'privacy render' wrote it; not overwritten"
                 for rel in exc.paths]
        lines.append("render: refusing to overwrite hand edits. Move the change into records/ "
                     "(the pages are generated from them), then run 'privacy render --force'. "
                     "The difference:")
        return RenderOutcome(1, "\n".join(lines) + "\n" + diff(shown, result).rstrip("\n"))
    if not result.stale:
        return RenderOutcome(0, f"render: {len(pages)} pages in {shown} are up to date")
    done = [f"wrote {shown}/{rel}" for rel in result.write]
    done += [f"removed {shown}/{rel}" for rel in result.delete]
    forced = f" (overwrote hand edits in {', '.join(result.hand_edited)})" if result.hand_edited else ""
    return RenderOutcome(0, "\n".join(done) + f"\nrender: {len(done)} page(s) updated{forced}")
