"""The machine-readable statement: ``privacy.json``, language-neutral, next to the site.

One file for every language (every text is ``{"nb": ..., "en": ...}``), built
from the public view (:mod:`privacy_as_code.public`) and nothing else: private
fields never reach it. A value that is still open becomes ``{"status":
"unconfirmed"}``, a proposal ``{"status": "unconfirmed", "proposed": VALUE}``;
the question's wording never leaves the records.

Every audience carries what applies to *its* data subjects: their
``data_subjects``, the ``legal_bases`` that apply to them and the ``rights``
those bases give (Art. 15-18 and 77 always; portability only on consent or
contract, Art. 20(1)(a); objection only on public task or legitimate
interests, Art. 21(1); from :mod:`privacy_as_code.law`).

Lawful bases, Art. 9 conditions, rights, transfer mechanisms, data-source
kinds and recipient roles carry the full IRI of the matching W3C Data Privacy
Vocabulary (DPV 2.3) term (from :mod:`privacy_as_code.law`), so other tools can read the statement without
knowing our key names. The file has no timestamp: the same records always
give the same bytes, so ``privacy render --check`` can compare it.

``render`` writes it to ``docs/nb/privacy.json``; MkDocs copies it to
``site/privacy.json`` (the English build has no copy: its overview links to
the one at the site root). Its JSON Schema, ``schemas/privacy-json.schema.json``,
is published next to it as ``site/privacy.schema.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from privacy_as_code import law
from privacy_as_code.i18n import languages
from privacy_as_code.public import (
    Audience,
    PublicView,
    is_joint_controller,
    is_open,
    is_proposed,
    is_text,
    rights_texts,
)
from privacy_as_code.render.layout import STATEMENT

FORMAT = "cloudberries-privacy-statement/2"
"""Raised when the shape of privacy.json changes incompatibly (2: ``provision`` is a list, one
per group of data subjects; audiences carry ``data_subjects``, ``legal_bases`` and ``rights``)."""

UNCONFIRMED = {"status": "unconfirmed"}


def _value(value: Any) -> Any:
    """A plain value, or the unconfirmed marker for an open question (with the proposed value
    for a proposal)."""
    if is_proposed(value):
        return {**UNCONFIRMED, "proposed": value.value}
    return dict(UNCONFIRMED) if is_open(value) else value


def _text(value: Any) -> Any:
    """A ``{nb, en}`` text with exactly those two keys (or the unconfirmed marker)."""
    if is_proposed(value):
        return {**UNCONFIRMED, "proposed": _text(value.value)}
    if is_open(value):
        return dict(UNCONFIRMED)
    if isinstance(value, dict):
        return {lang: value.get(lang, "") for lang in languages()}
    return {lang: "" if value is None else str(value) for lang in languages()}


def _coded(value: Any, iris: Mapping[str, str]) -> dict[str, Any]:
    """An enum code with its DPV IRI, ``{"id": ..., "iri": ...}`` flattened by the caller, or
    the unconfirmed marker (with the proposed code and its IRI) while the code is open."""
    if is_proposed(value):
        return {**UNCONFIRMED, "proposed": {"id": value.value, "iri": iris.get(value.value, "")}}
    if is_open(value):
        return dict(UNCONFIRMED)
    return {"id": value, "iri": iris.get(value, "")}


def _each(value: Any, make: Callable[[Any], Any]) -> Any:
    """A list field's entries, each made by ``make``; a list that is open as a whole is
    ``{"status": "unconfirmed"}`` (a proposed one adds its entries, made the same way)."""
    if is_proposed(value):
        proposed = value.value
        return {**UNCONFIRMED, "proposed": [make(v) for v in proposed]
                if isinstance(proposed, list) else proposed}
    if is_open(value):
        return dict(UNCONFIRMED)
    return [make(v) for v in value or []]


def _described(value: Any) -> bool:
    """Whether an activity's ``automated_decisions`` is a confirmed Art. 22 description."""
    return isinstance(value, Mapping)


def _put(target: dict[str, Any], key: str, source: Mapping[str, Any], *, text: bool = False) -> None:
    """Copy one optional public field, converted, when the record has it."""
    if key in source and source[key] is not None:
        target[key] = _text(source[key]) if text else _value(source[key])


class Statement:
    """The public statement as plain JSON data, built from a loaded project."""

    def __init__(self, view: PublicView) -> None:
        self.view = view
        self.org = view.organisation or {}
        self.statement = view.statement or {}
        self.recipients = view.recipients or {}
        self.vocab = view.vocabulary or {}
        self.activities = {k: a.data for k, a in view.activities.items()}

    def label(self, section: str, key: str) -> dict[str, Any]:
        entry = (self.vocab.get(section) or {}).get(key) or {}
        result: dict[str, Any] = {"id": key}
        if entry.get("label"):
            result["label"] = _text(entry["label"])
        if section == "data_categories":
            result["special"] = bool(entry.get("special"))
            result["criminal"] = bool(entry.get("criminal"))
        return result

    def controller(self) -> dict[str, Any]:
        ctrl = self.org.get("controller") or {}
        result: dict[str, Any] = {"iri": law.CONTROLLER_IRI}
        for key in ("legal_name", "organisation_number", "email", "telephone", "website"):
            _put(result, key, ctrl)
        address = ctrl.get("address")
        if is_open(address):
            result["address"] = dict(UNCONFIRMED)
        elif isinstance(address, dict):
            result["address"] = {k: _value(address[k]) for k in ("street", "postcode", "city", "country")
                                 if k in address}
        return result

    def dpo(self) -> dict[str, Any]:
        dpo = self.org.get("dpo") or {}
        appointed = dpo.get("appointed")
        # Open (or proposed): unconfirmed, never a guessed true or false (issue 13).
        result: dict[str, Any] = {"iri": law.DPO_IRI, "appointed": _value(appointed) if is_open(appointed)
                                  else appointed is True}
        if appointed is True:
            _put(result, "name", dpo)
            _put(result, "email", dpo)
        return result

    def authority(self) -> dict[str, Any]:
        auth = self.org.get("supervisory_authority") or {}
        result: dict[str, Any] = {"iri": law.AUTHORITY_IRI}
        _put(result, "name", auth, text=True)
        _put(result, "url", auth)
        _put(result, "complaint_url", auth)
        return result

    def rights(self) -> list[dict[str, Any]]:
        texts = rights_texts(self.statement)
        order = list(self.activities)
        everyone = order

        def having(right: str) -> list[str]:
            return [a for a in order if right in self.view.activities[a].rights]

        applies = {
            "access": everyone, "rectification": everyone, "erasure": everyone,
            "restriction": everyone,
            "portability": having("portability"),
            "objection": having("objection"),
            "objection_direct_marketing": [a for a in order if self.activities[a].get("direct_marketing")],
            "withdraw_consent": having("withdraw_consent"),
            "complaint": everyone,
        }
        result = []
        for right, activities in applies.items():
            if right not in texts and right != "complaint":
                continue
            entry: dict[str, Any] = {"right": right, "iri": law.RIGHT_IRI[right]}
            if right in texts:
                entry["text"] = _text(texts[right])
            entry["applies_to"] = activities
            if right == "erasure":
                entry["limited_for"] = having("erasure_limited")
            result.append(entry)
        automated = [a for a in order if _described(self.activities[a].get("automated_decisions"))]
        if automated:
            result.append({"right": "automated_decisions", "iri": law.RIGHT_IRI["automated_decisions"],
                           "applies_to": automated})
        if texts.get("how_to"):
            result.append({"right": "how_to", "text": _text(texts["how_to"])})
        return result

    def legal_basis(self, entry: dict[str, Any]) -> dict[str, Any]:
        coded = _coded(entry.get("basis"), law.BASIS_IRI)
        result: dict[str, Any] = {"basis": coded.pop("id"), **coded} if "id" in coded else {"basis": coded}
        if "purposes" in entry:
            result["purposes"] = list(entry["purposes"])
        if "data_subjects" in entry:
            result["data_subjects"] = list(entry["data_subjects"])
        # A text for one kind of basis (withdrawal, interest, statute) only beside that basis
        # confirmed: beside an open one it would claim the basis it presumes.
        for key in ("explanation", "withdrawal", "interest"):
            if law.basis_text_applies(key, entry.get("basis")):
                _put(result, key, entry, text=True)
        for key in ("statute", "statute_url"):
            if law.basis_text_applies(key, entry.get("basis")):
                _put(result, key, entry)
        return result

    def retention(self, rule: dict[str, Any]) -> dict[str, Any]:
        event = (self.vocab.get("retention_events") or {}).get(rule.get("from")) or {}
        result: dict[str, Any] = {"period": _value(rule.get("period")),
                                  "from": {"id": rule.get("from")}}
        if event.get("after"):
            result["from"]["text"] = _text(event["after"])
        result["then"] = _value(rule.get("then"))
        _put(result, "archive_statute", rule)
        # An upper limit is said as one ("up to"), never left to be read as a fixed period;
        # a range's period is its upper limit.
        if rule.get("up_to") is True or rule.get("normally") is not None:
            result["up_to"] = True
        _put(result, "normally", rule)
        _put(result, "condition", rule, text=True)
        _put(result, "data", rule, text=True)
        result["statutory"] = bool(rule.get("statutory"))
        limit = law.statutory_limit(rule.get("statutory"))
        if limit:
            result["statutory_limit"] = limit
        _put(result, "statute", rule)
        _put(result, "note", rule, text=True)
        if rule.get("data_subjects"):
            result["data_subjects"] = list(rule["data_subjects"])
        return result

    def source(self, src: dict[str, Any]) -> dict[str, Any]:
        coded = _coded(src.get("kind"), law.SOURCE_IRI)
        result: dict[str, Any] = {"kind": coded.pop("id"), **coded} if "id" in coded else {"kind": coded}
        _put(result, "description", src, text=True)
        if src.get("data_categories"):
            result["data_categories"] = list(src["data_categories"])
        if src.get("data_subjects"):
            result["data_subjects"] = list(src["data_subjects"])
        return result

    def transfers(self, value: Any) -> Any:
        if value == "none" or value is None:
            return "none"
        if is_open(value):
            return dict(UNCONFIRMED)
        result = []
        for tr in value:
            if is_open(tr):  # an unknown transfer next to the known ones
                result.append(dict(UNCONFIRMED))
                continue
            mech = tr.get("mechanism")
            entry: dict[str, Any] = {"recipient": tr.get("recipient"),
                                     "country": _value(tr.get("country"))}
            if is_proposed(mech):
                entry["mechanism"] = {**UNCONFIRMED, "proposed": {
                    "id": mech.value, "iri": law.MECHANISM_IRI.get(mech.value, "")}}
            elif is_open(mech):
                entry["mechanism"] = dict(UNCONFIRMED)
            else:
                entry["mechanism"] = {"id": mech, "iri": law.MECHANISM_IRI.get(mech, "")}
                framework = law.adequacy_framework(tr.get("country")) if mech == "adequacy" else None
                if framework:
                    entry["mechanism"]["framework"] = framework
            _put(entry, "safeguards", tr, text=True)
            result.append(entry)
        return result

    def activity(self, aid: str, a: Mapping[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {"id": aid, "name": _text(a.get("name"))}
        summary = a.get("summary")
        if isinstance(summary, Mapping) and not is_text(summary):  # per data subject, as recorded
            result["summary"] = {subject: _text(text) for subject, text in summary.items()}
        else:
            _put(result, "summary", a, text=True)
        result["data_subjects"] = [self.label("data_subjects", k) for k in a.get("data_subjects") or []]
        result["data_categories"] = _each(a.get("data_categories"),
                                          lambda k: self.label("data_categories", k))
        result["purposes"] = _each(a.get("purposes"), lambda p: {
            "id": p.get("id"), "text": _text(p.get("text")),
            **({"data_subjects": list(p["data_subjects"])} if p.get("data_subjects") else {})})
        result["legal_basis"] = _each(a.get("legal_basis"), self.legal_basis)
        special = a.get("special_categories")
        if isinstance(special, dict):
            coded = _coded(special.get("condition"), law.SPECIAL_CONDITION_IRI)
            entry: dict[str, Any] = {"condition": coded.pop("id"), **coded} if "id" in coded \
                else {"condition": coded}
            _put(entry, "explanation", special, text=True)
            _put(entry, "statute", special)
            result["special_categories"] = entry
        result["retention"] = _each(a.get("retention"), self.retention)
        result["sources"] = _each(a.get("sources"), self.source)
        recipients = a.get("recipients")
        result["recipients"] = _value(recipients) if is_open(recipients) else \
            "none" if recipients in (None, "none") else list(recipients)
        result["transfers"] = self.transfers(a.get("transfers"))
        automated: Any = a.get("automated_decisions")
        if _described(automated):
            result["automated_decisions"] = {k: _text(automated.get(k))
                                             for k in ("description", "logic", "significance")}
        elif is_proposed(automated):
            proposed = automated.value
            result["automated_decisions"] = {**UNCONFIRMED, "proposed": {
                k: _text(proposed.get(k)) for k in ("description", "logic", "significance")}
                if isinstance(proposed, Mapping) else proposed}
        elif is_open(automated):
            result["automated_decisions"] = dict(UNCONFIRMED)
        else:
            result["automated_decisions"] = "none"
        if "profiling" in a:
            result["profiling"] = self.profiling(aid, a["profiling"])
        marketing = a.get("direct_marketing")
        result["direct_marketing"] = bool(marketing)
        if isinstance(marketing, dict) and "electronic" in marketing:
            result["electronic_marketing"] = _value(marketing["electronic"])
        provision = a.get("provision")
        listed = provision if isinstance(provision, list) else [provision]
        provisions = [{"requirement": _value(p.get("requirement")), "consequences": _text(p.get("consequences")),
                       **({"data_subjects": list(p["data_subjects"])} if p.get("data_subjects") else {})}
                      for p in listed if isinstance(p, dict)]
        if provisions:
            result["provision"] = provisions
        tracking = a.get("tracking")
        if tracking is not None:
            result["tracking"] = list(tracking) if isinstance(tracking, list) else _value(tracking)
        return result

    def technology(self, site: Mapping[str, Any], tech: Mapping[str, Any]) -> dict[str, Any]:
        """One technology of a website, with the activities that name it in ``tracking`` (none
        while its name is not confirmed: nothing can name it yet)."""
        name = tech.get("name")
        return {
            "name": _value(name), "kind": _value(tech.get("kind")), "provider": _value(tech.get("provider")),
            "purpose": _text(tech.get("purpose")), "category": _value(tech.get("category")),
            "lifetime": _text(tech.get("lifetime")),
            "used_by": [aid for aid, a in self.activities.items() if isinstance(name, str)
                        and isinstance(a.get("tracking"), list)
                        and f"{site.get('id')}/{name}" in a["tracking"]],
        }

    def website(self, site: Mapping[str, Any]) -> dict[str, Any]:
        """One website of ``statement.yaml`` ``websites`` with its consent mechanism and its
        technologies, each with the ids of the activities that name it in ``tracking``."""
        result: dict[str, Any] = {"id": site.get("id"), "name": _text(site.get("name"))}
        _put(result, "url", site)
        result["generated"] = site.get("generated") is True
        consent = site.get("consent")
        if isinstance(consent, dict) and not is_open(consent):
            result["consent"] = {"tool": _value(consent.get("tool")),
                                 "description": _text(consent.get("description"))}
        else:
            result["consent"] = _value(consent)
        result["storage"] = _each(site.get("storage"), lambda tech: self.technology(site, tech))
        return result

    def profiling(self, aid: str, value: Any) -> Any:
        """``"none"``, a description with whether the reader can object (Art. 21(1): the activity
        gives the right to object), or the unconfirmed marker (a proposal's value inside)."""
        if is_proposed(value):
            return {**UNCONFIRMED, "proposed": self.profiling(aid, value.value)}
        if is_open(value):
            return dict(UNCONFIRMED)
        if not isinstance(value, Mapping):
            return "none"
        result: dict[str, Any] = {"description": _text(value.get("description"))}
        _put(result, "logic", value, text=True)
        _put(result, "consequences", value, text=True)
        result["objection"] = "objection" in self.view.activities[aid].rights
        return result

    def recipient(self, rid: str, rec: dict[str, Any]) -> dict[str, Any]:
        coded = _coded(rec.get("role"), law.ROLE_IRI)
        result: dict[str, Any] = {"id": rid, "name": _text(rec.get("name")),
                                  **({"role": coded.pop("id"), **coded} if "id" in coded else {"role": coded})}
        _put(result, "vendor", rec)
        category = rec.get("category")
        if isinstance(category, Mapping):  # a category of recipients (Art. 13(1)(e)), not a name
            result["category"] = {}
            _put(result["category"], "type", category, text=True)
            _put(result["category"], "sector", category, text=True)
        _put(result, "description", rec, text=True)
        if is_joint_controller(rec):  # as the pages: another role's arrangement is no fact to publish
            _put(result, "arrangement", rec, text=True)
            _put(result, "contact", rec)
        result["country"] = _value(rec.get("country"))  # one code or the list of codes, as written
        _put(result, "url", rec)
        status = self.view.dpa.get(rid, "")
        if status:  # a processor: whether its Art. 28(3) agreement is confirmed (never its reference)
            result["data_processing_agreement"] = {"status": "confirmed" if status == "confirmed"
                                                   else "unconfirmed"}
        return result

    def scope(self) -> dict[str, Any]:
        """What the statement covers: ``processor`` is ``"none"``, a text (the processing done
        for others as their processor, Art. 28, which the statement does not cover) or unconfirmed."""
        scope = self.statement["scope"]
        processor = scope.get("processor")
        result: dict[str, Any] = {"processor": processor if processor == "none" else _text(processor)}
        _put(result, "note", scope, text=True)
        return result

    def children(self) -> dict[str, Any]:
        """Children (Art. 8): ``directed_at_children``, an ``age_limit`` when given, and the age
        below which a parent consents (:data:`law.CHILD_CONSENT_AGE`)."""
        children = self.statement["children"]
        result: dict[str, Any] = {"directed_at_children": _value(children.get("directed_at_children")),
                                  "parental_consent_below": law.CHILD_CONSENT_AGE}
        _put(result, "age_limit", children)
        _put(result, "note", children, text=True)
        return result

    def audience(self, audience: Audience) -> dict[str, Any]:
        """One readers' situation with what applies to its data subjects (see the module doc)."""
        aud = audience.data
        rights = list(law.BASE_RIGHTS)
        rights += [r for r in audience.rights if r in law.RIGHT_IRI]  # not the erasure limit
        if audience.direct_marketing:
            rights.append("objection_direct_marketing")
        if any(_described(self.activities.get(a, {}).get("automated_decisions"))
               for a in audience.activities):
            rights.append("automated_decisions")
        rights.append("complaint")
        return {
            "id": aud.get("id"), "title": _text(aud.get("title")),
            **({"intro": _text(aud["intro"])} if aud.get("intro") else {}),
            "activities": list(audience.activities),
            "data_subjects": [self.label("data_subjects", s) for s in audience.data_subjects],
            **({"data_categories": list(aud["data_categories"])} if aud.get("data_categories") else {}),
            "legal_bases": [{"basis": b, "iri": law.BASIS_IRI[b]} for b in audience.bases],
            "rights": [{"right": r, "iri": law.RIGHT_IRI[r]} for r in rights],
        }

    def data(self) -> dict[str, Any]:
        st = self.statement
        return {
            "$schema": "privacy.schema.json",
            "format": FORMAT,
            "languages": list(languages()),
            # The main language is served at the site root, every other under /<lang>/.
            "pages": {lang: STATEMENT.served(lang) or "./" for lang in languages()},
            "version": _value(st.get("version")),
            "effective_date": _value(st.get("effective_date")),
            "changelog": [{"version": _value(c.get("version")), "date": _value(c.get("date")),
                           "changes": _text(c.get("changes"))} for c in st.get("changelog") or []],
            "title": _text(st.get("title")),
            "intro": _text(st.get("intro")),
            "controller": self.controller(),
            "dpo": self.dpo(),
            "supervisory_authority": self.authority(),
            "audiences": [self.audience(aud) for aud in self.view.audiences],
            "activities": [self.activity(aid, a) for aid, a in self.activities.items()],
            "recipients": [self.recipient(rid, rec) for rid, rec in self.recipients.items()],
            "rights": self.rights(),
            "websites": [self.website(site) for site in st.get("websites") or []],
            **({"security": _text(st["security"])} if st.get("security") else {}),
            **({"scope": self.scope()} if isinstance(st.get("scope"), Mapping) else {}),
            **({"children": self.children()} if isinstance(st.get("children"), Mapping) else {}),
        }


def dumps(data: Any) -> str:
    """The one serialisation: 2-space indent, UTF-8 text, key order as built, final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def statement_json(view: PublicView) -> str:
    """``privacy.json``'s text (without the generated ``$comment``), from the public view."""
    return dumps(Statement(view).data())


def schema_json(schema_file: Path) -> str:
    """The published copy of ``privacy-json.schema.json`` (re-serialised the same way)."""
    return dumps(json.loads(schema_file.read_text("utf-8")))
