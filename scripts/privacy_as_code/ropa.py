"""The Art. 30(1) record of processing activities as CSV, XLSX or JSON.

``privacy export ropa`` hands Datatilsynet (or an auditor) the whole record,
internal fields included: it is never published. One row per activity, with
the items of Art. 30(1) (a)-(g) plus what an auditor asks next: the lawful
basis per purpose, the Art. 9 condition, the legitimate interest and its
balancing test, sources, processors with their data processing agreements,
the DPIA, the internal owner and the last review; then the open questions.

Written for an auditor: every value and every header is plain text in the
chosen language only (``nb`` or ``en``), in the third person (the catalogue's
``ropa.term`` replaces reader terms that say "you", and a vocabulary entry's
``record`` wording replaces its reader-facing ``label`` or ``after``); a cell
with several values holds one value per line. Facts nobody has confirmed are
never written as facts: each open question and proposal (the same ones
``privacy check`` counts and ``privacy questions`` lists,
:func:`privacy_as_code.rules.open_questions.unconfirmed`) is listed once,
numbered, with its owner, its field in words and its question, and a cell
holding one says ``ÅPENT SPØRSMÅL nr. 3 (CEO)`` / ``OPEN QUESTION no. 3 (CEO)``
(a proposal: ``FORSLAG, IKKE BEKREFTET nr. 4 (CTO): 6 måneder ...``). So the
controller's questions stand once, not on every row, and no code path
(``retention.1.period``) appears. An Art. 30 item the records do not hold at
all is written as ``NOT RECORDED`` (``IKKE REGISTRERT``), so a reader sees every gap.

Formats:

* CSV for Norwegian Excel (as Digdir's *behandlingsoversikt* exports it; the
  dialect of :mod:`privacy_as_code.spreadsheet`): ``;`` separator, UTF-8 with
  BOM, CRLF, one header row, multi-valued cells joined with newlines inside
  quoted cells, formula-like cells guarded. CSV has no sheets, so the open
  questions go to a second file beside the record (:func:`questions_target`:
  ``ropa.csv`` -> ``ropa-questions.csv``), both written atomically together.
* XLSX: the sheets of :func:`sheet_names` (activities, organisation, open
  questions; bold, frozen, filterable headers; wrapped text; readable widths).
  Every cell is stored as text, so nothing is evaluated as a formula.
* JSON: ``{"record", "language", "exported", "organisation", "activities",
  "questions"}``; ``organisation`` maps the keys of :data:`ORGANISATION_FIELDS`,
  each activity the keys of :data:`COLUMNS` (English) to a string (single-valued
  columns) or a list of strings (one per line of the table cell), and each
  question the keys of :data:`QUESTION_FIELDS` to a string.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from privacy_as_code import law
from privacy_as_code.checker import gate
from privacy_as_code.findings import Finding
from privacy_as_code.i18n import Words, languages, words
from privacy_as_code.law import is_open, is_proposed, statutory_limit
from privacy_as_code.output import IOProblem, reason_of, write_all
from privacy_as_code.paths import display_path, is_inside
from privacy_as_code.project import Project
from privacy_as_code.public import covered_purposes
from privacy_as_code.questions import Question, question_of
from privacy_as_code.render.wording import country_name
from privacy_as_code.rules.open_questions import unconfirmed
from privacy_as_code.spreadsheet import FORMULA_START, csv_bytes

FORMATS = ("csv", "xlsx", "json")


@dataclass(frozen=True)
class Column:
    key: str
    multi: bool = True
    """Multi-valued: a list of lines in JSON, lines joined by newlines in a cell."""
    table: str = "columns"
    """The catalogue table (``ropa.columns`` or ``ropa.organisation``) naming it."""
    numeric: bool = False
    """A whole number: a number cell in a spreadsheet, so that it sorts as a number
    (10 after 9, not after 1); digits in CSV and JSON."""

    def header(self, lang: str) -> str:
        """``Behandlingsaktivitet`` (nb) or ``Processing activity`` (en): the export's language only."""
        return str(words(lang).ropa[self.table][self.key])


COLUMNS: tuple[Column, ...] = (
    Column("name", multi=False),
    Column("id", multi=False),
    Column("controller"),
    Column("dpo"),
    Column("purposes"),
    Column("legal_basis"),
    Column("legitimate_interests"),
    Column("special_categories"),
    Column("data_subjects"),
    Column("data_categories"),
    Column("sources"),
    Column("recipients"),
    Column("processors"),
    Column("transfers"),
    Column("retention"),
    Column("security_measures"),
    Column("automated_decisions"),
    Column("dpia"),
    Column("systems"),
    Column("owner", multi=False),
    Column("last_reviewed", multi=False),
    Column("notes", multi=False),
)

ART30_COLUMNS = ("controller", "dpo", "purposes", "data_subjects", "data_categories", "recipients",
                 "transfers", "retention", "security_measures")
"""The columns holding Art. 30(1)(a)-(g): never left empty (a gap says NOT RECORDED)."""

ORGANISATION_FIELDS: tuple[Column, ...] = tuple(
    Column(key, multi=key == "dpo", table="organisation")
    for key in ("controller", "organisation_number", "address", "email", "website", "dpo",
                "internal_owner", "supervisory_authority", "statement_version", "effective_date",
                "exported", "texts")
)
"""The controller block (one value each, except the DPO's lines)."""

QUESTION_FIELDS: tuple[Column, ...] = tuple(
    Column(key, multi=False, table="question_columns", numeric=key == "number")
    for key in ("number", "owner", "field", "kind", "proposed", "question"))
"""The open questions' own table (sheet or file): each question once, with its field in words."""

Cell = str | list[str]


@dataclass(frozen=True)
class Ropa:
    """The record, ready for a writer: the controller block, one row per activity, and the
    open questions and proposals, each once (the cells refer to them by number)."""

    language: str
    organisation: dict[str, Cell]
    activities: list[dict[str, Cell]]
    exported: str
    questions: list[dict[str, str]] = field(default_factory=list)


def open_marker(value: dict[str, Any], words: Words, number: int | None,
                shown: str | None = None) -> str:
    """``OPEN QUESTION no. 3 (CTO)``: unconfirmed, and says so; the question itself stands
    once, as number 3, in the record's open questions. A proposal reads
    ``PROPOSAL, NOT YET CONFIRMED no. 4 (CTO): 6 months ...`` (``shown``: the proposed
    value in words). ``number`` None (a value the enumeration does not know) quotes the
    question in the cell instead, so nothing unconfirmed is ever shown as a fact."""
    owner = value.get("owner")
    who = f" ({owner.strip()})" if isinstance(owner, str) and owner.strip() else ""
    label = words.ropa["proposed" if is_proposed(value) else "open"]
    if number is not None:
        marker = f"{label} {str(words.ropa['number']).format(n=number)}{who}"
    else:
        marker = f"{label}{who}: {' '.join(str(value.get('open_question')).split())}"
    if is_proposed(value):
        proposed = shown if shown is not None else _plain(value.get("proposed"), words.lang)
        return f"{marker}: {proposed}"
    return marker


def _plain(value: Any, lang: str) -> str:
    """A proposed value as text: a ``{nb, en}`` text in ``lang``, anything else as it is."""
    if isinstance(value, dict) and lang in value:
        return str(value[lang]).strip()
    return str(value).strip()


class _Builder:
    """Turns one loaded project into table cells in one language."""

    def __init__(self, project: Project, catalogue: Words,
                 numbers: dict[int, int] | None = None) -> None:
        self.project = project
        self.numbers = numbers or {}
        """``id()`` of each unconfirmed value -> its number among the record's questions."""
        self.catalogue = catalogue
        self.lang = catalogue.lang
        # The export's own words, plus the few it shares with the pages (one wording each).
        page = catalogue.page
        self.words = {**catalogue.ropa, "email": page["email"], "website": page["website"],
                      "telephone": page["telephone"],
                      "statute": page["statute"], "yes": page["yes"], "no": page["no"],
                      "recipients_none": page["recipients_none"].rstrip(".")}
        self.missing = catalogue.ropa["missing"]
        self.org = project.organisation.data if isinstance(project.organisation.data, dict) else {}
        vocab = project.vocabulary.data if isinstance(project.vocabulary.data, dict) else {}
        self.vocab = vocab
        self.recipients = project.mapping("recipients", "recipients")

    # -- values ---------------------------------------------------------------
    def marker(self, value: dict[str, Any], shown: str | None = None) -> str:
        return open_marker(value, self.catalogue, self.numbers.get(id(value)), shown)

    def term(self, kind: str, code: Any) -> str:
        """The catalogue's words for a code, in the auditor's third person where the readers'
        words speak to "you" (``ropa.term``); the code itself only for records the schema
        rejects (the export refuses those, but its builder never raises on them). An open code
        is its open question; a proposed one its words marked as a proposal."""
        if is_proposed(code):
            return self.marker(code, self.term(kind, code.get("proposed")))
        if is_open(code):
            return self.marker(code)
        auditor = self.catalogue.ropa.get("term", {}).get(kind, {})
        if isinstance(code, str) and code in auditor:
            return str(auditor[code])
        try:
            return self.catalogue.term(kind, code)
        except (KeyError, TypeError):
            return str(code)

    def text(self, value: Any) -> str:
        """Bilingual text, plain string or open question, as one string ('' when absent)."""
        if is_open(value):
            return self.marker(value)
        if isinstance(value, dict):
            chosen = value.get(self.lang)
            return str(chosen).strip() if chosen is not None else ""
        if value is None:
            return ""
        return str(value).strip()

    def label(self, section: str, key: Any) -> str:
        """A vocabulary entry's words: its ``record`` wording (the auditor's third person)
        where the readers' ``label`` or ``after`` speaks to them, else that."""
        entry = (self.vocab.get(section) or {}).get(key)
        if isinstance(entry, dict):
            return self.text(entry.get("record") or entry.get("label") or entry.get("after")) or str(key)
        return str(key)

    def country(self, value: Any) -> str:
        """``Norge (NO)``; a recipient's several countries one after the other
        (``Norge (NO), USA (US)``: Art. 30(1)(d) names recipients in third countries)."""
        if isinstance(value, list):
            return ", ".join(self.country(code) for code in value)
        if is_open(value) or not isinstance(value, str):
            return self.text(value)
        return f"{country_name(value, self.lang)} ({value})"

    def or_missing(self, lines: list[str]) -> list[str]:
        return [line for line in lines if line] or [self.missing]

    # -- organisation -----------------------------------------------------------
    def controller(self) -> dict[str, Any]:
        value = self.org.get("controller")
        return value if isinstance(value, dict) else {}

    def address(self) -> str:
        address = self.controller().get("address")
        if is_open(address) or not isinstance(address, dict):
            return self.text(address)
        postcode_city = " ".join(self.text(address.get(k)) for k in ("postcode", "city")).strip()
        parts = [self.text(address.get("street")), postcode_city, self.country(address.get("country"))]
        return ", ".join(p for p in parts if p)

    def dpo(self) -> list[str]:
        dpo = self.org.get("dpo")
        if not isinstance(dpo, dict):
            return [self.missing]
        appointed = dpo.get("appointed")
        if is_open(appointed):  # neither appointed nor "not appointed" until someone confirms
            shown = self.words["yes"] if is_proposed(appointed) and appointed.get("proposed") is True \
                else self.words["dpo_none"] if is_proposed(appointed) else None
            return [self.marker(appointed, shown)]
        if appointed is not True:
            return [self.words["dpo_none"]]
        return self.or_missing([self.text(dpo.get("name")), self.text(dpo.get("email"))])

    def controller_lines(self) -> list[str]:
        ctrl = self.controller()
        lines = [self.text(ctrl.get("legal_name"))]
        if "organisation_number" in ctrl:
            lines.append(f"{self.words['org_number']} {self.text(ctrl['organisation_number'])}")
        lines.append(self.address())
        if "email" in ctrl:
            lines.append(f"{self.words['email']}: {self.text(ctrl['email'])}")
        if "telephone" in ctrl:
            lines.append(f"{self.words['telephone']}: {self.text(ctrl['telephone'])}")
        if ctrl.get("website"):
            lines.append(f"{self.words['website']}: {self.text(ctrl['website'])}")
        return self.or_missing(lines)

    def internal_owner(self) -> str:
        owner = self.org.get("internal_owner")
        return self.text(owner.get("role")) if isinstance(owner, dict) else ""

    def organisation(self, exported: str) -> dict[str, Cell]:
        ctrl = self.controller()
        statement = self.project.statement.data if isinstance(self.project.statement.data, dict) else {}
        authority = self.org.get("supervisory_authority")
        authority = authority if isinstance(authority, dict) else {}
        authority_text = ", ".join(p for p in (self.text(authority.get("name")),
                                               self.text(authority.get("url"))) if p)
        return {
            "controller": self.text(ctrl.get("legal_name")) or self.missing,
            "organisation_number": self.text(ctrl.get("organisation_number")) or self.missing,
            "address": self.address() or self.missing,
            "email": self.text(ctrl.get("email")) or self.missing,
            "website": self.text(ctrl.get("website")),
            "dpo": self.dpo(),
            "internal_owner": self.internal_owner(),
            "supervisory_authority": authority_text,
            "statement_version": self.text(statement.get("version")),
            "effective_date": self.text(statement.get("effective_date")),
            "exported": exported,
            # The record quotes the statement's own texts, which speak to the data subject.
            "texts": str(self.catalogue.ropa["texts_note"]),
        }

    # -- one activity -------------------------------------------------------------
    def purposes(self, activity: dict[str, Any]) -> list[dict[str, Any]]:
        value = activity.get("purposes")
        return [p for p in value if isinstance(p, dict)] if isinstance(value, list) else []

    def bases(self, activity: dict[str, Any]) -> list[dict[str, Any]]:
        value = activity.get("legal_basis")
        return [b for b in value if isinstance(b, dict)] if isinstance(value, list) else []

    def purpose_number(self, activity: dict[str, Any]) -> dict[Any, int]:
        return {p.get("id"): n for n, p in enumerate(self.purposes(activity), 1)}

    def basis_words(self, entry: dict[str, Any]) -> str:
        words = self.term("basis", entry.get("basis"))
        if entry.get("statute"):
            words += f"; {self.words['statute'].lower()}: {self.text(entry['statute'])}"
        subjects = entry.get("data_subjects")
        if isinstance(subjects, list):
            words += f" ({self.words['for_subjects']}: " + ", ".join(
                self.label("data_subjects", s) for s in subjects) + ")"
        return words

    def legal_basis(self, activity: dict[str, Any]) -> list[str]:
        if is_open(activity.get("purposes")):  # no purposes to number: the bases as they are
            return self.or_missing([self.basis_words(e) for e in self.bases(activity)])
        lines = []
        for number, purpose in enumerate(self.purposes(activity), 1):
            covering = [self.basis_words(e) for e in self.bases(activity)
                        if purpose.get("id") in covered_purposes(activity, e)]
            lines.append(f"{number}. " + (" + ".join(covering) if covering else self.missing))
        return self.or_missing(lines)

    def legitimate_interests(self, activity: dict[str, Any]) -> list[str]:
        numbers = self.purpose_number(activity)
        internal = found if isinstance(found := activity.get("internal"), dict) else {}
        tests = [t for t in internal.get("balancing_tests") or [] if isinstance(t, dict)]
        lines = []
        for entry in self.bases(activity):
            if entry.get("basis") != "legitimate_interests":
                continue
            covered = covered_purposes(activity, entry)
            refs = ", ".join(str(numbers.get(p, p)) for p in covered)
            label = self.words["purpose" if len(covered) == 1 else "purposes"]
            lines.append(f"{label} {refs}: "
                         f"{self.text(entry.get('interest')) or self.missing}")
            matching = [t for t in tests if not t.get("purposes")
                        or set(t.get("purposes") or []) & set(covered)]
            for test in matching or [{}]:
                reference = self.text(test.get("reference")) or self.missing
                date = f" ({test['date']})" if test.get("date") else ""
                lines.append(f"{self.words['balancing']}: {reference}{date}")
        return lines or [self.words["not_applicable"]]

    def special_categories(self, activity: dict[str, Any]) -> list[str]:
        categories = (self.vocab.get("data_categories") or {})
        given = activity.get("data_categories")  # an open list has no entries to flag
        listed = given if isinstance(given, list) else []
        special = [c for c in listed if isinstance(categories.get(c), dict) and categories[c].get("special")]
        criminal = [c for c in listed if isinstance(categories.get(c), dict) and categories[c].get("criminal")]
        condition = activity.get("special_categories")
        if not special and not criminal and not isinstance(condition, dict):
            return [self.words["none"]]
        lines = [f"{self.label('data_categories', c)} ({self.words['special']})" for c in special]
        lines += [f"{self.label('data_categories', c)} ({self.words['criminal']})" for c in criminal]
        if isinstance(condition, dict):
            lines.append(f"{self.words['condition']}: "
                         f"{self.term('special_condition', condition.get('condition'))}")
            if condition.get("statute"):
                lines.append(f"{self.words['statute']}: {self.text(condition['statute'])}")
            if condition.get("explanation"):
                lines.append(self.text(condition["explanation"]))
        elif special:
            lines.append(f"{self.words['condition']}: {self.missing}")
        return lines

    def data_categories(self, activity: dict[str, Any]) -> list[str]:
        categories = self.vocab.get("data_categories") or {}
        lines = []
        given = activity.get("data_categories")
        for key in given if isinstance(given, list) else []:
            entry = found if isinstance(found := categories.get(key), dict) else {}
            marks = [self.words[flag] for flag in ("special", "criminal") if entry.get(flag)]
            suffix = f" ({'; '.join(marks)})" if marks else ""
            lines.append(self.label("data_categories", key) + suffix)
        return self.or_missing(lines)

    def sources(self, activity: dict[str, Any]) -> list[str]:
        lines = []
        given = activity.get("sources")
        for source in given if isinstance(given, list) else []:
            if not isinstance(source, dict):
                continue
            kind = self.term("source", source.get("kind"))
            line = kind[:1].upper() + kind[1:]
            if source.get("description"):
                line += f": {self.text(source['description'])}"
            categories = [self.label("data_categories", c) for c in source.get("data_categories") or []]
            if categories:
                line += f" ({', '.join(categories)})"
            lines.append(line)
        return self.or_missing(lines)

    def recipient(self, key: str) -> dict[str, Any]:
        value = self.recipients.get(key)
        return value if isinstance(value, dict) else {}

    def recipient_ids(self, activity: dict[str, Any]) -> list[str]:
        value = activity.get("recipients")
        return [r for r in value if isinstance(r, str)] if isinstance(value, list) else []

    def recipients_cell(self, activity: dict[str, Any]) -> list[str]:
        if activity.get("recipients") == "none":
            return [self.words["recipients_none"]]
        lines = []
        for key in self.recipient_ids(activity):
            rec = self.recipient(key)
            parts = [self.text(rec.get("name")) or key, self.term("role", rec.get("role"))]
            if "vendor" in rec:
                parts.append(f"{self.words['vendor']}: {self.text(rec['vendor'])}")
            category = rec.get("category")
            if isinstance(category, dict):  # Art. 30(1)(d): a category of recipients, described
                described = "; ".join(self.text(category[k]) for k in ("type", "sector") if k in category)
                parts.append(f"{self.words['category']}: {described or self.missing}")
            parts.append(f"{self.words['country']}: {self.country(rec.get('country')) or self.missing}")
            if law.is_joint_controller(rec):  # Art. 26, 30(1)(a): the arrangement, the contact point
                parts.extend(f"{self.words[key]}: {self.text(rec[key]) or self.missing}"
                             for key in ("arrangement", "contact") if key in rec)
            lines.append(" — ".join(parts))
        return self.or_missing(lines)

    def processors(self, activity: dict[str, Any]) -> list[str]:
        lines = []
        for key in self.recipient_ids(activity):
            rec = self.recipient(key)
            if rec.get("role") not in law.PROCESSOR_ROLES:
                continue
            name = self.text(rec.get("name")) or key
            vendor = f" ({self.text(rec['vendor'])})" if "vendor" in rec and not is_open(rec["vendor"]) else ""
            lines.append(f"{name}{vendor} — {self.words['dpa']}: "
                         f"{self.text(rec.get('dpa')) or self.missing}")
        return lines or [self.words["none"]]

    def transfers(self, activity: dict[str, Any]) -> list[str]:
        value = activity.get("transfers")
        if value == "none":
            return [self.words["transfers_none"]]
        if is_open(value):
            return [self.marker(value)]
        lines = []
        for transfer in value if isinstance(value, list) else []:
            if not isinstance(transfer, dict):
                continue
            if is_open(transfer):  # an unknown transfer next to the known ones
                lines.append(self.marker(transfer))
                continue
            rec = self.recipient(str(transfer.get("recipient")))
            mechanism = transfer.get("mechanism")
            mechanism_words = (self.text(mechanism) if is_open(mechanism)
                               else self.term("mechanism", mechanism))
            parts = [self.country(transfer.get("country")) or self.missing,
                     self.text(rec.get("name")) or str(transfer.get("recipient")), mechanism_words]
            if transfer.get("safeguards"):
                parts.append(f"{self.words['safeguards']}: {self.text(transfer['safeguards'])}")
            if transfer.get("documentation"):
                parts.append(f"{self.words['documentation']}: {self.text(transfer['documentation'])}")
            lines.append(" — ".join(parts))
        return self.or_missing(lines)

    def retention_rule(self, rule: dict[str, Any]) -> str:
        """``Søkere som ikke får stillingen: 6 måneder etter at ... — slettes``."""
        after = self.label("retention_events", rule.get("from"))
        period = rule.get("period")
        if is_proposed(period):
            try:
                shown = self.catalogue.duration(str(period.get("proposed")))
            except ValueError:
                shown = str(period.get("proposed"))
            when = self.marker(period, f"{shown} {after}")
        elif is_open(period):
            when = f"{self.marker(period)} — {after}"
        else:
            when = f"{self._duration(period)} {after}"
        if rule.get("normally") is not None:  # a range: the usual period, and the longest
            normally = rule["normally"]
            usual = (self.marker(normally) if is_open(normally)
                     else f"{self._duration(normally)} {after}")
            when = f"{self.words['normally']} {usual}, {self.words['at_the_latest']} {when}"
        elif rule.get("up_to") is True:  # an upper limit, never shown as a fixed period
            when = f"{self.words['up_to']} {when}"
        then_value = rule.get("then")
        if is_open(then_value):  # unconfirmed: its question, a proposal with its words
            shown = self.words.get(str(then_value.get("proposed")), str(then_value.get("proposed")))
            then = self.marker(then_value, shown if is_proposed(then_value) else None)
        else:
            then = self.words.get(str(then_value), str(then_value))
        if rule.get("then") == "archive":
            statute = rule.get("archive_statute")
            shown = (self.missing if statute is None else self.marker(statute)
                     if is_open(statute) else self.text(statute))
            then = f"{then} ({self.words['archive_statute']}: {shown})"
        line = f"{when} — {then}"
        if rule.get("statute"):
            kind = statutory_limit(rule.get("statutory"))
            label = self.words[f"statutory_{kind}"] if kind else self.words["statutory"]
            line += f" ({label}: {self.text(rule['statute'])})"
        data = self.text(rule.get("data"))
        condition = self.text(rule.get("condition")) if rule.get("condition") else ""
        head = f"{data} ({condition})" if data and condition else data or condition
        return f"{head}: {line}" if head else line[:1].upper() + line[1:]

    def _duration(self, period: Any) -> str:
        try:
            return self.catalogue.duration(str(period))
        except ValueError:
            return str(period)

    def retention(self, activity: dict[str, Any]) -> list[str]:
        rules = activity.get("retention")
        return self.or_missing([self.retention_rule(r) for r in rules or [] if isinstance(r, dict)])

    def automated(self, activity: dict[str, Any]) -> list[str]:
        value = activity.get("automated_decisions")
        if value == "none":
            return [self.words["none"]]
        if not isinstance(value, dict):
            return [self.missing]
        if is_open(value):
            return [self.marker(value)]
        return self.or_missing([self.text(value.get("description")),
                                f"{self.words['logic']}: {self.text(value.get('logic'))}",
                                f"{self.words['significance']}: {self.text(value.get('significance'))}"])

    def dpia(self, internal: dict[str, Any]) -> list[str]:
        dpia = internal.get("dpia")
        if not isinstance(dpia, dict):
            return [self.missing]
        required: Any = dpia.get("required")
        if is_open(required):
            proposed = required.get("proposed")
            answer = self.marker(required, self.words["yes"] if proposed is True
                                 else self.words["no"] if proposed is False else None)
        else:
            answer = {True: self.words["yes"], False: self.words["no"]}.get(required, self.missing) \
                if isinstance(required, bool) else self.missing
        lines = [f"{self.words['required']}: {answer}"]
        if "reference" in dpia:
            lines.append(f"{self.words['reference']}: {self.text(dpia['reference'])}")
        return lines

    def whole(self, activity: dict[str, Any], key: str,
              cell: Callable[[dict[str, Any]], list[str]]) -> list[str]:
        """The cell of a list field that may be open as a whole: its open question's marker, a
        proposal's marker with the proposed entries in words (made by ``cell`` as if they were
        the list), or the list's own cell."""
        value = activity.get(key)
        if is_proposed(value):
            return [self.marker(value, "; ".join(cell({**activity, key: value.get("proposed")})))]
        if is_open(value):
            return [self.marker(value)]
        return cell(activity)

    def purpose_lines(self, activity: dict[str, Any]) -> list[str]:
        return self.or_missing([f"{n}. {self.text(p.get('text')) or self.missing}"
                                for n, p in enumerate(self.purposes(activity), 1)])

    def activity(self, activity_id: str, activity: dict[str, Any]) -> dict[str, Cell]:
        internal = found if isinstance(found := activity.get("internal"), dict) else {}
        owner = self.text(internal.get("owner"))
        if not owner and self.internal_owner():
            owner = f"{self.internal_owner()} ({self.words['default_owner']})"
        return {
            "name": self.text(activity.get("name")) or activity_id,
            "id": activity_id,
            "controller": self.controller_lines(),
            "dpo": self.dpo(),
            "purposes": self.whole(activity, "purposes", self.purpose_lines),
            "legal_basis": self.whole(activity, "legal_basis", self.legal_basis),
            "legitimate_interests": self.whole(activity, "legal_basis", self.legitimate_interests),
            "special_categories": self.special_categories(activity),
            "data_subjects": self.or_missing([self.label("data_subjects", s)
                                              for s in activity.get("data_subjects") or []]),
            "data_categories": self.whole(activity, "data_categories", self.data_categories),
            "sources": self.whole(activity, "sources", self.sources),
            "recipients": self.whole(activity, "recipients", self.recipients_cell),
            "processors": self.whole(activity, "recipients", self.processors),
            "transfers": self.transfers(activity),
            "retention": self.whole(activity, "retention", self.retention),
            "security_measures": self.or_missing([self.text(m) for m in
                                                  internal.get("security_measures") or []]),
            "automated_decisions": self.automated(activity),
            "dpia": self.dpia(internal),
            "systems": [self.text(s) for s in internal.get("systems") or []],
            "owner": owner,
            "last_reviewed": self.text(internal.get("last_reviewed")),
            "notes": self.text(internal.get("notes")),
        }


def build_ropa(project: Project, lang: str | None = None, *,
               today: dt.date | None = None) -> Ropa:
    """The record for every activity of a loaded (and checked) project, in ``lang``
    (default: the main language, :func:`~privacy_as_code.i18n.languages` ``[0]``).

    Raises ValueError for a language without a catalogue.
    """
    lang = lang or languages()[0]
    catalogue = words(lang)
    found = list(unconfirmed(project))
    numbers = {id(_value_at(item.doc.data, item.path)): n for n, item in enumerate(found, 1)
               if not item.listed}
    builder = _Builder(project, catalogue, numbers)
    exported = (today or dt.date.today()).isoformat()
    rows = [builder.activity(aid, doc.data) for aid, doc in sorted(project.activities.items())
            if isinstance(doc.data, dict)]
    questions = [_question_row(n, question_of(project, item, catalogue), catalogue)
                 for n, item in enumerate(found, 1)]
    return Ropa(lang, builder.organisation(exported), rows, exported, questions)


def _value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _question_row(number: int, question: Question, catalogue: Words) -> dict[str, str]:
    """One open question or proposal for the auditor: its field in words, no file or code path."""
    return {"number": str(number), "owner": question.owner, "field": question.field,
            "kind": str(catalogue.questions["proposed" if question.is_proposal else "open"]),
            "proposed": question.proposed, "question": question.question}


# -- writers --------------------------------------------------------------------------

def cell_text(value: Cell) -> str:
    """One table cell: a list becomes one line per value."""
    return "\n".join(value) if isinstance(value, list) else value


def to_csv(ropa: Ropa) -> bytes:
    """``;``-separated, UTF-8 with BOM, CRLF: opens as columns in Norwegian Excel."""
    return csv_bytes([[c.header(ropa.language) for c in COLUMNS],
                      *([cell_text(row[c.key]) for c in COLUMNS] for row in ropa.activities)])


def questions_csv(ropa: Ropa) -> bytes:
    """The open questions and proposals, one row each, as CSV (the dialect of :func:`to_csv`)."""
    return csv_bytes([[c.header(ropa.language) for c in QUESTION_FIELDS],
                      *([q[c.key] for c in QUESTION_FIELDS] for q in ropa.questions)])


QUESTIONS_SUFFIX = "-questions"
"""A CSV export's second file: ``ropa.csv`` -> ``ropa-questions.csv`` (CSV has no sheets)."""


def questions_target(target: Path) -> Path:
    """Where a CSV export's open questions go, beside the record."""
    return target.with_name(f"{target.stem}{QUESTIONS_SUFFIX}{target.suffix or '.csv'}")


def to_json(ropa: Ropa) -> bytes:
    document = {
        "record": "GDPR Art. 30(1) record of processing activities",
        "language": ropa.language,
        "exported": ropa.exported,
        "organisation": ropa.organisation,
        "activities": ropa.activities,
        "questions": ropa.questions,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sheet_names(lang: str) -> tuple[str, str, str]:
    """The workbook's sheets in ``lang``: activities, organisation, open questions."""
    table = words(lang).ropa
    return (str(table["sheet_activities"]), str(table["sheet_organisation"]),
            str(table["sheet_questions"]))


MIN_WIDTH, MAX_WIDTH = 12, 60


def _width(texts: list[str]) -> float:
    longest = max((len(line) for text in texts for line in text.split("\n")), default=0)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def to_xlsx(ropa: Ropa) -> bytes:
    """The workbook as bytes.

    Built in memory and written by the one atomic writer: openpyxl writing to a
    file itself prints a traceback from its ZipFile cleanup when the disk is full.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    wrap = Alignment(wrap_text=True, vertical="top")

    def put(sheet: Any, row: int, column: int, text: str, *, header: bool = False) -> None:
        cell = sheet.cell(row=row, column=column)
        cell.value = text
        cell.data_type = "s"  # text, never a formula, whatever it starts with
        cell.quotePrefix = text.startswith(FORMULA_START)
        cell.alignment = wrap
        if header:
            cell.font, cell.fill = bold, fill

    lang = ropa.language
    activities_name, organisation_name, questions_name = sheet_names(lang)

    def table(sheet: Any, columns: tuple[Column, ...], rows: list[dict[str, Any]]) -> None:
        for col, column in enumerate(columns, 1):
            put(sheet, 1, col, column.header(lang), header=True)
            texts = [cell_text(row[column.key]) for row in rows]
            for row_number, text in enumerate(texts, 2):
                if column.numeric and text.isdecimal():
                    sheet.cell(row=row_number, column=col).value = int(text)
                else:
                    put(sheet, row_number, col, text)
            sheet.column_dimensions[get_column_letter(col)].width = _width(
                [*texts, column.header(lang)])
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = activities_name
    table(sheet, COLUMNS, ropa.activities)
    sheet.freeze_panes = "B2"

    org = workbook.create_sheet(organisation_name)
    put(org, 1, 1, str(words(lang).ropa["field"]), header=True)
    put(org, 1, 2, str(words(lang).ropa["value"]), header=True)
    for row_number, entry in enumerate(ORGANISATION_FIELDS, 2):
        put(org, row_number, 1, entry.header(lang), header=True)
        put(org, row_number, 2, cell_text(ropa.organisation[entry.key]))
    org.column_dimensions["A"].width = 45
    org.column_dimensions["B"].width = 90
    org.freeze_panes = "A2"

    questions = workbook.create_sheet(questions_name)
    table(questions, QUESTION_FIELDS, ropa.questions)
    questions.freeze_panes = "A2"
    buffer = io.BytesIO()
    # openpyxl stages each sheet in a temporary file even when saving to memory.
    # When that write fails (a full disk), the half-run generator it leaves
    # behind fails again while being cleaned up, and Python prints that second
    # failure as a traceback ("Exception ignored in ..."). Silence only that
    # cleanup, then raise the first failure as an OSError.
    failure: OSError | None = None
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        try:
            workbook.save(buffer)
        except OSError as exc:
            failure = OSError(exc.errno, exc.strerror or str(exc))
        del workbook, sheet, org, questions
        gc.collect()
    finally:
        sys.unraisablehook = hook
    if failure is not None:
        raise failure
    return buffer.getvalue()


def render_bytes(ropa: Ropa, fmt: str) -> bytes:
    """The record in ``fmt`` (one of :data:`FORMATS`) as the bytes of a file."""
    if fmt == "csv":
        return to_csv(ropa)
    if fmt == "json":
        return to_json(ropa)
    if fmt == "xlsx":
        return to_xlsx(ropa)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def files_for(ropa: Ropa, fmt: str, target: Path) -> dict[Path, bytes]:
    """Every file an export to ``target`` writes: the record, and for CSV (which has no
    sheets) the open questions beside it (:func:`questions_target`)."""
    try:
        files = {target: render_bytes(ropa, fmt)}
    except OSError as exc:  # the XLSX writer's own temporary files
        raise IOProblem("write", target, reason_of(exc)) from None
    if fmt == "csv":
        files[questions_target(target)] = questions_csv(ropa)
    return files


def export(ropa: Ropa, fmt: str, target: Path) -> None:
    """Write the record's files (:func:`files_for`) atomically, all staged before any is
    replaced; raises :class:`IOProblem`."""
    write_all(files_for(ropa, fmt, target))


class ExportStatus(StrEnum):
    WRITTEN = "written"
    """The record was written to ``target``."""
    READY = "ready"
    """No target: the record's bytes are in ``data`` (for standard output)."""
    BLOCKED = "blocked"
    """The records have errors (the gate said no); nothing was exported."""


@dataclass(frozen=True)
class ExportOutcome:
    """What ``export_record`` did; ``cli.py`` words it and chooses the exit code."""

    status: ExportStatus
    fmt: str
    target: Path | None = None
    data: bytes = b""
    activities: int = 0
    open_questions: int = 0
    errors: tuple[Finding, ...] = ()
    questions_file: Path | None = None
    """A CSV export's second file, the open questions (XLSX and JSON hold them inside)."""

    @property
    def ok(self) -> bool:
        return self.status is not ExportStatus.BLOCKED


def refuse_target(root: Path, target: Path) -> None:
    """Raise :class:`IOProblem` when ``target`` is no place for an export.

    The export never goes inside ``records/`` (it would replace a record, or
    add a file the check then reads), never over a folder, and needs an
    existing folder. Checked before any work is done.
    """
    if is_inside(target, root / "records"):
        raise IOProblem("write", target, "the export never goes inside records/ (it would replace "
                        "or add a record); choose a file outside records/")
    for each in (target, questions_target(target)):  # the CSV's second file, beside it
        if each.is_dir():
            raise IOProblem("write", each, "it is a folder; give a file name")
    if not target.parent.is_dir():
        raise IOProblem("write", target, f"no such folder {display_path(target.parent)}")


def export_record(root: Path, fmt: str, *, lang: str = "nb",
                  target: Path | None = None) -> ExportOutcome:
    """``privacy export ropa`` as a function: gate, build the record, write it (or return it).

    ``fmt`` is one of :data:`FORMATS`. With ``target`` the file is written
    atomically (status WRITTEN; for CSV with the open questions in a second file,
    :func:`questions_target`); without, the bytes are returned (READY; the command
    line asks for a file for CSV, whose questions need their own).
    Records with errors export nothing (BLOCKED): a record built from broken
    data would mislead Datatilsynet (Art. 30(4)). Raises :class:`IOProblem`
    for a target that cannot or must not be written (see :func:`refuse_target`).
    """
    if target is not None:
        refuse_target(root, target)
    project, errors = gate(root)
    if errors:
        return ExportOutcome(ExportStatus.BLOCKED, fmt, target, errors=errors)
    record = build_ropa(project, lang)
    activities, open_questions = len(record.activities), count_open(record)
    if target is None:
        return ExportOutcome(ExportStatus.READY, fmt, None, render_bytes(record, fmt), activities,
                             open_questions)
    export(record, fmt, target)
    return ExportOutcome(ExportStatus.WRITTEN, fmt, target, b"", activities, open_questions,
                         questions_file=questions_target(target) if fmt == "csv" else None)


def count_open(ropa: Ropa) -> int:
    """How many open questions and proposals the record lists (each once; the same number
    ``privacy check`` counts and ``privacy questions`` lists)."""
    return len(ropa.questions)
