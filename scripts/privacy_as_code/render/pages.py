"""Records -> Markdown pages, one set per language.

The pages read the public view (:mod:`privacy_as_code.public`) and nothing
else, so no private field can reach a page. Values that are still open
(:data:`~privacy_as_code.public.OPEN`) render as an explicit "not yet
confirmed" marker, never as a fact and never with the question text.

Templates live in ``privacy_as_code/templates``; every value they print is
escaped by :func:`_finalize` unless it is :class:`~.markdown.Md` built here.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from privacy_as_code import law
from privacy_as_code.i18n import Words, all_words, is_zero_period
from privacy_as_code.public import (
    Part,
    PublicView,
    is_joint_controller,
    is_open,
    is_proposed,
    rights_texts,
    view_of,
)
from privacy_as_code.render import guide
from privacy_as_code.render.layout import SECTIONS, SHARED_PAGE, STATEMENT, Section, situation_page
from privacy_as_code.render.machine import schema_json, statement_json
from privacy_as_code.render.markdown import Md, anchor, inline, join, link, mailto, paragraphs
from privacy_as_code.render.sharing import Shared, shared_activities
from privacy_as_code.render.wording import country_name
from privacy_as_code.resources import SCHEMA_DIR, TEMPLATE_DIR

if TYPE_CHECKING:
    from privacy_as_code.project import Project

PAGES = STATEMENT.pages
"""The statement's pages; the same file names in docs/nb and docs/en. The editors' guide's
are :data:`~.layout.GUIDE`'s, in docs/guide/<lang> (see :mod:`~.layout`)."""

SITUATION_TEMPLATE = "situation.md"
"""The template of each readers' situation's page (:func:`~.layout.situation_page`)."""

DATA_FILES = ("privacy.json", "privacy.schema.json")
"""Written once, into the main language's docs (docs/nb): MkDocs copies them to the site root."""
PRIVACY_SCHEMA = "privacy-json.schema.json"


class RenderError(Exception):
    """The records cannot be turned into a truthful page (e.g. a reference to nothing)."""


def _finalize(value: Any) -> str:
    if isinstance(value, Md):
        return value
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined raises here, naming the missing variable
    if isinstance(value, str | int) and not isinstance(value, bool):
        return inline(value)
    raise TypeError(f"a template tried to print {type(value).__name__} {value!r}; "
                    "turn it into text in pages.py first")


def _indent(value: Any, width: int = 4) -> Md:
    text = value if isinstance(value, Md) else inline(value)
    pad = " " * width
    return Md("\n".join(pad + line if line else line for line in text.split("\n")))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=False,  # Markdown, not HTML: escaping is _finalize's job
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown heading ids are written {#id}; Jinja comments are <#- ... -#>.
        comment_start_string="<#-",
        comment_end_string="-#>",
    )
    env.filters["indent"] = _indent
    env.filters["paras"] = paragraphs
    return env


class View:
    """Everything one language's pages need, as escaped-on-output values."""

    def __init__(self, view: PublicView, words: Words, base: str = "") -> None:
        self.view = view
        self.base = Md(base)
        """The way from the page being written to the statement's root folder: ``""`` for the
        top pages, ``"../"`` for a situation page (links between pages are relative)."""
        self.words = words
        self.lang = words.lang
        self.org = view.organisation or {}
        self.statement = view.statement or {}
        self.recipients = view.recipients or {}
        self.vocab = view.vocabulary or {}
        self.activities = {k: a.data for k, a in view.activities.items()}
        self.labels = words.page
        missing = [f"{a['id']} -> {act}" for a in self.statement.get("audiences", [])
                   for act in a.get("activities", []) if act not in self.activities]
        if missing:
            raise RenderError("statement.yaml audiences name activities that do not exist: "
                              + ", ".join(missing))

    # --- small helpers -------------------------------------------------------
    def t(self, key: str, **values: Any) -> Md:
        """A label of the renderer, with record values escaped into it.

        While the contact address is open, a sentence given the ``email`` takes its
        ``<key>_no_address`` wording where the catalogue has one: "Write to not yet confirmed"
        tells the reader nothing, so the open address is said once, not in every sentence.
        """
        if "email" in values and self.address_open and f"{key}_no_address" in self.labels:
            key = f"{key}_no_address"
        return Md(self.labels[key].format(**{k: inline(v) for k, v in values.items()}))

    def tx(self, text: Any) -> str:
        """The reader's language out of a ``{nb, en}`` record text; a proposal with its marker."""
        if is_proposed(text):
            return self.t("proposed", value=self.tx(text.value))
        if is_open(text):
            return self.t("open")
        if isinstance(text, dict):
            return self.words.text(text)
        return "" if text is None else str(text)

    def value(self, value: Any) -> Any:
        """A plain value; "not yet confirmed" for an open one; a proposal shown with its marker."""
        if is_proposed(value):
            return self.t("proposed", value=value.value)
        return self.t("open") if is_open(value) else value

    def whole_open(self, value: Any) -> Md | None:
        """The marker for a list that is open as a whole (the records say the whole list is
        unknown): "not yet confirmed", also for a proposed list, whose entries only
        ``privacy.json`` and the Art. 30 export carry; ``None`` for a list that is not open."""
        return self.t("open") if is_open(value) else None

    def strong(self, value: Any) -> Md:
        """``value`` in bold; a "not yet confirmed" marker as it stands (it is bold already, and
        bold inside bold prints its asterisks: "****not yet confirmed****")."""
        if is_open(value):
            return Md(self.value(value))
        shown = value if isinstance(value, Md) else inline(value)
        return shown if shown.startswith("**") and shown.endswith("**") else Md(f"**{shown}**")

    def term(self, kind: str, code: Any) -> Any:
        """The words for an enum code (``term("basis", "consent")``); "not yet confirmed" for an
        open code, the proposed code's words with their marker for a proposal."""
        if is_proposed(code):
            return self.t("proposed", value=self.words.term(kind, code.value))
        return self.t("open") if is_open(code) else self.words.term(kind, code)

    def listing(self, items: list[Any], conjunction: str = "and") -> Md:
        """``a, b og c``; when an item holds the conjunction itself ("navn og e-post"), a comma
        goes before the last one too ("navn og e-post, og arbeidsgiver"), so the reader sees
        where each item ends."""
        word = self.words.grammar[conjunction]
        if len(items) > 1 and any(f" {word} " in str(item) for item in items):
            return Md(", ".join(inline(i) for i in items[:-1]) + f", {word} " + inline(items[-1]))
        return join(items, word)

    def vocab_label(self, section: str, key: str) -> str:
        entry = (self.vocab.get(section) or {}).get(key)
        return self.tx(entry["label"]) if entry else key

    def vocab_in_sentence(self, section: str, key: str) -> str:
        """A vocabulary label as written inside a sentence: its ``in_sentence`` when the
        record gives one ("navn og e-postadresse"), else the label as it stands."""
        entry = (self.vocab.get(section) or {}).get(key)
        if entry and entry.get("in_sentence"):
            return self.tx(entry["in_sentence"])
        return self.vocab_label(section, key)

    def name_in_sentence(self, activity: Mapping[str, Any]) -> str:
        """An activity's name inside a sentence: ``in_sentence`` when given, else ``name``."""
        return self.tx(activity.get("in_sentence") or activity["name"])

    @staticmethod
    def meta_title(text: str) -> Md:
        """A page title for YAML front matter: HTML-escaped (Material prints ``page.meta.title``
        into the page unescaped) and written as a JSON string, which YAML reads as it is.

        A situation's page is outside the navigation, so without it MkDocs would title the page
        from its file name ("Subcontracted consultants" on the Norwegian page): the generated
        header comment stands before the heading MkDocs would otherwise take."""
        return Md(json.dumps(html.escape(text, quote=False), ensure_ascii=False))

    def page_of(self, audience_id: str) -> Md:
        """The link target of a situation's page from the page being written."""
        return Md(self.base + situation_page(audience_id))

    def country(self, code: Any) -> Any:
        """A country's name (Babel), or a recipient's several countries joined with the
        catalogue's "og"/"and" (``[NO, US]`` -> "Norge og USA"); open or proposed as such."""
        if is_proposed(code):
            return self.t("proposed", value=self.country(code.value))
        if is_open(code):
            return self.value(code)
        if isinstance(code, list):
            return self.listing([country_name(c, self.lang) for c in code])
        return country_name(code, self.lang)

    def date(self, iso: Any) -> Any:
        return self.value(iso) if is_open(iso) else self.words.date(iso)

    @property
    def controller_name(self) -> Any:
        return self.value(self.org.get("controller", {}).get("legal_name", ""))

    @property
    def address_open(self) -> bool:
        """Whether the controller's contact e-mail is not confirmed (open or proposed)."""
        return is_open(self.org.get("controller", {}).get("email"))

    @property
    def email(self) -> Md:
        address = self.org.get("controller", {}).get("email")
        return self.t("open") if is_open(address) else mailto(address)

    @property
    def authority(self) -> Md:
        auth = self.org.get("supervisory_authority") or {}
        return self.link_or_open(auth.get("name"), auth.get("url"))

    def link_or_open(self, text: Any, url: Any) -> Md:
        """``text`` linked to ``url``; with "not yet confirmed" beside it, unlinked, while the
        address is open (a link to an unconfirmed address is never published)."""
        if is_open(url):
            return Md(f"{inline(self.tx(text))} ({self.t('open')})")
        return link(self.tx(text), self.tx(url))

    @property
    def complaint_link(self) -> Md:
        auth = self.org.get("supervisory_authority") or {}
        return self.link_or_open(auth.get("name"), auth.get("complaint_url") or auth.get("url"))

    @property
    def complaint_page_own(self) -> bool:
        """Whether the authority has a complaint page of its own (``complaint_url``), so a
        sentence pointing to it links somewhere the authority's name does not already."""
        auth = self.org.get("supervisory_authority") or {}
        # Compared in the reader's language: the address may be given per language.
        own = self.tx(auth.get("complaint_url"))
        return bool(own) and own != self.tx(auth.get("url"))

    # --- activities ----------------------------------------------------------
    def basis_md(self, entry: Mapping[str, Any], balancing_confirmed: bool = False) -> Md:
        basis = entry.get("basis")
        phrase = self.term("basis", basis)
        # An open basis is its marker ("not yet confirmed"), still a sentence of its own.
        parts = [Md(f"{phrase}.") if is_open(basis)
                 else inline(phrase[0].upper() + phrase[1:]) + "."]

        def told(key: str) -> bool:  # a text for one kind of basis only beside it, confirmed
            return entry.get(key) is not None and law.basis_text_applies(key, basis)

        statute = entry.get("statute")
        if told("statute"):
            shown = self.value(statute) if is_open(statute) else link(statute, entry.get("statute_url"))
            parts.append(Md(f"{self.t('statute')}: {shown}."))
        if told("interest") and entry["interest"]:
            parts.append(Md(f"{self.t('interest')}: {inline(self.tx(entry['interest']))}"))
            # Offered only where the balancing test's reference is confirmed (Art. 5(2)).
            if balancing_confirmed:
                parts.append(self.t("balancing_on_request"))
        if entry.get("explanation"):
            parts.append(inline(self.tx(entry["explanation"])))
        if told("withdrawal") and entry["withdrawal"]:
            parts.append(Md(f"{self.t('withdraw_how')}: {inline(self.tx(entry['withdrawal']))}"))
        return Md(" ".join(parts))

    def purposes(self, part: Part) -> list[dict]:
        """The purposes, each group of neighbours with the same bases once with those bases:
        ``[{"texts": [purpose, ...], "bases": [basis, ...]}]``, so the same legitimate
        interest is not repeated under every purpose it covers."""
        done = self.view.activities[part.activity].balancing_confirmed
        data = self.activities[part.activity]
        basis_open = self.whole_open(data.get("legal_basis"))
        if self.whole_open(data.get("purposes")) is not None:
            # The purposes are not confirmed: say so, with the bases as far as they are known.
            entries = data.get("legal_basis")
            bases = [basis_open] if basis_open is not None else [
                self.basis_md(e) for e in entries if isinstance(e, Mapping)] \
                if isinstance(entries, list) else []
            return [{"texts": [self.whole_open(data.get("purposes"))], "bases": bases}]
        groups: list[dict] = []
        for p in part.purposes:
            bases = [basis_open] if basis_open is not None else \
                [self.basis_md(e, p.id in done) for e in p.bases]
            if groups and groups[-1]["bases"] == bases:
                groups[-1]["texts"].append(self.tx(p.text))
            else:
                groups.append({"texts": [self.tx(p.text)], "bases": bases})
        return groups

    def _span(self, period: Any, after: str) -> Md:
        """``6 months after X``; a proposal marked as one; an open period said to be open."""
        if is_proposed(period):
            when = Md(f"{inline(self.words.duration(period.value))} {inline(after)}")
            return self.t("proposed", value=when)
        if is_open(period):
            return self.t("period_open", open=self.t("open"), after=after)
        return Md(f"{inline(self.words.duration(period))} {inline(after)}")

    def retention_when(self, rule: Mapping[str, Any], after: str) -> Md:
        """How long, as the page says it: a fixed period ("6 months after X"), a maximum
        ("up to 24 months after X", ``up_to``) or a range ("normally 3 months after X, at the
        latest 1 year after X", ``normally``). An upper limit is never said as a fixed period."""
        period, normally = rule.get("period"), rule.get("normally")
        span = self._span(period, after)
        if isinstance(normally, str) and isinstance(period, str):
            return self.t("retention_range", normally=self.words.duration(normally),
                          latest=self.words.duration(period), after=after)
        if normally is not None:  # either end unconfirmed: each said with its own marker
            return self.t("retention_range_marked", normally=self._span(normally, after),
                          latest=span)
        if rule.get("up_to") is True:
            return self.t("retention_up_to", span=span)
        return span

    def _then(self, rule: Mapping[str, Any], key: str, **values: Any) -> Md:
        """``then_<then>`` or ``now_<then>``: deleted, anonymised, or archived under its statute."""
        then = rule.get("then", "delete")
        statute = rule.get("archive_statute")
        return self.t(f"{key}_{then}", statute=self.t("open") if statute is None else self.value(statute),
                      **values)

    def _event(self, rule: Mapping[str, Any]) -> Mapping[str, Any]:
        """The vocabulary's retention event a rule runs from (``{}`` when unknown)."""
        return (self.vocab.get("retention_events") or {}).get(rule.get("from")) or {}

    def retention_rule(self, rule: Mapping[str, Any]) -> Md:
        event = self._event(rule)
        after = self.tx(event["after"]) if event else str(rule.get("from"))
        period: Any = rule.get("period")
        if is_open(rule.get("then")):  # what happens at the end is not confirmed: no "deleted"
            return self._retention_then_open(rule, after)
        if self._zero(period):  # "deleted when X", never "immediately" and a period
            now = self._then(rule, "now", when=self._when(rule, "proposed"))
            # After the data's own label the verb follows ("X: deleted when ..."); alone, a subject.
            sentence = Md(f"{now}.") if rule.get("data") else self.t("now_sentence", now=now)
        else:
            sentence = Md(f"{self.retention_when(rule, after)}, {self._then(rule, 'then')}.")
        condition = self.tx(rule["condition"]) if rule.get("condition") else ""
        if rule.get("data") and condition:
            sentence = self.t("retention_data_condition", data=self.tx(rule["data"]),
                              condition=condition, rule=sentence)
        elif condition:
            sentence = self.t("retention_condition", rule=sentence,
                              condition=condition[:1].upper() + condition[1:])
        elif rule.get("data"):
            sentence = Md(f"{inline(self.tx(rule['data']))}: {sentence}")
        limit = law.statutory_limit(rule.get("statutory"))
        if rule.get("statutory") and rule.get("statute"):
            key = f"statutory_{limit}" if limit else "statutory"
            sentence = Md(f"{sentence} {self.t(key, statute=self.value(rule['statute']))}")
        if rule.get("note"):
            sentence = Md(f"{sentence} {inline(self.tx(rule['note']))}")
        return sentence

    @staticmethod
    def _zero(period: Any) -> bool:
        """Whether a period, confirmed or proposed, is zero (``P0D``)."""
        value = period.value if is_proposed(period) else period
        return isinstance(value, str) and not is_open(value) and is_zero_period(value)

    def _when(self, rule: Mapping[str, Any], marker: str) -> Md:
        """A zero period as the moment it ends: the event's ``when`` ("when the recruitment
        process ends"), else "immediately" + its ``after``; a proposal with ``marker``."""
        event = self._event(rule)
        if event.get("when"):
            when = Md(inline(self.tx(event["when"])))
        else:
            when = self.t("when_after", after=self.tx(event["after"]) if event.get("after")
                          else str(rule.get("from")))
        return self.t(marker, value=when) if is_proposed(rule.get("period")) else when

    def labelled_retention(self, part: Part) -> list[Md]:
        """Each retention rule as "what: how long" for the first layer ("Hvis du ikke får
        jobben: 6 måneder"); the label is the rule's short ``label``, else its ``data``
        text, else the activity's name."""
        act = self.activities[part.activity]
        unknown = self.whole_open(act.get("retention"))
        if unknown is not None:  # how long is not confirmed for any of its data
            return [Md(f"{inline(self.tx(act['name']))}: {unknown}")]
        return [Md(f"{inline(self.tx(rule.get('label') or rule.get('data') or act['name']))}: "
                   f"{self.period_only(rule)}") for rule in part.retention]

    def _duration_only(self, period: Any) -> Md:
        if is_proposed(period):
            return self.t("proposed_short", value=self.words.duration(period.value))
        if is_open(period):
            return self.t("open")
        return inline(self.words.duration(period))

    def period_only(self, rule: Mapping[str, Any]) -> Md:
        """A rule's period alone ("6 måneder", "når rekrutteringen er avsluttet", "inntil 24 måneder", "vanligvis 3
        måneder, senest 1 år"), for the first layer: the event it runs from, what happens then
        and the statute are on the situation's page. An upper limit stays an upper limit."""
        if self._zero(rule.get("period")) and rule.get("normally") is None:
            # A bare "immediately" says nothing: after what? The event says when.
            return self._when(rule, "proposed_short")
        span = self._duration_only(rule.get("period"))
        if rule.get("normally") is not None:
            when = self.t("retention_range_marked",
                          normally=self._duration_only(rule["normally"]), latest=span)
        elif rule.get("up_to") is True:
            when = self.t("retention_up_to", span=span)
        else:
            return span
        return Md(when[:1].lower() + when[1:])  # after the label: "Klager: vanligvis 3 måneder"

    def _retention_then_open(self, rule: Mapping[str, Any], after: Any) -> Md:
        when = self.retention_when(rule, after)
        then: Any = rule.get("then")
        outcome = self.t("proposed", value=self.t("then_" + str(then.value))) if is_proposed(then) \
            else self.t("open")
        sentence = self.t("then_open", when=when, open=outcome)
        if rule.get("data"):
            sentence = Md(f"{inline(self.tx(rule['data']))}: {sentence}")
        return sentence

    def recipient_refs(self, activity: Mapping[str, Any]) -> Md | None:
        ids = activity.get("recipients")
        if is_open(ids):  # whether anyone receives the data is not confirmed: no "nobody"
            return self.value(ids) if not is_proposed(ids) or ids.value == "none" else \
                self.t("proposed", value=self.recipient_refs({"recipients": ids.value}) or "")
        if ids == "none" or not ids:
            return None
        refs = []
        for rid in ids:
            rec = self.recipients.get(rid)
            if not rec:
                raise RenderError(f"an activity names the recipient '{rid}', which recipients.yaml lacks")
            # An unconfirmed part names itself ("country not yet confirmed"): a bare marker
            # after the role reads as if the role were the open fact.
            role: Any = self.term("role", rec.get("role"))
            if is_open(rec.get("role")):
                role = self.t("unconfirmed_role", role=role)
            where: Any = self.country(rec.get("country"))
            if is_open(rec.get("country")):
                where = self.t("unconfirmed_country", country=where)
            refs.append(Md(f"[{inline(self.tx(rec['name']))}]({self.base}recipients.md#{anchor(rid)}) "
                           f"({inline(role)}, {inline(where)})"))
        return self.listing(refs)

    def joint_controllers(self, activity: Mapping[str, Any]) -> list[Md]:
        """For each joint controller among the activity's recipients, one sentence with the
        essence of the arrangement (Art. 26(2): made available to the data subject, so where
        the reader meets that recipient) and the contact point (Art. 26(1))."""
        ids = activity.get("recipients")
        lines = []
        for rid in ids if isinstance(ids, list) else []:
            rec = self.recipients.get(rid) or {}
            if is_joint_controller(rec):
                lines.append(self.joint_line(rec))
        return lines

    def joint_line(self, rec: Mapping[str, Any]) -> Md:
        """"Vi og X er felles behandlingsansvarlige. Hovedinnholdet i avtalen: ... Kontaktpunkt: ...";
        an arrangement or contact the records lack or leave open is "not yet confirmed"."""
        arrangement = rec.get("arrangement")
        essence: Any = self.tx(arrangement) if arrangement is not None else self.t("open")
        if not str(essence).rstrip("*_").endswith((".", "!", "?")):
            # The catalogue's next sentence follows it: "ikke avklart ennå" needs its full stop.
            essence = Md(f"{inline(essence)}.")
        contact = rec.get("contact")
        return self.t("joint_line", name=self.tx(rec.get("name")), arrangement=essence,
                      contact=self.value(contact) if contact is not None else self.t("open"))

    def transfers(self, activity: Mapping[str, Any]) -> list[Md] | Md | None:
        value = activity.get("transfers")
        if value == "none":
            return None
        if is_open(value):
            return self.t("open")
        lines = []
        unknown = False
        for tr in value or []:
            if is_open(tr):  # an unknown transfer next to the known ones: said once, at the end
                unknown = True
                continue
            rec = self.recipients.get(tr.get("recipient"), {})
            mech = tr.get("mechanism")
            country = tr.get("country")
            framework = law.adequacy_framework(country) if mech == "adequacy" else None
            if is_proposed(mech):
                mech_words = self.t("proposed", value=self.words.term("mechanism", mech.value))
            elif is_open(mech):
                mech_words = self.t("open")
            elif framework:  # e.g. the US: adequacy only through the EU-US Data Privacy Framework
                mech_words = inline(self.words.term("framework", framework))
            else:
                mech_words = inline(self.words.term("mechanism", mech))
            line = self.t("transfer_line", country=self.country(tr.get("country")),
                          recipient=self.tx(rec.get("name")) or tr.get("recipient"),
                          mechanism=mech_words)
            safeguards = tr.get("safeguards")
            if is_open(safeguards):  # proposed too: said as not settled, never as the way
                line = Md(f"{line} {self.t('safeguards_open', open=self.tx(safeguards))}")
            elif safeguards:
                line = Md(f"{line} {inline(self.tx(safeguards))}")
            lines.append(line)
        if unknown:
            lines.append(self.t("transfer_open_line", open=self.t("open")))
        return lines

    def sources(self, part: Part) -> list[Md]:
        unknown = self.whole_open(self.activities[part.activity].get("sources"))
        if unknown is not None:
            return [unknown]
        lines = []
        for src in part.sources:
            kind = src.get("kind", "")
            text = self.term("source", kind)
            line = text if is_open(kind) else inline(text[0].upper() + text[1:])
            cats = [self.vocab_in_sentence("data_categories", c) for c in src.get("data_categories", [])]
            if src.get("description"):
                line = Md(f"{line}: {inline(self.tx(src['description']))}")
            if cats:  # a sentence of its own: a label may hold brackets, never nested in ours
                line = Md(f"{line.rstrip('.')}. {self.t('source_data', list=self.listing(cats))}")
            lines.append(line)
        return lines

    def electronic_marketing(self, activity: Mapping[str, Any]) -> Md | None:
        """The "no marketing e-mail without consent" sentence, from the activity's own
        ``direct_marketing.electronic`` (markedsføringsloven § 15); said only when confirmed."""
        dm = activity.get("direct_marketing")
        if not isinstance(dm, dict) or "electronic" not in dm:
            return None
        via = dm["electronic"]
        if via == "none":
            return self.t("dm_electronic_none")
        target = self.view.activities.get(via) if isinstance(via, str) else None
        # Named, existing, and on consent: only then is the sentence true.
        if target is None or "consent" not in target.bases:
            return self.t("dm_electronic_open", open=self.t("open"))
        return self.t("dm_electronic_via", activity=self.name_in_sentence(target.data))

    def activity(self, part: Part, audience_id: str) -> dict:
        aid = part.activity
        a = self.activities[aid]
        cats = list(part.categories)
        dc = self.vocab.get("data_categories") or {}
        special = [self.vocab_label("data_categories", c) for c in cats if dc.get(c, {}).get("special")]
        criminal = [self.vocab_label("data_categories", c) for c in cats if dc.get(c, {}).get("criminal")]
        special_md = None
        if special:
            cond = a.get("special_categories") or {}
            condition = (inline(self.term("special_condition", cond["condition"]))
                         if cond.get("condition") else self.t("open"))
            special_md = self.t("special_note", list=self.listing(special), condition=condition)
            if cond.get("explanation"):
                special_md = Md(f"{special_md} {inline(self.tx(cond['explanation']))}")
        rights = [self.t("rights_here_base")]
        # The erasure limit is said once, on the rights page, not as a right gained here.
        # Only the bases that apply to this audience's data subjects count (Art. 20(1), 21(1)).
        for right in part.rights:
            if right == "erasure_limited":
                continue
            bases = [self.words.term("basis_short", b) for b in law.bases_giving(right)
                     if b in part.bases]
            rights.append(self.t("rights_here_" + right, bases=self.listing(bases, "or")))
        if any(is_open(entry.get("basis")) for purpose in part.purposes for entry in purpose.bases) \
                or is_open(a.get("legal_basis")) or is_open(a.get("purposes")):
            # The rights a basis gives are unknown while the basis is: say so, claim none.
            rights.append(self.t("rights_here_open", open=self.t("open")))
        automated = a.get("automated_decisions")
        return {
            "id": aid,
            "anchor": anchor(audience_id, aid),
            "slug": anchor(aid),
            "name": self.tx(a["name"]),
            # Only the texts written to this audience's data subjects (public.summaries_for).
            "summary": Md("\n\n".join(paragraphs(self.tx(text)) for text in part.summaries)) or None,
            "categories": [self.vocab_label("data_categories", c) for c in cats]
            or [m for m in [self.whole_open(a.get("data_categories"))] if m is not None],
            "special": special_md,
            "criminal": self.t("criminal_note", list=self.listing(criminal)) if criminal else None,
            "purposes": self.purposes(part),
            "retention": [self.retention_rule(r) for r in part.retention]
            or [m for m in [self.whole_open(a.get("retention"))] if m is not None],
            "retention_short": self.labelled_retention(part),
            "recipients": self.recipient_refs(a),
            "joint": self.joint_controllers(a),
            "transfers": self.transfers(a),
            "sources": self.sources(part),
            "provision": Md(" ".join(
                f"{inline(self.term('provision', p['requirement']))} {inline(self.tx(p['consequences']))}"
                for p in part.provisions)) if part.provisions else None,
            "automated": None if automated in (None, "none") else self.automated(a),
            "automated_open": self.value(automated) if is_open(automated) and not is_proposed(automated)
            else None,
            "profiling": self.profiling(a, part),
            "direct_marketing": bool(a.get("direct_marketing")),
            "electronic_marketing": self.electronic_marketing(a),
            "rights": Md(" ".join(rights)),
        }

    def profiling(self, activity: Mapping[str, Any], part: Part) -> Md | None:
        """What the activity says about profiling (Art. 4(4), 13(2)(f)): ``None`` when it says
        nothing; the right to object (Art. 21(1)) where the bases applying to these readers give it."""
        if "profiling" not in activity:
            return None
        value = activity["profiling"]
        proposal = is_proposed(value)
        if proposal:
            value = value.value
        if value == "none":
            said = self.t("profiling_none")
        elif isinstance(value, Mapping):
            parts = [inline(self.tx(value.get("description")))]
            if value.get("logic"):
                parts.append(Md(f"{self.t('profiling_logic')}: {inline(self.tx(value['logic']))}"))
            if value.get("consequences"):
                parts.append(Md(f"{self.t('profiling_consequences')}: "
                                f"{inline(self.tx(value['consequences']))}"))
            if "objection" in part.rights:
                parts.append(self.t("profiling_objection"))
            said = Md(" ".join(parts))
        else:  # open: neither "no profiling" nor a description
            return self.t("profiling_open", open=self.t("open"))
        return self.t("proposed", value=said) if proposal else said

    def dpa_line(self, status: str) -> Md | None:
        """A processor's data processing agreement (Art. 28(3)), as far as it is confirmed."""
        if not status:
            return None  # not a processor: no agreement to speak of
        return self.t("dpa_confirmed") if status == "confirmed" else self.t("dpa_open", open=self.t("open"))

    def dpa_summary(self) -> Md | None:
        """The one sentence about processors' agreements, true for every listed processor."""
        processors = [rid for rid in self.recipients if self.view.dpa.get(rid)]
        pending = [rid for rid in processors if self.view.dpa[rid] != "confirmed"]
        if not processors:
            return None
        if not pending:
            return self.t("dpa_all")
        # A count and the way to the recipients page, which says it per processor: the names
        # are written there once (and a list of eight long names made the contact page hard).
        recipients = Md(f"{self.base}recipients.md")
        if len(pending) == len(processors):
            return self.t("dpa_none_confirmed", open=self.t("open"), recipients=recipients)
        return self.t("dpa_some_open", open=self.t("open"), count=len(pending), total=len(processors),
                      recipients=recipients)

    def automated(self, activity: Mapping[str, Any]) -> dict[str, Any] | None:
        """An activity's Art. 22 description; ``None`` when it is open (nothing to describe) or a
        proposed "none" (said by :meth:`activity`)."""
        value = activity["automated_decisions"]
        proposal = is_proposed(value)
        if proposal:
            value = value.value
        if not isinstance(value, Mapping):
            return None
        shown = {k: self.tx(value.get(k)) for k in ("description", "logic", "significance")}
        if proposal:
            shown["description"] = self.t("proposed", value=shown["description"])
        return shown

    # --- what the statement covers, children (issue 13 item 6) -----------------
    def scope(self) -> Md | None:
        """What the statement does not cover: processing as a processor for others (Art. 28)."""
        scope = self.statement.get("scope")
        if not isinstance(scope, Mapping):
            return None
        processor = scope.get("processor")
        # Who the controller is, is said by the intro and the contact page; this says what is not covered.
        parts = []
        if processor == "none":
            parts.append(self.t("scope_processor_none"))
        elif is_open(processor) and not is_proposed(processor):
            parts.append(self.t("scope_processor_open", open=self.t("open")))
        else:
            shown = self.tx(processor.value if is_proposed(processor) else processor)
            if is_proposed(processor) and processor.value == "none":
                shown = self.t("scope_processor_none")
            text = self.t("scope_processor", what=shown)
            parts.append(self.t("proposed", value=text) if is_proposed(processor) else text)
        if scope.get("note"):
            parts.append(inline(self.tx(scope["note"])))
        return Md(" ".join(parts))

    def children(self) -> Md | None:
        """Whether the services are directed at children, the age limit, and Art. 8's parental
        consent below the Norwegian age (:data:`law.CHILD_CONSENT_AGE`)."""
        children = self.statement.get("children")
        if not isinstance(children, Mapping):
            return None
        directed: Any = children.get("directed_at_children")
        proposal = is_proposed(directed)
        if proposal:
            directed = directed.value
        parts = []
        if directed is True:
            parts.append(self.t("children_directed", age=law.CHILD_CONSENT_AGE,
                                statute=law.CHILD_CONSENT_SOURCE))
        elif directed is False:
            parts.append(self.t("children_not_directed"))
        else:  # open: no claim either way
            parts.append(self.t("children_open", open=self.t("open")))
        if proposal:
            parts = [self.t("proposed", value=parts[0])]
        age = children.get("age_limit")
        if age is not None:
            parts.append(self.t("children_age_limit", age=self.value(age)))
        if children.get("note"):
            parts.append(inline(self.tx(children["note"])))
        return Md(" ".join(parts))

    # --- page contexts -------------------------------------------------------
    def audiences(self) -> list[dict]:
        result = []
        shared = self.sharing
        for audience in self.view.audiences:
            aud: Any = audience.data
            acts = [self.activity(part, audience.id) for part in audience.parts]
            for act, part in zip(acts, audience.parts, strict=True):
                sharing = shared.get(part.activity)
                if sharing is None:
                    act["shared"] = act["own"] = None
                    continue
                own = self.facts(sharing.own[audience.id], audience.id, everyone=False)
                own.pop("summary", None)  # the pointer line says this reader's summary
                # How long is said in the pointer line unless the own rules follow it in full.
                act["shared"] = self.pointer(part, audience.id, sharing,
                                             how_long=not own.get("retention"))
                act["own"] = own
            bases = [self.words.term("basis_short", b) for b in audience.bases]
            periods = [line for part in audience.parts for line in self.labelled_retention(part)]
            result.append({
                "id": audience.id,
                "anchor": anchor(audience.id),
                "page": self.page_of(audience.id),
                "title": self.tx(aud["title"]),
                "meta_title": self.meta_title(self.tx(aud["title"])),
                "intro": self.tx(aud.get("intro")) if aud.get("intro") else None,
                "summary": self.tx(aud.get("summary")) if aud.get("summary") else None,
                "activities": acts,
                "bases": self.listing(bases),
                "how_long": list(dict.fromkeys(periods)),
                "direct_marketing": audience.direct_marketing,
                "consent": "withdraw_consent" in audience.rights,
                "objection": "objection" in audience.rights,
            })
        return result

    # --- text several situations share (render/sharing.py) ----------------------
    @functools.cached_property
    def sharing(self) -> dict[str, Shared]:
        """The activities several situations share (:func:`~.sharing.shared_activities`)."""
        return shared_activities(self.view.audiences)

    ACTIVITY_FACTS = ("recipients", "joint", "transfers", "automated", "automated_open",
                      "profiling")
    """What an activity says whoever reads it: written with the group of every situation it
    concerns, never with a smaller group or one situation's own items."""
    ITEM_FACTS = ("summary", "categories", "purposes", "retention", "sources", "special", "criminal",
                  "provision")
    """What is said item by item (and the notes that follow from the items), per group."""

    def facts(self, part: Part, audience_id: str, everyone: bool) -> dict[str, Any]:
        """The fields of :meth:`activity` for ``part``'s items that are there to say: the item
        fields that hold something, and the activity's own facts when ``everyone``."""
        full = self.activity(part, audience_id)
        keys = self.ITEM_FACTS + (self.ACTIVITY_FACTS if everyone else ())
        return {k: full[k] for k in keys
                if k in self.ACTIVITY_FACTS or full[k] not in (None, [], "")}

    MOVED = (("categories", "collect"), ("special", "collect"), ("criminal", "collect"),
             ("purposes", "why"), ("retention", "how_long"), ("recipients", "recipients"),
             ("transfers", "transfers"), ("sources", "sources"), ("provision", "must_provide"),
             ("automated", "automated"), ("profiling", "profiling"))
    """A field of :meth:`facts` -> the ``shared_part_<name>`` words that name it in a sentence."""
    SAID_WHEN_EMPTY = ("recipients", "transfers", "automated")
    """Fields whose empty value is still a statement ("nobody", "none", "no machine decides")."""

    def pointer(self, part: Part, audience_id: str, sharing: Shared, *,
                how_long: bool = True) -> dict[str, Any]:
        """The one line a situation page says about an activity it shares with others: what it
        is (its summary), how long (each rule's label and period; when ``how_long``), and a
        link to where the rest is written once, naming what the reader finds there."""
        moved: list[str] = []
        for group in sharing.groups:
            if audience_id in group.audiences:
                said = self.facts(group.part, audience_id, group.everyone)
                moved += [name for key, name in self.MOVED
                          if key in said and (said[key] or key in self.SAID_WHEN_EMPTY)]
        # This reader's summary only (public.summaries_for): never a text written to another.
        summary = " ".join(inline(self.tx(text)) for text in part.summaries)
        # One sentence per rule: each is "label: period", a label may hold "og" itself, and
        # starts with a capital ("Hvis du får jobben: ...").
        periods = ". ".join(self.labelled_retention(part)) if how_long else ""
        return {"what": Md(summary),
                "how_long": Md(self.t("shared_how_long", periods=Md(periods))) if periods else Md(""),
                "moved": self.listing([self.t("shared_part_" + n) for n in dict.fromkeys(
                    name for _, name in self.MOVED if name in moved)]),
                "name": self.name_in_sentence(self.activities[part.activity]),
                "link": Md(f"{self.base}{SHARED_PAGE}#{anchor(part.activity)}")}

    def shared(self) -> list[dict[str, Any]]:
        """The shared page's sections: per activity several situations share, its groups of
        items, each with the situations it applies to (linked) and what it says to them."""
        titles = {a.id: self.tx(a.data.get("title")) for a in self.view.audiences}
        sections = []
        for aid, sharing in self.sharing.items():
            sections.append({
                "name": self.tx(self.activities[aid]["name"]),
                "slug": anchor(aid),
                "groups": [{
                    "everyone": group.everyone,
                    "situations": [Md(f"[{inline(titles[a])}]({self.page_of(a)})")
                                   for a in group.audiences],
                    "a": self.facts(group.part, group.audiences[0], group.everyone),
                } for group in sharing.groups],
            })
        return sections

    def activity_names(self, ids: list[str]) -> Md:
        """Activities named inside a sentence, joined with "og"/"and"."""
        return self.listing([self.name_in_sentence(self.activities[i]) for i in ids])

    # --- websites ------------------------------------------------------------
    def websites(self) -> list[dict[str, Any]]:
        """Per website of ``statement.yaml`` ``websites``: its name, address, consent sentence
        and technologies, in the reader's words; an open value is "not yet confirmed", never
        a claim (ekomloven § 3-15, GDPR Art. 13(1)(c))."""
        used: dict[str, list[str]] = {}
        for aid, act in self.activities.items():
            refs = act.get("tracking")
            for ref in refs if isinstance(refs, list) else []:
                used.setdefault(ref, []).append(aid)
        sites = []
        for site in self.statement.get("websites") or []:
            url, consent, storage = site.get("url"), site.get("consent"), site.get("storage")
            if is_open(consent):
                consent_md = self.t("consent_open", open=self.value(consent) if not is_proposed(consent)
                                    else self.t("open"))
            elif isinstance(consent, dict):
                consent_md = self.t("consent_tool", tool=self.value(consent.get("tool")),
                                    description=self.tx(consent.get("description")))
            elif isinstance(storage, list) and all(
                    tech.get("category") == law.CONSENT_FREE_STORAGE for tech in storage):
                consent_md = self.t("consent_none")
            else:
                # A category or the storage itself not confirmed: no reason is claimed.
                consent_md = self.t("consent_none_unsure")
            listed = storage.value if is_proposed(storage) else storage
            # A proposed list: each technology is shown, marked as proposed (asserts none).
            marked = (lambda md: self.t("proposed", value=md)) if is_proposed(storage) else (lambda md: md)
            technologies = [{
                "heading": marked(self.t("storage_item", name=self.strong(tech.get("name")),
                                         kind=self.term_or_open("storage_kind", tech.get("kind")),
                                         provider=self.value(tech.get("provider")))),
                "purpose": self.t("storage_purpose", purpose=self.tx(tech.get("purpose"))),
                "category": self.t("storage_category", category=self.term_or_open(
                    "storage_category", tech.get("category"))),
                "lifetime": self.t("storage_lifetime", lifetime=self.tx(tech.get("lifetime"))),
                "used_by": self.t("storage_used_by", activities=self.activity_names(
                    used[f"{site['id']}/{tech['name']}"]))
                if isinstance(tech.get("name"), str) and used.get(f"{site['id']}/{tech['name']}") else None,
            } for tech in listed if isinstance(tech, Mapping)] if isinstance(listed, list) else []
            sites.append({
                "name": self.tx(site.get("name")),
                "generated": site.get("generated") is True,
                "address": None if url is None else self.t(
                    "website_address", url=self.value(url) if is_open(url) or is_proposed(url) else link(url, url)),
                "consent": consent_md,
                "storage_open": self.t("storage_open", open=self.t("open"))
                if is_open(storage) and not is_proposed(storage) else None,
                "storage": technologies,
            })
        return sites

    def term_or_open(self, kind: str, value: Any) -> Any:
        """An enum's term in the reader's language; "not yet confirmed" or the marked proposal."""
        if is_proposed(value):
            return self.t("proposed", value=self.words.term(kind, value.value))
        return self.value(value) if is_open(value) else self.words.term(kind, value)

    def context(self) -> dict:
        st = self.statement
        acts = self.activities
        order = list(acts)
        transfer_countries: list[Md] = []
        transfer_open: list[str] = []
        for aid in order:
            value = acts[aid].get("transfers")
            listed = value if isinstance(value, list) else []
            entries = [tr for tr in listed if not is_open(tr)]
            if is_open(value) or len(entries) < len(listed) or any(is_open(tr.get("country")) for tr in entries):
                transfer_open.append(aid)
            transfer_countries.extend(
                inline(self.country(tr["country"])) for tr in entries
                if not is_open(tr.get("country")) and law.outside_eea(tr["country"]))
        transfer_countries = list(dict.fromkeys(transfer_countries))
        dm = [i for i in order if acts[i].get("direct_marketing")]
        by_basis = {b: [i for i in order if b in self.view.activities[i].bases] for b in law.BASES}

        def giving(right: str) -> list[str]:
            return [i for i in order if right in self.view.activities[i].rights]

        legal = giving("erasure_limited")
        portability, objection, consent = giving("portability"), giving("objection"), giving("withdraw_consent")
        rights_text = rights_texts(st)

        # Activities whose basis (the list, or an entry's) is not confirmed: a right that
        # depends on the basis may apply there too, so "applies to none" would be a claim.
        basis_open = [i for i in order if is_open(acts[i].get("legal_basis")) or any(
            isinstance(e, Mapping) and is_open(e.get("basis")) for e in acts[i].get("legal_basis") or []
            if isinstance(acts[i].get("legal_basis"), list))]

        def applies(ids: list[str], bases: tuple[str, ...], right: str) -> Md:
            # Said per readers' situation: a right depends on the basis that applies to *you*
            # (an activity can be on contract for one reader and legitimate interests for another).
            situations = [Md(f"[{inline(self.tx(a.data.get('title')))}]({self.page_of(a.id)})")
                          for a in self.view.audiences if right in a.rights]
            if situations:
                return self.t("applies_in_situations", list=self.listing(situations))
            if ids:
                return self.t("applies_to", list=self.activity_names(ids))
            if basis_open:
                return self.t("applies_open", open=self.t("open"), list=self.activity_names(basis_open))
            return self.t("applies_none", bases=self.listing(
                [self.words.term("basis_short", b) for b in bases], "or"))

        rights = [
            {"title": self.t("right_access"), "text": rights_text.get("access"), "applies": self.t("applies_all")},
            {"title": self.t("right_rectification"), "text": rights_text.get("rectification"),
             "applies": self.t("applies_all")},
            {"title": self.t("right_erasure"), "text": rights_text.get("erasure"),
             "applies": self.t("applies_erasure", list=self.activity_names(legal)) if legal
             else self.t("applies_all")},
            {"title": self.t("right_restriction"), "text": rights_text.get("restriction"),
             "applies": self.t("applies_all")},
            {"title": self.t("right_portability"), "text": rights_text.get("portability"),
             "applies": applies(portability, law.bases_giving("portability"), "portability")},
            {"title": self.t("right_objection"), "text": rights_text.get("objection"),
             "applies": applies(objection, law.bases_giving("objection"), "objection")},
            {"title": self.t("right_withdraw"), "text": rights_text.get("withdraw_consent"),
             "applies": applies(consent, law.bases_giving("withdraw_consent"), "withdraw_consent")},
        ]
        for r in rights:
            r["text"] = self.tx(r["text"]) if r["text"] else None
        basis_rows = []
        for b in law.BASES:
            if not by_basis[b]:
                continue
            extra = [self.t("extra_" + r) for r in law.rights_of([b])]
            basis_rows.append({"basis": inline(self.words.term("basis", b)),
                               "extra": self.listing(extra) if extra else self.t("extra_none"),
                               "activities": self.activity_names(by_basis[b])})
        automated = [i for i in order if self.automated(acts[i]) is not None]
        # An open (or proposed) answer: the summary must not say "no automated decisions".
        automated_open = [i for i in order if is_open(acts[i].get("automated_decisions"))]

        ctrl = self.org.get("controller") or {}
        address = ctrl.get("address")
        if is_open(address):
            address_md = self.t("open")
        elif isinstance(address, dict):
            address_md = Md(f"{inline(self.value(address.get('street')))}, "
                            f"{inline(self.value(address.get('postcode')))} "
                            f"{inline(self.value(address.get('city')))}, "
                            f"{inline(self.country(address.get('country')))}")
        else:
            address_md = self.t("open")
        dpo = self.org.get("dpo") or {}
        appointed = dpo.get("appointed")
        if is_open(appointed):
            # Not confirmed either way: neither "we have not appointed" nor a DPO's contact.
            dpo_md = self.t("dpo_open", open=self.value(appointed) if not is_proposed(appointed)
                            else self.t("proposed", value=self.t("yes" if appointed.value else "no")),
                            email=self.email)
        elif appointed is True and dpo.get("name"):
            dpo_md = self.t("dpo_some", name=dpo["name"], email=mailto(dpo.get("email")))
        elif appointed is True:
            # No name (it is optional): a sentence about the role, never "is , email".
            dpo_md = self.t("dpo_unnamed", email=mailto(dpo.get("email")))
        else:
            dpo_md = self.t("dpo_none", email=self.email)

        users: dict[str, list[str]] = {}
        for aid in order:
            ids = acts[aid].get("recipients")
            for rid in ids if isinstance(ids, list) else []:
                users.setdefault(rid, []).append(aid)
        recipients = []
        for rid, rec in self.recipients.items():
            vendor = rec.get("vendor")
            category = rec.get("category") if isinstance(rec.get("category"), Mapping) else None
            recipients.append({
                "anchor": anchor(rid),
                "name": self.tx(rec["name"]),
                "role": self.term("role", rec.get("role", "")),
                "country": self.country(rec.get("country")),
                "outside_eea": any(law.outside_eea(c) for c in law.countries(rec.get("country"))),
                "vendor": None if vendor is None else self.value(vendor),
                "category_type": self.tx(category.get("type")) if category else None,
                "category_sector": self.tx(category["sector"]) if category and "sector" in category
                else None,
                "joint": self.joint_line(rec) if is_joint_controller(rec) else None,
                "description": self.tx(rec.get("description")) if rec.get("description") else None,
                "notice": link(self.t("their_notice"), rec["url"]) if rec.get("url") else None,
                "used_by": self.activity_names(users[rid]) if users.get(rid) else None,
                "dpa": self.dpa_line(self.view.dpa.get(rid, "")),
            })


        return {
            "t": self.t,
            "base": self.base,
            "lang": self.lang,
            "title": self.tx(st.get("title")),
            "intro": self.tx(st.get("intro")),
            "version_line": self.t("version_line", version=self.value(st.get("version", "")),
                                   date=self.date(st["effective_date"])),
            "controller": self.controller_name,
            "email": self.email,
            "authority": self.authority,
            "complaint_link": self.complaint_link,
            "complaint_page_own": self.complaint_page_own,
            "audiences": self.audiences(),
            "shared_activities": self.shared(),
            "transfer_countries": self.listing(transfer_countries) if transfer_countries else None,
            "transfer_open": self.activity_names(transfer_open) if transfer_open else None,
            "direct_marketing": self.activity_names(dm) if dm else None,
            "dm_text": self.tx(rights_text.get("objection_direct_marketing")) if rights_text.get(
                "objection_direct_marketing") else None,
            "rights": rights,
            "basis_rows": basis_rows,
            "basis_open": self.t("basis_table_open", open=self.t("open"),
                                 list=self.activity_names(basis_open)) if basis_open else None,
            "complaint_text": self.tx(rights_text.get("complaint")) if rights_text.get("complaint") else None,
            "how_to": self.tx(rights_text.get("how_to")) if rights_text.get("how_to") else None,
            "automated": [{"name": self.tx(acts[i]["name"]), **(self.automated(acts[i]) or {})}
                          for i in automated],
            "automated_open": self.activity_names(automated_open) if automated_open else None,
            "legal_name": self.controller_name,
            "legal_name_strong": self.strong(self.org.get("controller", {}).get("legal_name", "")),
            "org_number": self.value(ctrl.get("organisation_number")),
            "address": address_md,
            "website": link(ctrl["website"], ctrl["website"]) if ctrl.get("website") else None,
            "telephone": self.value(ctrl["telephone"]) if ctrl.get("telephone") else None,
            "scope": self.scope(),
            "children": self.children(),
            "dpo": dpo_md,
            "security": self.tx(st.get("security")) if st.get("security") else None,
            "recipients": recipients,
            "dpa_summary": self.dpa_summary(),
            "websites": self.websites(),
            "changelog": [{"heading": self.t("changes_version", version=self.value(c["version"]),
                                             date=self.date(c["date"])),
                           "changes": self.tx(c["changes"])} for c in st.get("changelog", [])],
            "changes_current": self.t("changes_current", version=self.value(st.get("version", "")),
                                      date=self.date(st["effective_date"])),
        }


def _template(env: jinja2.Environment, name: str, words: Words) -> jinja2.Template:
    """``guide/index.nb.md.j2`` (prose written per language), the shared ``name.j2``, or the
    fallback language's own template (a new language need not translate the guide first)."""
    stem = name.removesuffix(".md")
    candidates = [f"{stem}.{words.lang}.md.j2", name + ".j2"]
    if words.fallback:
        candidates.append(f"{stem}.{words.fallback}.md.j2")
    return env.select_template(candidates)


def _page(env: jinja2.Environment, section: Section, name: str, words: Words,
          context: dict[str, Any]) -> str:
    """One page body of ``section`` in ``words``' language."""
    # The guide's start page links to privacy.json at the site root.
    context["site_root"] = Md(section.site_root(words.lang))
    body = _template(env, section.templates + name, words).render(context)
    # A sentence left empty (an action without an address: View.t) leaves no trailing space.
    body = re.sub(r" +\n", "\n", body)
    return re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"


def statement_pages(view: PublicView, words: Words) -> dict[str, str]:
    """The statement's page bodies in ``words``' language, keyed by file name
    (``index.md``, ``situations/index.md``, ``situations/job-applicants.md``, ...): the same words ``privacy render`` writes
    for this view, so ``privacy diff`` can quote them.

    Raises :class:`RenderError` when the view cannot give a truthful page; a view
    built from records that fail the schemas may also raise ``KeyError``,
    ``TypeError``, ``ValueError`` or ``AttributeError`` (the caller reports it).
    """
    context = View(view, words).context()
    env = environment()
    return {**{name: _page(env, STATEMENT, name, words, context) for name in STATEMENT.pages},
            **_situation_pages(env, view, words)}


def _situation_pages(env: jinja2.Environment, view: PublicView, words: Words) -> dict[str, str]:
    """One page per readers' situation (``situations/<situation>.md``), keyed by file name
    under the language's folder; they sit one folder down, so their links start with ``../``."""
    below = View(view, words, base="../").context()
    below["site_root"] = Md("../" + STATEMENT.site_root(words.lang))
    template = _template(env, SITUATION_TEMPLATE, words)
    return {situation_page(audience["id"]): re.sub(
                r"\n{3,}", "\n\n", template.render({**below, "aud": audience})).strip() + "\n"
            for audience in below["audiences"]}


def render_pages(project: Project, *, schema_dir: Path | None = None) -> dict[str, str]:
    """Every page body (without the generated header), keyed by its path under docs/:
    ``nb/index.md``, ``en/rights.md``, ...; the editors' guide's (made from the schemas
    and the rule modules) ``guide/nb/rules.md``, ...; and, under the main language,
    ``privacy.json`` and its schema (see :data:`DATA_FILES`). Paths: :mod:`~.layout`.

    Raises :class:`RenderError` when the records cannot give a truthful page.
    """
    from privacy_as_code.rules import RULES
    from privacy_as_code.syntax_rules import DOCUMENTED

    directory = schema_dir or SCHEMA_DIR
    schemas = guide.Schemas(directory)
    env = environment()
    pages: dict[str, str] = {}
    view = view_of(project)
    for words in all_words():
        lang = words.lang
        context = View(view, words).context()
        context.update(guide.fields_context(schemas, words))
        context.update(guide.rules_context((*RULES, *DOCUMENTED), schemas, words))
        for section in SECTIONS:
            for name in section.pages:
                pages[f"{section.docs(lang)}/{name}"] = _page(env, section, name, words, context)
            if section is STATEMENT:
                for name, body in _situation_pages(env, view, words).items():
                    pages[f"{section.docs(lang)}/{name}"] = body
    schema_file = directory / PRIVACY_SCHEMA
    if not schema_file.is_file():
        schema_file = SCHEMA_DIR / PRIVACY_SCHEMA
    main = STATEMENT.docs(all_words()[0].lang)
    pages[f"{main}/privacy.json"] = statement_json(view)
    pages[f"{main}/privacy.schema.json"] = schema_json(schema_file)
    return pages
