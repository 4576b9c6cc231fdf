"""Every fixed word a reader sees, one TOML catalogue per language: ``i18n/<lang>.toml``.

The languages are the catalogues in :data:`CATALOGUE_DIR` (ordered by their
``language.order``): adding a language is a catalogue file plus its MkDocs
config, no Python edit. A catalogue has these tables:

- ``language``: ``name``, ``order``, ``fallback`` (a language whose per-language
  templates and record texts stand in where this one has none; ``""`` for none),
  ``rule_texts_native`` and ``schema_title_part`` (see the comments in nb.toml);
- ``page``: the public pages' labels; ``guide``: the editors' guide's type words;
  ``example``: the rule catalogue's example labels (trusted Markdown, ``{name}``
  placeholders);
- ``ropa``: the Art. 30 export's words, ``ropa.columns``, ``ropa.organisation`` and
  ``ropa.question_columns`` its headers, ``ropa.term.<kind>`` the auditor's third-person
  words for codes whose ``term`` speaks to the reader;
- ``check``: ``privacy check``'s count lines; ``questions``: ``privacy questions``'
  words; ``fieldpath``: the words before a field's place (:func:`privacy_as_code.fieldpath.document_words`);
- ``term.<kind>``: the words for every code a schema enum allows (``term.basis``,
  ``term.mechanism``, ...);
- ``grammar``: ``and``, ``or``, ``months``, ``immediately``, ``date`` (a format with
  ``{day}``, ``{month}``, ``{year}``) and ``units`` (ISO 8601 period unit ->
  ``[singular, plural]``).

Messages (what ``privacy check`` says: every rule's, the loader's and the
schema findings' message) are kept apart, in ``i18n/messages/<lang>.toml``
(:data:`MESSAGE_DIR`), as ``[messages.<rule-id>]`` tables of templates with
``{placeholders}``, so a new rule adds its own table without touching the page
words. A language without a messages file speaks through its ``fallback`` (or
English). :func:`message_template` reads them; findings are worded by
:meth:`privacy_as_code.findings.Finding.in_words`.

The rule catalogue of the editors' guide is written in English in the rule
modules' docstrings; its texts in another language are data too, in
``i18n/rules/<lang>.toml`` (:data:`RULE_TEXT_DIR`, :func:`rule_texts`): one table
per rule id with ``summary``, ``body`` (its paragraphs, in the docstring's order)
and ``why``. The docstrings keep the examples (code, the same in every language).

Catalogues are read with the standard library's ``tomllib`` (TOML keys are
always strings: no YAML 1.1 ``no``/``yes`` surprises).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CATALOGUE_DIR = Path(__file__).resolve().parent
"""Where the catalogues live; one ``<lang>.toml`` per language."""

MESSAGE_DIR = CATALOGUE_DIR / "messages"
"""Where the message catalogues live; one ``<lang>.toml`` per language (English required)."""

RULE_TEXT_DIR = CATALOGUE_DIR / "rules"
"""Where the rule catalogue's texts in languages other than the docstrings' live."""

_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def period_parts(iso: str) -> list[tuple[str, int]]:
    """``P3Y6M`` -> ``[("Y", 3), ("M", 6)]`` (zero parts left out; ``P0D`` -> ``[]``).

    Raises ValueError for anything but an ISO 8601 period of years, months, weeks and days.
    """
    match = _DURATION.match(iso)
    if not match or iso == "P":
        raise ValueError(f"not an ISO 8601 period of years, months, weeks and days: {iso!r}")
    return [(unit, int(amount)) for unit, amount in zip("YMWD", match.groups(), strict=True)
            if amount and int(amount)]


def is_zero_period(iso: str) -> bool:
    """Whether an ISO 8601 period has zero length (``P0D``, ``P0M``): "immediately"."""
    return not period_parts(iso)


@dataclass(frozen=True)
class Words:
    """One language's catalogue. Pass this around, not a bare language code."""

    lang: str
    data: Mapping[str, Any]

    @property
    def name(self) -> str:
        return str(self.data["language"]["name"])

    @property
    def fallback(self) -> str:
        """The stand-in language for texts and templates this one lacks (``""``: none)."""
        return str(self.data["language"].get("fallback", ""))

    @property
    def page(self) -> Mapping[str, str]:
        return self.data["page"]

    @property
    def guide(self) -> Mapping[str, str]:
        return self.data["guide"]

    @property
    def example(self) -> Mapping[str, str]:
        return self.data["example"]

    @property
    def ropa(self) -> Mapping[str, Any]:
        return self.data["ropa"]

    @property
    def grammar(self) -> Mapping[str, Any]:
        return self.data["grammar"]

    @property
    def check(self) -> Mapping[str, str]:
        """``privacy check``'s count lines (one per kind of warning)."""
        return self.data["check"]

    @property
    def questions(self) -> Mapping[str, str]:
        """``privacy questions``' words: headings, column names, how to close a question."""
        return self.data["questions"]

    @property
    def fieldpath(self) -> Mapping[str, Any]:
        """A place in the records in words (:mod:`privacy_as_code.fieldpath`)."""
        return self.data["fieldpath"]

    def term(self, kind: str, code: str) -> str:
        """The words for a code of a schema enum, e.g. ``term("basis", "consent")``.

        Raises KeyError for a code the catalogue lacks (the schemas refuse such
        codes before anything is rendered; a test proves every enum is covered).
        """
        return str(self.data["term"][kind][code])

    def text(self, value: Mapping[str, Any]) -> Any:
        """This language's part of a record's ``{nb: ..., en: ...}`` text (the fallback's, if absent)."""
        if self.lang in value or not self.fallback:
            return value.get(self.lang, "")
        return value.get(self.fallback, "")

    def listing(self, items: Iterable[str], conjunction: str = "and") -> str:
        """``a, b og c`` / ``a, b and c``; ``conjunction`` is ``and`` or ``or``."""
        items = list(items)
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self.grammar[conjunction]} " + items[-1]

    def duration(self, iso: str) -> str:
        """``P6M`` -> ``6 måneder``; ``P3Y6M`` -> ``3 år og 6 måneder``; ``P0D`` -> ``straks``.

        Raises ValueError for a value that is not such a period.
        """
        parts = [f"{amount} {self.grammar['units'][unit][0 if amount == 1 else 1]}"
                 for unit, amount in period_parts(iso)]
        return self.listing(parts) if parts else str(self.grammar["immediately"])

    def date(self, iso_date: str) -> str:
        """``2026-01-15`` -> ``15. januar 2026`` / ``15 January 2026``."""
        year, month, day = (int(x) for x in iso_date.split("-"))
        return str(self.grammar["date"]).format(day=day, month=self.grammar["months"][month - 1],
                                                year=year)


@functools.cache
def _catalogues(directory: Path) -> dict[str, Words]:
    loaded = {}
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as handle:
            loaded[path.stem] = Words(path.stem, tomllib.load(handle))
    ordered = sorted(loaded.values(), key=lambda w: (w.data["language"]["order"], w.lang))
    return {w.lang: w for w in ordered}


def period_of_words(text: str) -> str | None:
    """The ISO 8601 period a duration written in words means, in any catalogue's language
    (its units and "and"): ``12 måneder`` -> ``P12M``, ``3 år og 6 måneder`` -> ``P3Y6M``,
    ``2 weeks`` -> ``P2W``, ``straks`` -> ``P0D``; None for anything else. The inverse of
    :meth:`Words.duration`, for a hint where a period is written in words."""
    wanted = " ".join(text.casefold().replace(",", " ").split())
    amounts: dict[str, int] = {}
    for w in all_words():
        if wanted == str(w.grammar["immediately"]).casefold():
            return "P0D"
        unit_of = {name.casefold(): unit for unit, names in w.grammar["units"].items() for name in names}
        tokens = [t for t in wanted.split() if t != str(w.grammar["and"]).casefold()]
        if len(tokens) % 2 or not tokens:
            continue
        pairs = list(zip(tokens[::2], tokens[1::2], strict=True))
        if all(amount.isdigit() and name in unit_of for amount, name in pairs):
            for amount, name in pairs:
                amounts[unit_of[name]] = amounts.get(unit_of[name], 0) + int(amount)
            return "P" + "".join(f"{amounts[u]}{u}" for u in "YMWD" if u in amounts)
    return None


def languages() -> tuple[str, ...]:
    """The language codes with a catalogue, the site's main language first (today nb, then en)."""
    return tuple(_catalogues(CATALOGUE_DIR))


def words(lang: str) -> Words:
    """The catalogue of ``lang``; raises ValueError naming the known languages otherwise."""
    catalogues = _catalogues(CATALOGUE_DIR)
    if lang not in catalogues:
        raise ValueError(f"language must be one of {', '.join(catalogues)}, not {lang!r}")
    return catalogues[lang]


def all_words() -> tuple[Words, ...]:
    """Every language's catalogue, in :func:`languages` order."""
    return tuple(_catalogues(CATALOGUE_DIR).values())


@functools.cache
def _messages(lang: str) -> Mapping[str, Any] | None:
    path = MESSAGE_DIR / f"{lang}.toml"
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        return tomllib.load(handle)["messages"]


def message_template(words: Words, message_id: str) -> str:
    """The template of ``message_id`` (``<rule-id>.<key>``) in ``words``' language.

    A language without its own messages file uses its fallback's, then English.
    Raises KeyError when the message is unknown.
    """
    return _template(words.lang, words.fallback, message_id)


@functools.lru_cache(maxsize=4096)
def _template(lang: str, fallback: str | None, message_id: str) -> str:
    # Cached: a large check words a finding per open question, thousands of them.
    table = _messages(lang) or (fallback and _messages(fallback)) or _messages("en")
    group, _, key = message_id.partition(".")
    return str(table[group][key])  # type: ignore[index]


@functools.cache
def rule_texts(lang: str) -> Mapping[str, Mapping[str, Any]]:
    """The rule catalogue's texts in ``lang``: rule id -> ``{"summary": str, "body":
    [paragraph, ...], "why": str, "example_notes": [str, ...]}`` (``example_notes``
    optional: the words after an example's label, in the docstring's order).

    ``{}`` for a language without ``i18n/rules/<lang>.toml`` (its guide shows the
    docstrings). Raises tomllib.TOMLDecodeError for a broken file (package data,
    proven readable by ``tests/test_guide.py``).
    """
    path = RULE_TEXT_DIR / f"{lang}.toml"
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)
