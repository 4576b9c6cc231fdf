"""Countries: which codes exist (ISO 3166-1 alpha-2) and what readers call them.

The list of codes is pycountry's copy of ISO 3166-1 (Debian's iso-codes, kept
in step with the ISO 3166 Maintenance Agency); the names readers see are
Babel's CLDR territory names in Norwegian Bokmål and English. Neither is typed
in here. Which countries are in the EEA is law, not geography, and lives in
``law.py``.

Babel's territory list is not used for validity: CLDR adds region codes that
ISO 3166-1 does not assign to a country (``EU``, ``XK``, ``ZZ``, ``AC``, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from privacy_as_code.findings import Message
from privacy_as_code.i18n import Words, languages

EU_ABBREVIATIONS = {"EL": "GR", "UK": "GB"}
"""The two codes in which the EU's own usage differs from ISO 3166-1
(EU Interinstitutional Style Guide, section 7.1): people who write EU documents
type these."""


@cache
def codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code currently assigned to a country (249 today)."""
    import pycountry  # on first use: most checks name no country, and it costs 20 ms to import

    return frozenset(country.alpha_2 for country in pycountry.countries)


def is_country(value: object) -> bool:
    """Whether ``value`` is an assigned ISO 3166-1 alpha-2 code, in capitals, and nothing else."""
    return isinstance(value, str) and value in codes()


def _replacement(code: str) -> str | None:
    """The current code for an EU abbreviation or a withdrawn code with one successor."""
    if code in EU_ABBREVIATIONS:
        return EU_ABBREVIATIONS[code]
    from babel.core import get_global

    successors = get_global("territory_aliases").get(code, [])
    return successors[0] if len(successors) == 1 and successors[0] in codes() else None


def problem(value: str) -> Message | None:
    """Why ``value`` is not a country code, with the likely intended code; None when it is one.

    ``'UK'`` -> "... the United Kingdom is GB"; ``'no'`` -> "... write it in
    capitals: NO"; ``'Norway'`` -> "... write the code NO". The message is
    ``[messages.country]`` of the message catalogues.
    """
    if is_country(value):
        return None
    shown = repr(value)
    stripped = value.strip()
    if stripped != value and is_country(stripped):
        return Message.of("country.spaces", value=shown, code=stripped)
    upper = stripped.upper()
    if upper != stripped and is_country(upper):
        return Message.of("country.capitals", value=shown, code=upper)
    replacement = _replacement(upper)
    if replacement:
        return Message.of("country.replaced", value=shown, code=replacement,
                          name=CountryName(replacement))
    import pycountry

    try:
        found = pycountry.countries.lookup(stripped)
    except LookupError:
        found = None
    if found is not None:
        return Message.of("country.name", value=shown, code=found.alpha_2)
    named = _code_named(stripped)
    if named is not None:  # a name in Norwegian ("Norge", "Sverige"): CLDR's, through Babel
        return Message.of("country.name", value=shown, code=named)
    return Message.of("country.unknown", value=shown)


def _code_named(name: str) -> str | None:
    """The country code whose name, in a language of the catalogues, is ``name`` (ignoring
    case); pycountry knows the English and official names only."""
    wanted = name.casefold()
    for lang in languages():
        for code, known in _names(lang).items():
            if known.casefold() == wanted and is_country(code):
                return code
    return None


@dataclass(frozen=True)
class CountryName:
    """A country's name as a message argument, in the reporter's language (Babel's CLDR)."""

    code: str

    def __call__(self, words: Words) -> str:
        return country_name(self.code, words.lang)


def country_name(code: str, lang: str) -> str:
    """The country's name for readers in ``lang`` (``nb`` or ``en``), from Babel's CLDR data.

    ``('US', 'nb')`` -> ``'USA'``; ``('US', 'en')`` -> ``'United States'``.
    Raises KeyError for a code that is not a country (``check`` refuses those
    first).
    """
    if not is_country(code):
        raise KeyError(code)
    return _names(lang)[code]


@cache
def _names(lang: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(lang).territories)
