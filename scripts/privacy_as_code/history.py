"""What changed in the public statement between two git revisions.

``privacy diff REV [REV2]`` reports what a reader of the public page would see
change: for each changed place of the pages (page › heading › block), the lines
before and after exactly as the renderer writes them for each revision's public
view (:func:`~privacy_as_code.render.pages.statement_pages`; no second wording),
in one language or all; the changes by record key are only in its JSON output.
``privacy check --since REV`` fails (rule
``statement-version``) when the public content changed but ``version``,
``effective_date`` and a new change-log entry were not all updated, because
readers must be told about changes (GDPR Art. 12(1), 13(3)) and the company
must be able to show which text applied when (Art. 5(2)).

What counts as public is what the renderer may publish. Left out of the
comparison: every activity's ``internal`` block, every record's
``open_questions`` list, a recipient's ``dpa`` reference, a transfer's
``documentation`` reference and the organisation's ``internal_owner``. A value
that is still ``{open_question: ...}`` is published only as "not yet
confirmed", so it is compared as that marker: rewording an open question is
not a public change, answering one is. Comments and formatting are never
compared (the data is). The release fields themselves (``version``,
``effective_date``, ``changelog``) are shown by ``privacy diff`` but do not
on their own require a new version.

Revisions are read with ``git ls-tree`` and ``git cat-file`` (no network, no
checkout) and loaded with the same strict loader as the working tree.
"""

from __future__ import annotations

import contextlib
import difflib
import html
import os
import re
import subprocess
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from privacy_as_code import public
from privacy_as_code.checker import CheckResult, limit_to
from privacy_as_code.findings import Finding, Listing, Message, Severity
from privacy_as_code.i18n import languages, words
from privacy_as_code.kinds import ACTIVITIES_DIR, SINGLE_FILES
from privacy_as_code.loader import MAX_BYTES, LoadedYaml, load_text
from privacy_as_code.project import ACTIVITY_ID, Project, load_project
from privacy_as_code.public import ABSENT, Records, records_of, usable
from privacy_as_code.schemas import SCHEMA_DIR
from privacy_as_code.versions import version_key

WORKING_TREE = "the working tree"
CLI_LANGUAGE = "en"
"""The language of the command's own messages (every CLI message is English)."""
OPEN = "(open question)"
PROPOSED = "proposed, not yet confirmed"
UNREADABLE = "(unreadable)"
RELEASE_KEYS = ("version", "effective_date", "changelog")


class HistoryError(Exception):
    """git could not give us the records at a revision (exit 2)."""


# -- reading records -----------------------------------------------------------------

def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=60,
                              check=False,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except FileNotFoundError:
        raise HistoryError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise HistoryError(f"git {args[0]} took too long") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HistoryError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def _tree(root: Path, rev: str) -> list[tuple[str, str, int | None]]:
    """``(mode, name, size)`` of every file under ``records/`` at ``rev``.

    Names are read as bytes and decoded with ``os.fsdecode``: a committed name
    that is not UTF-8 survives the round trip back to git (and is shown
    escaped) instead of becoming U+FFFD and failing every later lookup.
    """
    listing = _git(root, "ls-tree", "-r", "-z", "-l", rev, "--", "records")
    entries = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, _kind, _object, size = meta.split(None, 3)
        entries.append((mode.decode("ascii", "replace"), os.fsdecode(name),
                        int(size) if size.strip().isdigit() else None))
    return entries


def _wanted(name: str) -> bool:
    """Whether a committed path is a record file the working tree would read."""
    if name in {f"records/{single}.yaml" for single in SINGLE_FILES}:
        return True
    folder, _, file = name.rpartition("/")
    return (folder == f"records/{ACTIVITIES_DIR}" and file.endswith(".yaml")
            and bool(ACTIVITY_ID.fullmatch(file.removesuffix(".yaml"))))


def records_at(root: Path, rev: str) -> Records:
    """The records of ``root`` as they were at git revision ``rev``.

    Read with the same limits as the working tree: only the files the working
    tree would read as records (other names, including ones that are not
    UTF-8, are skipped, so they cannot block the rest), regular files only
    (a committed symbolic link is not followed), at most
    :data:`~privacy_as_code.loader.MAX_BYTES` each (a larger one is unreadable).
    Raises :class:`HistoryError` when git cannot give the revision.
    """
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except HistoryError:
        raise HistoryError(f"'{rev}' is not a revision in the git repository at {root} "
                           "(a commit, branch or tag, e.g. HEAD or origin/main)") from None
    docs: dict[str, LoadedYaml] = {}
    for mode, name, size in _tree(root, rev):
        if not _wanted(name):
            continue
        shown = f"{rev}:{name}"
        if not mode.startswith("100") or size is None or size > MAX_BYTES:
            docs[name] = LoadedYaml(shown)  # a link, a submodule or too large: unreadable
            continue
        raw = _git(root, "cat-file", "blob", f"{rev}:./{name}")
        try:
            docs[name] = load_text(raw.decode("utf-8"), shown)
        except UnicodeDecodeError:
            docs[name] = LoadedYaml(shown)
    records: Records = {name: usable(docs[f"records/{name}.yaml"]) if f"records/{name}.yaml" in docs
                        else ABSENT for name in SINGLE_FILES}
    records["activities"] = {
        Path(name).stem: usable(doc) for name, doc in sorted(docs.items())
        if name.startswith(f"records/{ACTIVITIES_DIR}/")
    }
    return records


# -- the public view -----------------------------------------------------------------

def public_view(records: Records, schema_dir: Path = SCHEMA_DIR) -> dict[str, Any]:
    """The public view of ``records`` (:func:`privacy_as_code.public.build`) as the sections
    ``privacy diff`` compares, with the release fields kept apart."""
    view = public.build(records, schema_dir)

    def section(value: Any) -> Any:
        return UNREADABLE if value is None else value

    statement = section(view.statement)
    release = {}
    if isinstance(statement, Mapping):
        statement = dict(statement)
        release = {k: statement.pop(k) for k in RELEASE_KEYS if k in statement}
    activities: dict[str, Any] = {aid: activity.data for aid, activity in view.activities.items()}
    activities.update(dict.fromkeys(view.unreadable, UNREADABLE))
    order = list(records.get("activities") or {})
    return {
        "organisation": section(view.organisation),
        "statement": statement,
        "recipients": section(view.recipients),
        "vocabulary": section(view.vocabulary),
        "activities": {aid: activities[aid] for aid in order},
        "release": release,
    }


# -- comparing -----------------------------------------------------------------------

KEYED_LISTS = {"purposes": "id", "audiences": "id", "legal_basis": "basis"}
"""Lists whose entries have a stable key: compared by key, not by position."""


def _show(value: Any, limit: int = 160) -> str:
    """A value as a reviewer reads it: short, quoted, ISO periods in words."""
    if public.is_proposed(value):  # a proposal: its value, and that it is not confirmed
        shown = f"{_show(value.value, limit)} ({PROPOSED})"
    elif public.is_open(value):
        shown = OPEN
    elif isinstance(value, str):
        shown = f"'{value}'"
        if value.startswith("P"):
            with contextlib.suppress(ValueError):
                shown += f" ({words(CLI_LANGUAGE).duration(value)})"
        if value == UNREADABLE:
            shown = value
    elif isinstance(value, bool):
        shown = "true" if value else "false"
    elif isinstance(value, dict) and value and set(value) == set(languages()):
        shown = " / ".join(f"'{value[lang]}'" for lang in languages())
    elif isinstance(value, dict):
        shown = "{" + ", ".join(f"{k}: {_show(v, limit)}" for k, v in value.items()) + "}"
    elif isinstance(value, list):
        shown = "[" + ", ".join(_show(v, limit) for v in value) + "]"
    else:
        shown = str(value)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _keyed(items: list[Any], key: str) -> dict[str, Any] | None:
    if not all(isinstance(i, dict) and isinstance(i.get(key), str) for i in items):
        return None
    keyed = {i[key]: i for i in items}
    return keyed if len(keyed) == len(items) else None


def _label(where: tuple[str, ...]) -> str:
    parts = [f"({p})" if p in languages() else p for p in where]
    return " ".join(parts) if parts else "content"


def _diff(old: Any, new: Any, where: tuple[str, ...]) -> Iterator[str]:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        yield from _diff_entries(old, new, lambda key: (*where, str(key)))
        return
    if isinstance(old, list) and isinstance(new, list):
        yield from _diff_list(old, new, where)
        return
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > 120:
        old, new = _excerpts(old, new)
    yield f"{_label(where)} changed: {_show(old)} → {_show(new)}"


def _diff_entries(old: dict[Any, Any], new: dict[Any, Any],
                  place: Callable[[Any], tuple[str, ...]]) -> Iterator[str]:
    """Added, removed and changed entries of two mappings, in reading order."""
    for key in [*old, *(k for k in new if k not in old)]:
        here = place(key)
        if key not in old:
            yield f"{_label(here)} added: {_show(new[key])}"
        elif key not in new:
            yield f"{_label(here)} removed (was {_show(old[key])})"
        else:
            yield from _diff(old[key], new[key], here)


def _excerpts(old: str, new: str, context: int = 30) -> tuple[str, str]:
    """The changed middle of two long texts, with a little context on each side."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    begin = max(0, start - context)

    def cut(text: str) -> str:
        stop = min(len(text), len(text) - end + context)
        return ("…" if begin else "") + text[begin:stop] + ("…" if stop < len(text) else "")
    return cut(old), cut(new)


def _diff_list(old: list[Any], new: list[Any], where: tuple[str, ...]) -> Iterator[str]:
    name = where[-1] if where else ""
    key = KEYED_LISTS.get(name)
    old_keyed, new_keyed = (_keyed(old, key), _keyed(new, key)) if key else (None, None)
    if old_keyed is not None and new_keyed is not None:
        single = name.removesuffix("s")
        yield from _diff_entries(old_keyed, new_keyed,
                                 lambda item_key: (*where[:-1], f"{single} '{item_key}'"))
        if [k for k in old_keyed if k in new_keyed] != [k for k in new_keyed if k in old_keyed]:
            yield f"{_label(where)} reordered"
        return
    if all(not isinstance(v, dict | list) for v in [*old, *new]):
        added = [v for v in new if v not in old]
        removed = [v for v in old if v not in new]
        if added:
            yield f"{_label(where)} added: {', '.join(_show(v) for v in added)}"
        if removed:
            yield f"{_label(where)} removed: {', '.join(_show(v) for v in removed)}"
        if not added and not removed:
            yield f"{_label(where)} reordered: {_show(old)} → {_show(new)}"
        return
    for index in range(max(len(old), len(new))):
        here = (*where, str(index + 1))
        if index >= len(old):
            yield f"{_label(here)} added: {_show(new[index])}"
        elif index >= len(new):
            yield f"{_label(here)} removed (was {_show(old[index])})"
        else:
            yield from _diff(old[index], new[index], here)


def _section(title: str, old: Any, new: Any) -> list[str]:
    if ABSENT in (old, new) and old != new:
        return [f"{title}: {'file added' if old == ABSENT else 'file removed'}"]
    if UNREADABLE in (old, new):
        return [] if old == new else [f"{title}: could not be read at one of the revisions"]
    return [f"{title}: {line}" for line in _diff(old, new, ())]


def public_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Every public difference, one readable line each (release fields excluded)."""
    lines = _section("Organisation", old["organisation"], new["organisation"])
    lines += _section("Statement", old["statement"], new["statement"])
    lines += _section("Vocabulary", old["vocabulary"], new["vocabulary"])
    for kind, title in (("recipients", "Recipient"), ("activities", "Activity")):
        before, after = old[kind], new[kind]
        if not (isinstance(before, dict) and isinstance(after, dict)):
            lines += _section(f"{title}s", before, after)
            continue
        for key in [*before, *(k for k in after if k not in before)]:
            if key not in before:
                lines.append(f"{title} '{key}' added")
            elif key not in after:
                lines.append(f"{title} '{key}' removed")
            else:
                lines += _section(f"{title} '{key}'", before[key], after[key])
    return lines


def release_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return _section("Statement", old["release"], new["release"])


# -- the pages' words -----------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6}) +(.*?)(?: +\{#([^}]*)\})?$")
_LABEL = re.compile(r"^\*\*(.+?):?\*\*$")
"""A paragraph that is only bold text ("**What we collect:**") names the block below it."""
_LEAD = re.compile(r"^\*\*([^*]+?):\*\* ")
"""A paragraph that starts with a bold label names itself."""


@dataclass(frozen=True)
class SentenceChange:
    """One changed place of a page: the lines a reader saw before and sees after.

    ``section`` is the way a reader finds the place: the page's title, its
    headings and the bold label above the lines, in reading order. ``before``
    and ``after`` are the page's own Markdown lines (record text already
    escaped by the renderer); either may be empty (added or removed lines).
    """

    lang: str
    page: str
    anchor: str | None
    section: tuple[str, ...]
    before: tuple[str, ...]
    after: tuple[str, ...]


def _blocks(page: str) -> dict[tuple[str, ...], tuple[str | None, tuple[str, ...], list[str]]]:
    """A page body as ``{place key: (anchor, section words, lines)}``.

    A place is a heading (keyed by its ``{#id}`` when it has one, so a renamed
    heading is still the same place) and, below it, each bold label's block.
    Lines are the page's non-blank lines without their indentation; a heading
    (without its id) is the first line of its place.
    """
    places: dict[tuple[str, ...], tuple[str | None, tuple[str, ...], list[str]]] = {}
    headings: list[tuple[int, str, str]] = []  # (level, words, id or words)
    label: str | None = None

    def current() -> list[str]:
        key = (*(h[2] for h in headings), *([label] if label else []))
        words_ = (*(h[1] for h in headings), *([label] if label else []))
        anchor = next((h[2] for h in reversed(headings) if h[2] != h[1]), None)
        return places.setdefault(key, (anchor, words_, []))[2]

    for raw in page.splitlines():
        line = raw.strip()
        if not line or line.startswith("<!--"):
            continue
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            headings = [h for h in headings if h[0] < level]
            headings.append((level, heading.group(2), heading.group(3) or heading.group(2)))
            label = None
            current().append(f"{heading.group(1)} {heading.group(2)}")  # a renamed heading shows
            continue
        bold = _LABEL.match(line)
        if bold and not line.startswith("***"):
            label = bold.group(1)
            continue
        lead = _LEAD.match(line)
        if lead:  # "**Who receives the data:** ..." is a place of its own
            label = lead.group(1)
            current().append(line)
            label = None
            continue
        current().append(line)
    return places


def sentence_changes(old: Mapping[str, str], new: Mapping[str, str],
                     lang: str) -> list[SentenceChange]:
    """The changed places between two renderings of the statement in one language.

    ``old``/``new``: :func:`~privacy_as_code.render.pages.statement_pages` of the
    two revisions. Within a place, lines are matched with :mod:`difflib`, so an
    edited sentence shows as its old line beside its new one.
    """
    changes = []
    for page in [*old, *(p for p in new if p not in old)]:
        before, after = _blocks(old.get(page, "")), _blocks(new.get(page, ""))
        for key in [*before, *(k for k in after if k not in before)]:
            anchor, section, old_lines = before.get(key, (None, (), []))
            new_anchor, new_section, new_lines = after.get(key, (anchor, section, []))
            if old_lines == new_lines:
                continue
            matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag != "equal":
                    changes.append(SentenceChange(
                        lang, page, new_anchor if key in after else anchor,
                        new_section if key in after else section,
                        tuple(old_lines[i1:i2]), tuple(new_lines[j1:j2])))
    return changes


def rendered(records: Records, lang: str, schema_dir: Path = SCHEMA_DIR) -> dict[str, str] | str:
    """The statement's pages for ``records`` in ``lang``, or why they cannot be rendered.

    Records from a revision that does not pass ``privacy check`` may not render
    (the renderer assumes checked records); that is reported as the returned
    text, never raised.
    """
    import jinja2

    from privacy_as_code.render.pages import RenderError, statement_pages

    try:
        return statement_pages(public.build(records, schema_dir), words(lang))
    except RenderError as exc:
        return str(exc)
    except (LookupError, TypeError, ValueError, AttributeError, jinja2.TemplateError) as exc:
        # Records the schemas reject: the page cannot be made, whatever the detail.
        return f"the records do not pass privacy check ({type(exc).__name__}: {exc})"


# -- the two commands as functions ---------------------------------------------------

_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\([^)\s]*\)")


def _words_of(line: str, markdown: bool) -> str:
    """A page line as a reader sees its words: link targets dropped (they are relative
    to the site); for plain text also list markers, emphasis, escapes and entities. In
    Markdown a heading becomes bold words: quoted in a pull request's comment, ``> ## ...``
    would be a heading there, and its ``{#id}`` would show."""
    line = _LINK.sub(r"\1", line)
    if markdown:
        heading = _HEADING.match(line)  # its words are group 2, without the {#id}
        return f"**{heading.group(2)}**" if heading else line
    line = re.sub(r"^(?:[-*+]|\d+\.|#+) +", "", line)
    line = re.sub(r"(?<!\\)\*", "", line)  # the page's own emphasis (record text's is escaped)
    line = re.sub(r"\\(.)", r"\1", line)
    return html.unescape(line)


@dataclass(frozen=True)
class DiffResult:
    """What ``privacy diff`` found. ``public``/``release``: the changes by field (keys,
    for ``--format json`` and ``check --since``); ``sentences``: per language the
    changed places of the pages, or the text saying why a revision's pages could not
    be rendered."""

    public: list[str]
    release: list[str]
    old_label: str
    new_label: str
    sentences: dict[str, list[SentenceChange] | str] = field(default_factory=dict)

    def _span(self) -> str:
        return f"between {self.old_label} and {self.new_label}"

    def report(self, markdown: bool = False) -> str:
        """The changes in readers' words: plain text, or Markdown for a pull-request comment."""
        span = self._span()
        if not self.public and not self.release:
            return f"privacy diff: no public changes in records/ {span}\n"
        lines: list[str] = []
        if markdown:
            lines += [f"## Public changes in the privacy statement {span}", ""]
        else:
            lines += [f"Public changes in the privacy statement {span}, as the pages say them:", ""]
        places = 0
        for lang, changes in self.sentences.items():
            name = words(lang).data["language"]["name"]
            if isinstance(changes, str):
                lines += [(f"({name}) The pages cannot be rendered at one of the revisions: "
                          f"{changes}. 'privacy diff --format json' lists the changes by field."), ""]
                continue
            if len(self.sentences) > 1:
                lines += [f"### {name}" if markdown else f"== {name} ==", ""]
            for change in changes:
                places += 1
                lines += self._place(change, markdown)
        if not places and all(not isinstance(c, str) for c in self.sentences.values()):
            lines += [("The pages read the same: the changes are in records/ only "
                      "('privacy diff --format json' lists them)."), ""]
        count = len(self.public)
        lines.append(f"privacy diff: {count} public change{'s' if count != 1 else ''} in records/"
                     f"{' (plus version, date or change log)' if self.release else ''}, "
                     f"{places} changed place{'s' if places != 1 else ''} on the pages. "
                     "Internal fields, open questions' wording and DPA references are not public "
                     "and not compared.")
        return "\n".join(lines) + "\n"

    @staticmethod
    def _place(change: SentenceChange, markdown: bool) -> list[str]:
        where = " › ".join(_words_of(s, markdown) for s in change.section) or change.page
        before = [_words_of(x, markdown) for x in change.before]
        after = [_words_of(x, markdown) for x in change.after]
        if markdown:
            lines = [f"**{where}** (`{change.page}`)", ""]
            for title, shown in (("Before", before), ("After", after)):
                if shown:
                    lines += [f"{title}:", "", *(f"> {x}  " for x in shown), ""]
            return lines
        lines = [f"{where} ({change.page})"]
        lines += [f"  - before: {x}" for x in before]
        lines += [f"  + after:  {x}" for x in after]
        return [*lines, ""]

    def as_json(self) -> dict[str, Any]:
        """Everything, keys included: ``{"from", "to", "changes", "release", "pages"}``."""
        return {
            "from": self.old_label,
            "to": self.new_label,
            "changes": self.public,
            "release": self.release,
            "pages": {lang: changes if isinstance(changes, str) else [
                {"page": c.page, "anchor": c.anchor, "section": list(c.section),
                 "before": list(c.before), "after": list(c.after)} for c in changes]
                for lang, changes in self.sentences.items()},
        }


def diff(root: Path, rev: str, rev2: str | None = None,
         langs: tuple[str, ...] | None = None) -> DiffResult:
    """Compare the public content at ``rev`` with ``rev2`` (default: the working tree).

    ``langs``: the languages whose rendered pages are compared (default: every
    language). Raises :class:`HistoryError` when git cannot give a revision.
    """
    schema_dir = SCHEMA_DIR  # always the tool's schemas (resources.py)
    old_records = records_at(root, rev)
    new_records = (records_of(load_project(root)) if rev2 is None
                   else records_at(root, rev2))
    old, new = public_view(old_records, schema_dir), public_view(new_records, schema_dir)
    changes, release = public_changes(old, new), release_changes(old, new)
    sentences: dict[str, list[SentenceChange] | str] = {}
    if changes or release:
        for lang in langs or languages():
            before = rendered(old_records, lang, schema_dir)
            after = rendered(new_records, lang, schema_dir)
            if isinstance(before, str) or isinstance(after, str):
                which = rev if isinstance(before, str) else rev2 or WORKING_TREE
                sentences[lang] = f"at {which}, {before if isinstance(before, str) else after}"
            else:
                sentences[lang] = sentence_changes(before, after, lang)
    return DiffResult(changes, release, rev, rev2 or WORKING_TREE, sentences)


def _release_problem(release: dict[str, Any]) -> str | None:
    """What makes release fields unusable for comparing versions, or None when they are fine.

    ``version`` and ``effective_date`` are texts, ``changelog`` a list of
    entries whose ``version`` is a text: the shapes the statement schema asks for.
    """
    for key in ("version", "effective_date"):
        if key in release and not isinstance(release[key], str):
            return f"'{key}: {_show(release[key], 40)}' (a quoted text is expected)"
    log = release.get("changelog", [])
    if not isinstance(log, list) or not all(
            isinstance(e, Mapping) and isinstance(e.get("version", ""), str) for e in log):
        return (f"'changelog: {_show(log, 40)}' (a list of entries with a quoted "
                "version is expected)")
    return None


def since_findings(root: Path, rev: str, project: Project) -> list[Finding]:
    """A ``statement-version`` error when the public content changed but the version did not.

    Raises :class:`HistoryError` when the statement at ``rev`` has release
    fields of the wrong shape (history the schema would reject): there is
    nothing to compare the version with. When the working tree's are of the
    wrong shape, the schema check already reports them and this adds nothing.
    """
    schema_dir = SCHEMA_DIR  # always the tool's schemas (resources.py)
    old = public_view(records_at(root, rev), schema_dir)
    new = public_view(records_of(project), schema_dir)
    changes = public_changes(old, new)
    if not changes:
        return []
    before, after = old["release"], new["release"]
    problem = _release_problem(before)
    if problem is not None:
        raise HistoryError(f"cannot compare the version with {rev}:records/statement.yaml: it has "
                           f"{problem}; --since needs a revision whose statement passes "
                           "privacy check")
    if _release_problem(after) is not None:
        return []
    missing: list[Message] = []
    if after.get("version") == before.get("version"):
        missing.append(Message.of("statement-version.since-version-same",
                                  version=after.get("version")))
    elif version_key(after.get("version")) <= version_key(before.get("version")):
        missing.append(Message.of("statement-version.since-version-older",
                                  version=after.get("version"), before=before.get("version")))
    if after.get("effective_date") == before.get("effective_date"):
        missing.append(Message.of("statement-version.since-date-same",
                                  date=after.get("effective_date")))
    old_versions = {e.get("version") for e in before.get("changelog") or [] if isinstance(e, dict)}
    if not any(isinstance(e, dict) and e.get("version") not in old_versions
               for e in after.get("changelog") or []):
        missing.append(Message.of("statement-version.since-changelog"))
    if not missing:
        return []
    doc = project.statement
    line, column = doc.key_position(("version",)) if isinstance(doc.data, dict) else (1, 1)
    more = Message.of("statement-version.since-more", count=len(changes) - 1) \
        if len(changes) > 1 else ""
    return [Finding.worded(
        doc.path, line, column, Severity.ERROR, "statement-version",
        f"statement-version.since-{'one' if len(missing) == 1 else 'many'}", rev=rev,
        change=changes[0], more=more, missing=Listing(tuple(missing), "and"))]


def check_since(root: Path, rev: str, project: Project, result: CheckResult,
                only: list[Path] | None = None) -> CheckResult:
    """``privacy check --since REV``: the check's result plus the version finding."""
    extra = since_findings(root, rev, project)
    if only is not None:
        extra = limit_to(extra, only)
    return CheckResult(tuple(sorted({*result.findings, *extra})), result.files)
