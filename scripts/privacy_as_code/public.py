"""The public view: everything the public statement may say, built once from the records.

The pages, ``privacy.json`` and ``privacy diff`` read this view and nothing
else. It is the records with

- every private field left out. Which fields are private is read from the
  schemas, never listed here: a property whose schema (or the ``$defs`` entry
  it refers to) says ``"x-public": false`` is dropped with everything under it
  (today an activity's ``internal`` block, every record's ``open_questions``,
  a recipient's ``dpa``, a transfer's ``documentation`` and the organisation's
  ``internal_owner``). A key the schemas do not know is dropped too, so a new
  field is public only once a schema declares it;
- every unconfirmed value (``{open_question: ..., owner: ...}``, the schemas'
  ``open_question`` shape, itself marked private) replaced by :data:`OPEN`, a
  value of its own type: readers learn that the fact is not confirmed yet,
  never the question's wording or who owns it, and never a guess;
- per activity, the basis-dependent rights it gives (:func:`law.rights_of`),
  and per audience (the readers' situations) its activities, their data
  subjects and the rights that apply to those readers.

It is built from plain record data (``Records``), so ``privacy diff`` can
build it from the records at any git revision, including records that no
longer pass the schemas (it never raises on data).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from privacy_as_code import law
from privacy_as_code.kinds import SCHEMA_FILES
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import SINGLE_FILES, Project
from privacy_as_code.resources import SCHEMA_DIR

Records = dict[str, Any]
"""``{"organisation": data, "statement": ..., "recipients": ..., "vocabulary": ...,
"activities": {id: data}}``. A file's data may be anything (``None`` when unreadable,
:data:`ABSENT` when there is no such file): what is not a mapping passes through unchanged."""

ABSENT = "(absent)"
"""The data of a record file that does not exist."""


@dataclass(frozen=True)
class Open:
    """A fact nobody has confirmed yet. Only that it is open is public."""

    def __repr__(self) -> str:
        return "OPEN"


OPEN = Open()


@dataclass(frozen=True)
class Proposed(Open):
    """A proposal awaiting confirmation (``{proposed: VALUE, open_question, owner}``): still
    unconfirmed (:func:`is_open` is true), but its value is public, shown with a marker."""

    value: Any = None

    def __repr__(self) -> str:
        return f"PROPOSED({self.value!r})"


def is_open(value: Any) -> bool:
    """Whether a value of the public view is an unconfirmed fact (open or proposed)."""
    return isinstance(value, Open)


def is_proposed(value: Any) -> TypeGuard[Proposed]:
    """Whether a value of the public view is a proposal (:class:`Proposed`)."""
    return isinstance(value, Proposed)


def is_joint_controller(recipient: Mapping[str, Any]) -> bool:
    """Whether a recipient of the public view is a joint controller, confirmed or proposed
    (a proposal is shown as what it proposes, marked; an open role claims nothing). Only a
    joint controller's ``arrangement`` and ``contact`` are published (GDPR Art. 26(1)-(2))."""
    role = recipient.get("role")
    return role == law.JOINT_CONTROLLER or (is_proposed(role) and role.value == law.JOINT_CONTROLLER)


def confirmed(value: Any) -> bool:
    """Whether a public-view value is present and confirmed (not open, not proposed)."""
    return value is not None and value != "" and not is_open(value)


RIGHT_TEXTS = ("access", "rectification", "erasure", "restriction", "portability", "objection",
               "objection_direct_marketing", "withdraw_consent", "complaint", "how_to")
"""The texts of the statement's ``rights`` (statement.schema.json), one per right (Art. 13(2)(b)-(d),
21(4)) and how to use them (Art. 12)."""


def rights_texts(statement: Any) -> Mapping[str, Any]:
    """The statement's rights texts by key, from the public view's ``statement``: a section that
    is open as a whole gives :data:`OPEN` for every text (the rights exist by law; what the
    statement says of them is unknown), a proposed one a :class:`Proposed` per text. Never raises."""
    value = statement.get("rights") if isinstance(statement, Mapping) else None
    if is_proposed(value):
        proposed = value.value if isinstance(value.value, Mapping) else {}
        return {key: Proposed(text) for key, text in proposed.items()}
    if is_open(value):
        return dict.fromkeys(RIGHT_TEXTS, value)
    return value if isinstance(value, Mapping) else {}


# --- which fields are public: read from the schemas --------------------------------------

class _Schemas:
    """The record schemas of one folder, resolved just enough to find ``x-public: false``."""

    def __init__(self, directory: Path) -> None:
        self.docs: dict[str, Any] = {
            p.name: json.loads(p.read_text("utf-8")) for p in sorted(directory.glob("*.schema.json"))
        }

    def follow(self, node: Any, file: str) -> tuple[Any, str]:
        """The node a ``$ref`` points to (and its file); the node itself when it has none."""
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str):
            return node, file
        target_file, _, pointer = ref.partition("#")
        target_file = target_file or file
        target: Any = self.docs.get(target_file)
        for part in (p for p in pointer.split("/") if p):
            target = target.get(part) if isinstance(target, dict) else None
        return target, target_file

    def private(self, node: Any, file: str) -> bool:
        """Whether a property's schema, or a definition it refers to, says ``x-public: false``.

        Only the property's own ``$ref`` chain counts: a ``oneOf`` branch that is private (the
        ``open_question`` shape) hides only that branch's content, never the field.
        """
        for _ in range(20):
            if not isinstance(node, dict):
                return False
            if node.get("x-public") is False:
                return True
            if "$ref" not in node:
                return False
            node, file = self.follow(node, file)
        return False

    def resolve(self, node: Any, file: str) -> list[tuple[dict[str, Any], str]]:
        """The shapes a schema node allows: ``$ref`` followed, ``oneOf``/``anyOf``/``allOf`` flattened."""
        shapes: list[tuple[dict[str, Any], str]] = []
        pending = [(node, file)]
        while pending and len(shapes) < 200:
            current, where = pending.pop(0)
            if not isinstance(current, dict):
                continue
            if "$ref" in current:
                pending.append(self.follow(current, where))
            for key in ("oneOf", "anyOf", "allOf"):
                pending += [(branch, where) for branch in current.get(key) or []]
            shapes.append((current, where))
        return shapes


def _prune(schemas: _Schemas, shapes: list[tuple[dict[str, Any], str]], data: Any) -> Any:
    if law.is_proposed(data):  # the proposed value is public; the question and owner are not
        return Proposed(_prune(schemas, shapes, data["proposed"]))
    if law.is_open(data):  # the open_question shape is private; its being open is not
        return OPEN
    if isinstance(data, Mapping):
        result: dict[str, Any] = {}
        for key, value in data.items():
            declared: list[tuple[Any, str]] = []
            for shape, file in shapes:
                properties = shape.get("properties")
                if isinstance(properties, dict) and key in properties:
                    declared.append((properties[key], file))
                elif isinstance(shape.get("additionalProperties"), dict):
                    declared.append((shape["additionalProperties"], file))
            if not declared or any(schemas.private(node, file) for node, file in declared):
                continue  # private, or unknown to the schemas: never published
            subs = [shape for node, file in declared for shape in schemas.resolve(node, file)]
            result[key] = _prune(schemas, subs, value)
        return result
    if isinstance(data, list):
        items: list[tuple[dict[str, Any], str]] = []
        for shape, file in shapes:
            if isinstance(shape.get("items"), dict):
                items += schemas.resolve(shape["items"], file)
        return [_prune(schemas, items, item) for item in data]
    return data


@functools.cache
def _schemas(directory: Path) -> _Schemas:
    return _Schemas(directory)


def public_part(kind: str, data: Any, schema_dir: Path) -> Any:
    """``data`` of a record of ``kind`` (``activity``, ``organisation``, ...) with only its public
    fields, open values as :data:`OPEN`. Never raises on data; non-mappings pass through."""
    if not isinstance(data, Mapping):
        return data
    schemas = _schemas(schema_dir)
    file = SCHEMA_FILES[kind]
    return _prune(schemas, schemas.resolve(schemas.docs.get(file), file), data)


# --- the view --------------------------------------------------------------------------

def _entries(value: Any) -> list[Any]:
    """A list field's entries; none for a value of another shape (records from an old
    revision may not pass the schemas, and the view never raises on data)."""
    return value if isinstance(value, list) else []


def covered_purposes(activity: Mapping[str, Any], entry: Mapping[str, Any]) -> list[str]:
    """The purpose ids a ``legal_basis`` entry covers: the ones it lists, or, when it has no
    ``purposes`` key, every purpose of the activity (a lone basis need not repeat them).

    Tolerates damaged records (the rules use it too): non-string ids are skipped.
    """
    if "purposes" in entry:
        listed = entry["purposes"]
        listed = [listed] if isinstance(listed, str) else listed if isinstance(listed, list) else []
        return [p for p in listed if isinstance(p, str)]
    purposes = activity.get("purposes")
    return [p["id"] for p in purposes if isinstance(p, Mapping) and isinstance(p.get("id"), str)] \
        if isinstance(purposes, list) else []


def _listed(entry: Mapping[str, Any], key: str) -> list[str] | None:
    """The ids an entry lists under ``key`` (``None`` when it has no such key)."""
    if key not in entry:
        return None
    listed = entry[key]
    listed = [listed] if isinstance(listed, str) else listed if isinstance(listed, list) else []
    return [s for s in listed if isinstance(s, str)]


def activity_subjects(activity: Mapping[str, Any]) -> list[str]:
    """An activity's data subject ids (strings only)."""
    return _listed(activity, "data_subjects") or []


def covered_subjects(activity: Mapping[str, Any], entry: Mapping[str, Any]) -> list[str]:
    """The data subjects an entry (a ``legal_basis`` entry, a purpose, a source, a provision)
    applies to: the ones it lists under ``data_subjects``, or every data subject of the activity
    when it lists none. Tolerates damaged records, like :func:`covered_purposes`."""
    listed = _listed(entry, "data_subjects")
    return activity_subjects(activity) if listed is None else listed


def covered_pairs(activity: Mapping[str, Any], entry: Mapping[str, Any]) -> set[tuple[str, str]]:
    """The (data subject, purpose id) pairs a ``legal_basis`` entry covers."""
    return {(s, p) for s in covered_subjects(activity, entry) for p in covered_purposes(activity, entry)}


@dataclass(frozen=True)
class Purpose:
    """One purpose with the ``legal_basis`` entries that cover it (Art. 13(1)(c): basis per purpose)."""

    id: str
    text: Any
    bases: tuple[Mapping[str, Any], ...]
    subjects: tuple[str, ...] = ()
    """The data subjects it concerns (its ``data_subjects``, or all of the activity's)."""


@dataclass(frozen=True)
class Activity:
    """One processing activity as published: its public fields and the rights it gives."""

    id: str
    data: Mapping[str, Any]
    """The activity's public fields (record shape; open values are :data:`OPEN`)."""
    bases: tuple[str, ...]
    """Its Art. 6(1) bases, in record order."""
    rights: tuple[str, ...]
    """The basis-dependent rights it gives (:func:`law.rights_of`)."""
    purposes: tuple[Purpose, ...]
    balancing_confirmed: frozenset[str] = frozenset()
    """Purpose ids on legitimate interests whose balancing test has a confirmed reference (read
    from the private ``internal.balancing_tests``; only this yes/no is public)."""


def _purposes(data: Mapping[str, Any]) -> tuple[Purpose, ...]:
    listed = [p for p in _entries(data.get("purposes")) if isinstance(p, Mapping)]
    entries = [e for e in _entries(data.get("legal_basis")) if isinstance(e, Mapping)]
    return tuple(Purpose(str(p.get("id")), p.get("text"),
                         tuple(e for e in entries if p.get("id") in covered_purposes(data, e)),
                         tuple(covered_subjects(data, p)))
                 for p in listed)


def _balancing_confirmed(data: Any) -> frozenset[str]:
    """Purpose ids on legitimate interests with a balancing test whose reference is confirmed.

    A test without ``purposes`` covers every purpose on legitimate interests (the schema's rule).
    """
    if not isinstance(data, Mapping):
        return frozenset()
    internal = data.get("internal")
    tests = internal.get("balancing_tests") if isinstance(internal, Mapping) else None
    on_li = {p for e in _entries(data.get("legal_basis")) if isinstance(e, Mapping)
             and e.get("basis") == "legitimate_interests" for p in covered_purposes(data, e)}
    done: set[str] = set()
    for test in tests if isinstance(tests, list) else []:
        if isinstance(test, Mapping) and law.is_confirmed(test.get("reference")):
            listed = _listed(test, "purposes")
            done |= on_li if listed is None else on_li & set(listed)
    return frozenset(done)


def dpa_status(record: Any) -> str:
    """A recipient's data processing agreement (Art. 28(3)) as the public may know it:
    ``confirmed``, ``proposed``, ``open`` (or missing) for a processor; ``""`` for a recipient
    that is no processor (it needs none). The reference itself stays private."""
    if not isinstance(record, Mapping) or record.get("role") not in law.PROCESSOR_ROLES:
        return ""
    value = record.get("dpa")
    if law.is_proposed(value):
        return "proposed"
    return "confirmed" if law.is_confirmed(value) else "open"


@dataclass(frozen=True)
class Part:
    """What one activity tells one audience: only what applies to the audience's data subjects."""

    activity: str
    purposes: tuple[Purpose, ...]
    """The purposes concerning these data subjects, each with only the bases that apply to them."""
    bases: tuple[str, ...]
    rights: tuple[str, ...]
    """The basis-dependent rights those bases give (:func:`law.rights_of`)."""
    sources: tuple[Mapping[str, Any], ...]
    """The sources of data about these data subjects (Art. 13/14(2)(f))."""
    provisions: tuple[Mapping[str, Any], ...]
    """The "must you provide" statements for these data subjects that their bases make true
    (Art. 13(2)(e); :func:`law.provision_fits`)."""
    retention: tuple[Mapping[str, Any], ...] = ()
    """The retention rules for these data subjects' data (Art. 13(2)(a))."""
    categories: tuple[str, ...] = ()
    """The data categories concerning these data subjects (Art. 14(1)(d)): the activity's, or
    those of them the audience lists."""
    summaries: tuple[Any, ...] = ()
    """The activity's ``summary`` texts (``{nb, en}``) written to these data subjects
    (:func:`summaries_for`): a text addressed to one kind of reader is never shown to another."""


@dataclass(frozen=True)
class Audience:
    """A readers' situation: which activities concern them and what that gives them."""

    id: str
    data: Mapping[str, Any]
    activities: tuple[str, ...]
    data_subjects: tuple[str, ...]
    """The data subjects it is about: its own ``data_subjects``, or those of its activities."""
    rights: tuple[str, ...]
    """The basis-dependent rights the bases applying to these data subjects give."""
    bases: tuple[str, ...] = ()
    """The Art. 6(1) bases that apply to these data subjects, in Art. 6(1) order."""
    parts: tuple[Part, ...] = ()
    """Per activity (in the audience's order), what applies to these data subjects."""
    direct_marketing: bool = False
    """Whether any of its activities uses the data for direct marketing (Art. 21(2))."""


def is_text(value: Any) -> bool:
    """Whether a value is one bilingual text (``{nb, en}``), not a mapping of texts by key."""
    return isinstance(value, Mapping) and ("nb" in value or "en" in value)


def summaries_for(activity: Mapping[str, Any], subjects: tuple[str, ...]) -> tuple[Any, ...]:
    """The ``summary`` texts of ``activity`` for readers who are ``subjects``: the one text when
    it is written for every data subject (``{nb, en}``), else the texts its per-subject form
    (``{subject id: {nb, en}}``) gives these subjects, in their order, each once; none for a
    subject without a text of its own. An open summary is :data:`OPEN` (one value)."""
    summary = activity.get("summary")
    if summary is None or summary == "":
        return ()
    if is_open(summary) or is_text(summary) or not isinstance(summary, Mapping):
        return (summary,)
    texts: list[Any] = []
    for subject in subjects:
        text = summary.get(subject)
        if text is not None and text not in texts:
            texts.append(text)
    return tuple(texts)


def part_for(activity: Activity, subjects: tuple[str, ...],
             categories: list[str] | None = None) -> Part:
    """What ``activity`` tells readers who are ``subjects`` (see :class:`Part`); ``categories``
    (an audience's ``data_categories``) narrows the data categories shown."""
    data = activity.data
    wanted = set(subjects)
    purposes = []
    for purpose in activity.purposes:
        if not wanted & set(purpose.subjects):
            continue
        bases = tuple(e for e in purpose.bases if wanted & set(covered_subjects(data, e)))
        purposes.append(Purpose(purpose.id, purpose.text, bases, purpose.subjects))
    codes = tuple(dict.fromkeys(e["basis"] for p in purposes for e in p.bases
                                if isinstance(e.get("basis"), str)))
    sources = tuple(s for s in _entries(data.get("sources"))
                    if isinstance(s, Mapping) and wanted & set(covered_subjects(data, s)))
    provision = data.get("provision")
    listed = provision if isinstance(provision, list) else [provision]
    provisions = tuple(p for p in listed if isinstance(p, Mapping)
                       and wanted & set(covered_subjects(data, p))
                       and law.provision_fits(p.get("requirement"), codes))
    retention = tuple(r for r in _entries(data.get("retention"))
                      if isinstance(r, Mapping) and wanted & set(covered_subjects(data, r)))
    own = _listed(data, "data_categories") or []
    shown = tuple(c for c in own if categories is None or c in categories)
    return Part(activity.id, tuple(purposes), codes, law.rights_of(codes), sources, provisions,
                retention, shown, summaries_for(data, subjects))


@dataclass(frozen=True)
class PublicView:
    """What the public statement says; see the module docstring."""

    organisation: Any
    statement: Any
    recipients: Any
    """The recipients by id (``recipients.yaml``'s ``recipients`` mapping), or what the file held."""
    vocabulary: Any
    activities: Mapping[str, Activity]
    unreadable: frozenset[str]
    """Activity ids whose file could not be read (not in :attr:`activities`)."""
    audiences: tuple[Audience, ...]
    dpa: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Recipient id -> :func:`dpa_status` (its data processing agreement, confirmed or not)."""


def _bases(data: Mapping[str, Any]) -> tuple[str, ...]:
    entries = data.get("legal_basis")
    return tuple(e["basis"] for e in entries if isinstance(e, Mapping) and isinstance(e.get("basis"), str)) \
        if isinstance(entries, list) else ()


def build(records: Records, schema_dir: Path) -> PublicView:
    """The public view of ``records`` (see :data:`Records`), with public-ness from ``schema_dir``."""
    parts = {kind: public_part(kind, records.get(kind), schema_dir) for kind in SINGLE_FILES}
    recipients = parts["recipients"]
    if isinstance(recipients, Mapping) and isinstance(recipients.get("recipients"), Mapping):
        recipients = recipients["recipients"]
    activities: dict[str, Activity] = {}
    unreadable = set()
    for aid, data in (records.get("activities") or {}).items():
        shown = public_part("activity", data, schema_dir)
        if not isinstance(shown, Mapping):
            unreadable.add(aid)
            continue
        bases = _bases(shown)
        activities[aid] = Activity(aid, shown, bases, law.rights_of(bases), _purposes(shown),
                                   _balancing_confirmed(data))
    audiences = []
    statement = parts["statement"]
    for entry in _entries(statement.get("audiences")) if isinstance(statement, Mapping) else []:
        if not isinstance(entry, Mapping):
            continue
        ids = tuple(a for a in _entries(entry.get("activities")) if isinstance(a, str))
        members = [activities[a] for a in ids if a in activities]
        own = _listed(entry, "data_subjects")
        subjects = tuple(dict.fromkeys(
            own if own is not None else (s for m in members for s in activity_subjects(m.data))))
        found = [part_for(m, subjects, _listed(entry, "data_categories")) for m in members]
        codes = {b for part in found for b in part.bases}
        bases = tuple(b for b in law.BASES if b in codes)
        audiences.append(Audience(str(entry.get("id")), entry, ids, subjects, law.rights_of(bases),
                                  bases, tuple(found),
                                  any(bool(m.data.get("direct_marketing")) for m in members)))
    raw_recipients = records.get("recipients")
    raw_recipients = raw_recipients.get("recipients") if isinstance(raw_recipients, Mapping) else None
    dpa = {rid: dpa_status(rec) for rid, rec in raw_recipients.items()} \
        if isinstance(raw_recipients, Mapping) else {}
    return PublicView(parts["organisation"], statement, recipients, parts["vocabulary"],
                      activities, frozenset(unreadable), tuple(audiences), dpa)


def usable(doc: LoadedYaml | None) -> Any:
    """A loaded file's data, or ``None`` when it could not be read as YAML."""
    if doc is None or doc.data is None or any(f.rule.startswith("yaml-") for f in doc.findings):
        return None
    return doc.data


def records_of(project: Project) -> Records:
    """The :data:`Records` of a loaded project."""
    records: Records = {
        name: usable(getattr(project, name))
        if (project.root / "records" / f"{name}.yaml").is_file() else ABSENT
        for name in SINGLE_FILES
    }
    records["activities"] = {aid: usable(doc) for aid, doc in project.activities.items()}
    return records


def view_of(project: Project) -> PublicView:
    """The public view of a loaded project, with the schemas it was checked against."""
    return build(records_of(project), SCHEMA_DIR)
