"""Write generated pages to docs/, only when they changed, and never over a hand edit.

Every generated file starts with two comment lines::

    <!-- generated from records/ by 'privacy render' - do not edit; edit records/ and run 'privacy render' -->
    <!-- sha256: <hex digest of everything after this line> -->

The digest is what lets ``render`` tell its own output from a page someone
edited by hand: when a file's body no longer matches its recorded digest (or a
file at a generated path has no header at all), ``render`` names the file and
refuses to overwrite it, unless ``force`` is given.

JSON files (``privacy.json`` and its schema) cannot hold an HTML comment, so
the same note and digest go into a ``"$comment"`` member on their second line,
where JSON Schema itself puts comments::

    {
      "$comment": "generated from records/ ... sha256: <hex digest of the rest>",
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from privacy_as_code.output import IOProblem, reason_of, remove_stale_temps, write_all

HEADER = ("<!-- generated from records/ by 'privacy render' - do not edit; "
          "edit records/ and run 'privacy render' -->")
_HASH_LINE = re.compile(r"^<!-- sha256: ([0-9a-f]{64}) -->$")
NOTE = HEADER.removeprefix("<!-- ").removesuffix(" -->")
_JSON_LINE = re.compile(r'^  "\$comment": "' + re.escape(NOTE) + r'; sha256: ([0-9a-f]{64})",$')


def is_json(rel: str) -> bool:
    return rel.endswith(".json")


def digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


_FRONT_MATTER = re.compile(r"\A---\n(?:.*\n)*?---\n")
"""A Markdown page's YAML front matter (MkDocs reads it only at the very top of the file)."""


def with_header(body: str, rel: str = "page.md") -> str:
    """The full file text for a page body (or, for ``*.json``, a JSON object's text). A page
    that starts with front matter (``---`` ... ``---``: its title, for a page outside the
    navigation) keeps it first; the two header lines follow it."""
    if is_json(rel):
        if not body.startswith("{\n  "):
            raise ValueError(f"{rel}: a generated JSON file must be an indented object")
        return f'{{\n  "$comment": "{NOTE}; sha256: {digest(body)}",\n{body[2:]}'
    front = _FRONT_MATTER.match(body)
    top = front.group() if front else ""
    return f"{top}{HEADER}\n<!-- sha256: {digest(body)} -->\n{body[len(top):]}"


def split_generated(text: str, rel: str = "page.md") -> tuple[str | None, str]:
    """``(recorded_digest, body)`` of a file; digest None when it has no generated header."""
    front = None if is_json(rel) else _FRONT_MATTER.match(text)
    if front:
        recorded, rest = split_generated(text[front.end():], rel)
        return recorded, front.group() + rest
    first, _, rest = text.partition("\n")
    second, _, body = rest.partition("\n")
    if is_json(rel):
        match = _JSON_LINE.match(second)
        if first != "{" or not match:
            return None, text
        return match.group(1), "{\n" + body
    match = _HASH_LINE.match(second)
    if first.strip() != HEADER or not match:
        return None, text
    return match.group(1), body


def is_intact(text: str, rel: str = "page.md") -> bool:
    """Whether a file is our output, untouched since ``render`` wrote it."""
    recorded, body = split_generated(text, rel)
    return recorded is not None and recorded == digest(body)


def is_generated(text: str, rel: str = "page.md") -> bool:
    return split_generated(text, rel)[0] is not None


@dataclass
class Plan:
    """What ``render`` would do to docs/: paths are relative to docs/ (``nb/index.md``,
    ``guide/en/rules.md``)."""

    write: dict[str, str] = field(default_factory=dict)
    """New or changed pages: path -> full file text."""
    delete: list[str] = field(default_factory=list)
    """Generated pages that no longer exist in the records (intact, safe to remove)."""
    unchanged: list[str] = field(default_factory=list)
    hand_edited: list[str] = field(default_factory=list)
    """Pages that render would overwrite or remove, but that someone has edited."""
    current: dict[str, str] = field(default_factory=dict)
    """What is on disk now, for every path in write/delete."""

    @property
    def stale(self) -> bool:
        return bool(self.write or self.delete)


def plan(docs: Path, pages: dict[str, str]) -> Plan:
    """Compare the wanted pages (bodies, keyed ``nb/index.md``) with docs/."""
    result = Plan()
    for rel, body in sorted(pages.items()):
        wanted = with_header(body, rel)
        path = docs / rel
        if not path.is_file():
            result.write[rel] = wanted
            result.current[rel] = ""
            continue
        text = path.read_text("utf-8", errors="replace")
        if text == wanted:
            result.unchanged.append(rel)
            continue
        result.write[rel] = wanted
        result.current[rel] = text
        if not is_intact(text, rel):
            result.hand_edited.append(rel)
    # Every top folder render writes into (nb, en, guide) is searched for generated pages it
    # no longer makes, including ones from an older layout (docs/nb/guide/...).
    for lang_dir in sorted({rel.split("/")[0] for rel in pages}):
        for path in sorted((docs / lang_dir).rglob("*.md")):
            rel = path.relative_to(docs).as_posix()
            if rel in pages:
                continue
            text = path.read_text("utf-8", errors="replace")
            if not is_generated(text):
                continue  # a hand-written page of its own: not ours to touch
            result.delete.append(rel)
            result.current[rel] = text
            if not is_intact(text):
                result.hand_edited.append(rel)
    return result


def clean(docs: Path, pages: dict[str, str]) -> None:
    """Remove the temporary files a killed ``render`` left in the pages' folders."""
    for lang_dir in sorted({rel.split("/")[0] for rel in pages}):
        remove_stale_temps(docs / lang_dir)


def apply(docs: Path, result: Plan, *, force: bool = False) -> None:
    """Carry out a plan; refuses (raises :class:`HandEdited`) on hand edits unless ``force``.

    Every page is staged before any is replaced (:func:`write_all`), so a full
    disk or an unwritable folder raises :class:`~privacy_as_code.output.IOProblem`
    with docs/ unchanged.
    """
    if result.hand_edited and not force:
        raise HandEdited(result.hand_edited)
    write_all({docs / rel: text for rel, text in result.write.items()})
    for rel in result.delete:
        try:
            (docs / rel).unlink()
            # A folder the pages moved out of (docs/nb/guide when the guide became its own
            # section) goes too, once empty; never docs/ itself or a folder with other files.
            folder = (docs / rel).parent
            while folder != docs and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        except OSError as exc:
            raise IOProblem("remove", docs / rel, reason_of(exc)) from None


class HandEdited(Exception):
    def __init__(self, paths: list[str]) -> None:
        super().__init__(", ".join(paths))
        self.paths = paths


def diff(docs_label: str, result: Plan) -> str:
    """A unified diff from what is committed to what ``render`` would write."""
    chunks: list[str] = []
    for rel in sorted([*result.write, *result.delete]):
        old = result.current.get(rel, "")
        new = result.write.get(rel, "")
        chunks.extend(difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True),
            fromfile=f"{docs_label}/{rel}" if old else "/dev/null",
            tofile=f"{docs_label}/{rel}" if rel in result.write else "/dev/null",
        ))
    return "".join(chunk if chunk.endswith("\n") else chunk + "\n" for chunk in chunks)
