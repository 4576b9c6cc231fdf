"""``privacy questions``: the open questions and proposals as work to hand out.

Every ``{open_question, owner}`` and ``{proposed, open_question, owner}`` value
and every item under a record's ``open_questions`` list, exactly what the
``open-question`` rule warns about (both read
:func:`privacy_as_code.rules.open_questions.unconfirmed`, so ``privacy check``'s
count, this list and the Art. 30 export's questions agree), grouped by owner,
each with its ``file:line``, its field in words (:mod:`privacy_as_code.fieldpath`)
and the question. Why it matters: GDPR Art. 5(1)(d) and 5(2): what nobody has
confirmed must not be published, and someone must answer it.

Formats: ``text`` (a terminal), ``markdown`` (a checklist to send: ``- [ ] ...``),
``csv`` (the export's dialect: ``;``, UTF-8 with BOM, CRLF, for Norwegian Excel).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from privacy_as_code.fieldpath import document_words, in_words
from privacy_as_code.i18n import Words, period_parts, words
from privacy_as_code.kinds import SINGLE_FILES
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.paths import identity
from privacy_as_code.project import Project
from privacy_as_code.report import printable
from privacy_as_code.rules.open_questions import Unconfirmed, unconfirmed
from privacy_as_code.spreadsheet import csv_bytes

FORMATS = ("text", "markdown", "csv")


@dataclass(frozen=True, order=True)
class Question:
    """One open question or proposal, ready to be listed (all text in one language).

    ``field`` is the place in words ("Behandlinger › Rekruttering › Lagringstid ›
    1. oppføring › Periode"); ``proposed`` the proposed value in words ("" for a
    plain open question); ``owner`` "" when the record names none.
    """

    owner: str
    path: str
    line: int
    column: int
    field: str
    question: str
    is_proposal: bool = False
    proposed: str = ""


def _kind_of(project: Project, doc: LoadedYaml) -> tuple[str, str]:
    """``("activity", "recruitment")`` or ``("organisation", "")`` for a loaded file."""
    for name in SINGLE_FILES:
        if getattr(project, name) is doc:
            return name, ""
    for activity_id, activity in project.activities.items():
        if activity is doc:
            return "activity", activity_id
    return "activity", Path(doc.path).stem


def proposed_words(value: Any, catalogue: Words) -> str:
    """A proposed value in words, with what the editor wrote where that is a code:
    ``P6M`` -> ``6 måneder (P6M)``, ``false`` -> ``nei (false)``; a ``{nb, en}`` text in the
    catalogue's language; anything else as written, on one line."""
    if isinstance(value, dict) and catalogue.lang in value:
        return " ".join(str(catalogue.text(value)).split())
    if isinstance(value, bool):  # not Python's False, nor a bare code an auditor cannot read
        return f"{catalogue.page['yes' if value else 'no']} ({'true' if value else 'false'})"
    if isinstance(value, list):
        return ", ".join(proposed_words(item, catalogue) for item in value)
    text = " ".join(str(value).split())
    try:
        return f"{catalogue.duration(text)} ({text})" if period_parts(text) else text
    except ValueError:
        return text


def question_of(project: Project, item: Unconfirmed, catalogue: Words) -> Question:
    """One unconfirmed value as a :class:`Question` in the catalogue's language."""
    kind, fallback = _kind_of(project, item.doc)
    start = document_words(kind, item.doc.data, catalogue.lang, fallback)
    line, column = item.doc.position(item.path)
    return Question(item.owner, item.doc.path, line, column,
                    in_words(item.path, catalogue.lang, data=item.doc.data, start=start),
                    " ".join(item.question.split()), item.is_proposal,
                    proposed_words(item.proposed, catalogue) if item.is_proposal else "")


def collect(project: Project, lang: str, owner: str | None = None,
            only: Sequence[Path] | None = None) -> list[Question]:
    """Every open question and proposal of a loaded project, grouped by owner.

    Sorted by owner (named owners alphabetically, those without an owner last),
    then file, line and column. ``owner`` keeps only that owner's (compared
    without regard to case); ``only`` (record files) keeps those in these files
    (compared by identity, as ``privacy check PATH...`` does). Raises ValueError for a language without a catalogue.
    """
    catalogue = words(lang)
    found = [question_of(project, item, catalogue) for item in unconfirmed(project)]
    if only is not None:
        wanted = {identity(path) for path in only}
        found = [q for q in found if identity(Path(q.path)) in wanted]
    if owner is not None:
        found = [q for q in found if q.owner.casefold() == owner.strip().casefold()]
    return sorted(found, key=lambda q: (q.owner == "", q.owner.casefold(), q.path, q.line, q.column))


def owners(questions: Sequence[Question]) -> list[str]:
    """The owners named, in the order :func:`collect` groups them. ``CFO`` and ``cfo`` are
    one owner (as ``--owner`` compares them), shown as most often written (ties: ``CFO``)."""
    spellings: dict[str, Counter[str]] = {}
    for q in questions:
        spellings.setdefault(q.owner.casefold(), Counter())[q.owner] += 1
    return [min(counts, key=lambda s: (-counts[s], s)) for counts in spellings.values()]


def _of(owner: str, questions: Sequence[Question]) -> list[Question]:
    return [q for q in questions if q.owner.casefold() == owner.casefold()]


def _count(questions: Sequence[Question], table: Any) -> str:
    return (table["count_one"] if len(questions) == 1
            else str(table["count"]).format(count=len(questions)))


def _owner_heading(owner: str, table: Any) -> str:
    return str(table["owner"]).format(owner=owner or table["no_owner"])


def _what(question: Question, table: Any) -> str:
    if question.is_proposal:
        return f"{table['proposed']}: {question.proposed} — {question.question}"
    return question.question


def as_text(questions: Sequence[Question], catalogue: Words) -> str:
    """For a terminal: a heading per owner, then ``file:line:column: field: question`` lines."""
    table = catalogue.questions
    lines: list[str] = []
    for owner in owners(questions):
        if lines:
            lines.append("")
        lines.append(_owner_heading(owner, table))
        lines += [printable(f"  {q.path}:{q.line}:{q.column}: {q.field}: {_what(q, table)}")
                  for q in _of(owner, questions)]
    lines.append(_count(questions, table) if questions else str(table["none"]))
    return "\n".join(lines) + "\n"


def as_markdown(questions: Sequence[Question], catalogue: Words) -> str:
    """A checklist to send: ``## Owner: CTO`` then ``- [ ] **field** (`file:line`): question``."""
    table = catalogue.questions
    lines = [f"# {table['title']}", "", _count(questions, table) if questions else str(table["none"])]
    for owner in owners(questions):
        lines += ["", f"## {_owner_heading(owner, table)}", ""]
        lines += [printable(f"- [ ] **{q.field}** (`{q.path}:{q.line}`): {_what(q, table)}")
                  for q in _of(owner, questions)]
    lines += ["", f"_{table['close']}_"]
    return "\n".join(lines) + "\n"


CSV_KEYS = ("owner", "file", "line", "field", "kind", "proposed", "question")
"""The CSV columns, headed by the catalogue's ``questions.column_<key>``."""


def csv_rows(questions: Sequence[Question], catalogue: Words) -> list[list[str]]:
    """The header row, then one row per question (the owner repeated on each, for filtering)."""
    table = catalogue.questions
    rows = [[str(table[f"column_{key}"]) for key in CSV_KEYS]]
    rows += [[q.owner, q.path, str(q.line), q.field,
              str(table["proposed" if q.is_proposal else "open"]), q.proposed, q.question]
             for q in questions]
    return rows


def as_csv(questions: Sequence[Question], catalogue: Words) -> bytes:
    return csv_bytes(csv_rows(questions, catalogue))


WRITERS: dict[str, Callable[[Sequence[Question], Words], str | bytes]] = {
    "text": as_text, "markdown": as_markdown, "csv": as_csv}
