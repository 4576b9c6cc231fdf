"""Plain words for the codes in the records, in Norwegian Bokmål and English.

Lawful bases, transfer mechanisms, roles, countries, ISO 8601 periods and
dates become the phrases a reader expects, each with its GDPR article. The
terms follow the official Norwegian GDPR text (see the glossary in
``reference/norwegian-legal-content.md`` §1.3): «protestere», not «innsigelse».
"""

from __future__ import annotations

import re

LANGUAGES = ("nb", "en")

BASIS = {
    "consent": ("samtykke (art. 6 nr. 1 bokstav a)", "consent (Art. 6(1)(a))"),
    "contract": ("nødvendig for å inngå eller oppfylle en avtale med deg (art. 6 nr. 1 bokstav b)",
                 "necessary to enter into or perform a contract with you (Art. 6(1)(b))"),
    "legal_obligation": ("nødvendig for å oppfylle en rettslig forpliktelse (art. 6 nr. 1 bokstav c)",
                         "necessary to comply with a legal obligation (Art. 6(1)(c))"),
    "vital_interests": ("nødvendig for å verne dine vitale interesser (art. 6 nr. 1 bokstav d)",
                        "necessary to protect your vital interests (Art. 6(1)(d))"),
    "public_task": ("nødvendig for en oppgave i allmennhetens interesse (art. 6 nr. 1 bokstav e)",
                    "necessary for a task in the public interest (Art. 6(1)(e))"),
    "legitimate_interests": ("berettiget interesse (art. 6 nr. 1 bokstav f)",
                             "legitimate interests (Art. 6(1)(f))"),
}
"""The basis in plain words with its article."""

BASIS_SHORT = {
    "consent": ("samtykke", "consent"),
    "contract": ("avtale", "contract"),
    "legal_obligation": ("lovkrav", "legal obligation"),
    "vital_interests": ("vitale interesser", "vital interests"),
    "public_task": ("allmennhetens interesse", "public task"),
    "legitimate_interests": ("berettiget interesse", "legitimate interests"),
}

MECHANISM = {
    "adequacy": ("EU-kommisjonens beslutning om at landet har et tilstrekkelig beskyttelsesnivå (art. 45)",
                 "an adequacy decision of the European Commission (Art. 45)"),
    "scc": ("EU-kommisjonens standard personvernbestemmelser (art. 46 nr. 2 bokstav c)",
            "the European Commission's standard contractual clauses (Art. 46(2)(c))"),
    "bcr": ("bindende virksomhetsregler (art. 47)", "binding corporate rules (Art. 47)"),
    "code_of_conduct": ("godkjente atferdsnormer (art. 46 nr. 2 bokstav e)",
                        "an approved code of conduct (Art. 46(2)(e))"),
    "certification": ("godkjent sertifisering (art. 46 nr. 2 bokstav f)",
                      "an approved certification (Art. 46(2)(f))"),
    "derogation": ("unntak for særlige situasjoner (art. 49)",
                   "a derogation for specific situations (Art. 49)"),
}

ROLE = {
    "processor": ("databehandler", "processor"),
    "sub_processor": ("underdatabehandler", "sub-processor"),
    "joint_controller": ("felles behandlingsansvarlig", "joint controller"),
    "independent_controller": ("selvstendig behandlingsansvarlig", "independent controller"),
    "public_authority": ("offentlig myndighet", "public authority"),
}

SPECIAL_CONDITION = {
    "explicit_consent": ("uttrykkelig samtykke (art. 9 nr. 2 bokstav a)", "explicit consent (Art. 9(2)(a))"),
    "employment_law": ("arbeidsrett og trygderett (art. 9 nr. 2 bokstav b)",
                       "employment and social security law (Art. 9(2)(b))"),
    "vital_interests": ("vitale interesser (art. 9 nr. 2 bokstav c)", "vital interests (Art. 9(2)(c))"),
    "not_for_profit_body": ("ideell organisasjon (art. 9 nr. 2 bokstav d)",
                            "not-for-profit body (Art. 9(2)(d))"),
    "made_public": ("opplysninger du selv har gjort offentlige (art. 9 nr. 2 bokstav e)",
                    "data you have made public yourself (Art. 9(2)(e))"),
    "legal_claims": ("rettskrav (art. 9 nr. 2 bokstav f)", "legal claims (Art. 9(2)(f))"),
    "substantial_public_interest": ("viktige allmenne interesser (art. 9 nr. 2 bokstav g)",
                                    "substantial public interest (Art. 9(2)(g))"),
    "health_or_social_care": ("helse- og sosialtjenester (art. 9 nr. 2 bokstav h)",
                              "health or social care (Art. 9(2)(h))"),
    "public_health": ("folkehelse (art. 9 nr. 2 bokstav i)", "public health (Art. 9(2)(i))"),
    "archiving_research_statistics": ("arkiv, forskning og statistikk (art. 9 nr. 2 bokstav j)",
                                      "archiving, research and statistics (Art. 9(2)(j))"),
}

SOURCE = {
    "data_subject": ("fra deg", "from you"),
    "third_party": ("fra andre", "from others"),
    "public": ("fra offentlig tilgjengelige kilder", "from publicly available sources"),
    "controller": ("fra oss selv (vi lager dem)", "from us (we create them)"),
}

PROVISION = {
    "statutory": ("Loven krever at du gir oss disse opplysningene.",
                  "The law requires you to give us this data."),
    "contractual": ("Avtalen med oss krever at du gir oss disse opplysningene.",
                    "Your contract with us requires you to give us this data."),
    "contract_prerequisite": ("Vi trenger disse opplysningene for å kunne inngå en avtale med deg.",
                              "We need this data to enter into a contract with you."),
    "voluntary": ("Det er frivillig å gi oss disse opplysningene.",
                  "Giving us this data is voluntary."),
}

STORAGE_KIND = {
    "cookie": ("informasjonskapsel", "cookie"),
    "local_storage": ("localStorage", "localStorage"),
    "session_storage": ("sessionStorage", "sessionStorage"),
}


COUNTRY = {
    "NO": ("Norge", "Norway"), "SE": ("Sverige", "Sweden"), "DK": ("Danmark", "Denmark"),
    "FI": ("Finland", "Finland"), "IS": ("Island", "Iceland"), "DE": ("Tyskland", "Germany"),
    "NL": ("Nederland", "the Netherlands"), "IE": ("Irland", "Ireland"),
    "FR": ("Frankrike", "France"), "BE": ("Belgia", "Belgium"), "AT": ("Østerrike", "Austria"),
    "ES": ("Spania", "Spain"), "IT": ("Italia", "Italy"), "PL": ("Polen", "Poland"),
    "EE": ("Estland", "Estonia"), "LU": ("Luxembourg", "Luxembourg"),
    "PT": ("Portugal", "Portugal"), "CZ": ("Tsjekkia", "Czechia"),
    "LT": ("Litauen", "Lithuania"), "LV": ("Latvia", "Latvia"), "LI": ("Liechtenstein", "Liechtenstein"),
    "US": ("USA", "the United States"), "GB": ("Storbritannia", "the United Kingdom"),
    "CH": ("Sveits", "Switzerland"), "CA": ("Canada", "Canada"), "IN": ("India", "India"),
    "UA": ("Ukraina", "Ukraine"), "AU": ("Australia", "Australia"), "JP": ("Japan", "Japan"),
}

MONTHS = {
    "nb": ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
           "september", "oktober", "november", "desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}

_UNITS = {
    "nb": {"Y": ("år", "år"), "M": ("måned", "måneder"), "W": ("uke", "uker"), "D": ("dag", "dager")},
    "en": {"Y": ("year", "years"), "M": ("month", "months"), "W": ("week", "weeks"), "D": ("day", "days")},
}
AND = {"nb": "og", "en": "and"}
OR = {"nb": "eller", "en": "or"}
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def pick(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    """The phrase for ``key`` in ``lang``; the key itself when the table lacks it."""
    pair = table.get(key)
    return pair[LANGUAGES.index(lang)] if pair else key


def words_list(items: list[str], lang: str, conj: dict[str, str] = AND) -> str:
    """``a, b og c`` / ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conj[lang]} " + items[-1]


def duration_words(iso: str, lang: str) -> str:
    """``P6M`` -> ``6 måneder`` / ``6 months``; ``P3Y6M`` -> ``3 år og 6 måneder``; ``P0D`` -> ``straks``."""
    match = _DURATION.match(iso)
    if not match or iso == "P":
        raise ValueError(f"not an ISO 8601 period of years, months, weeks and days: {iso!r}")
    parts = []
    for unit, amount in zip("YMWD", match.groups(), strict=True):
        if amount and int(amount):
            one, many = _UNITS[lang][unit]
            parts.append(f"{int(amount)} {one if int(amount) == 1 else many}")
    if not parts:
        return "straks" if lang == "nb" else "immediately"
    return words_list(parts, lang)


def date_words(iso_date: str, lang: str) -> str:
    """``2026-01-15`` -> ``15. januar 2026`` / ``15 January 2026``."""
    year, month, day = (int(x) for x in iso_date.split("-"))
    name = MONTHS[lang][month - 1]
    return f"{day}. {name} {year}" if lang == "nb" else f"{day} {name} {year}"


def country_name(code: str, lang: str) -> str:
    return pick(COUNTRY, code, lang)
