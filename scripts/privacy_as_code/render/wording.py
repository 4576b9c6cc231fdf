"""Country names for the pages and the Art. 30 export: the one seam, :func:`country_name`.

Country names are not in the word catalogues (``i18n/*.toml``): this table is
to be replaced by Babel's territory names (CLDR), behind the same function.
"""

from __future__ import annotations

COUNTRY: dict[str, dict[str, str]] = {
    "NO": {"nb": "Norge", "en": "Norway"},
    "SE": {"nb": "Sverige", "en": "Sweden"},
    "DK": {"nb": "Danmark", "en": "Denmark"},
    "FI": {"nb": "Finland", "en": "Finland"},
    "IS": {"nb": "Island", "en": "Iceland"},
    "DE": {"nb": "Tyskland", "en": "Germany"},
    "NL": {"nb": "Nederland", "en": "the Netherlands"},
    "IE": {"nb": "Irland", "en": "Ireland"},
    "FR": {"nb": "Frankrike", "en": "France"},
    "BE": {"nb": "Belgia", "en": "Belgium"},
    "AT": {"nb": "Østerrike", "en": "Austria"},
    "ES": {"nb": "Spania", "en": "Spain"},
    "IT": {"nb": "Italia", "en": "Italy"},
    "PL": {"nb": "Polen", "en": "Poland"},
    "EE": {"nb": "Estland", "en": "Estonia"},
    "LU": {"nb": "Luxembourg", "en": "Luxembourg"},
    "PT": {"nb": "Portugal", "en": "Portugal"},
    "CZ": {"nb": "Tsjekkia", "en": "Czechia"},
    "LT": {"nb": "Litauen", "en": "Lithuania"},
    "LV": {"nb": "Latvia", "en": "Latvia"},
    "LI": {"nb": "Liechtenstein", "en": "Liechtenstein"},
    "US": {"nb": "USA", "en": "the United States"},
    "GB": {"nb": "Storbritannia", "en": "the United Kingdom"},
    "CH": {"nb": "Sveits", "en": "Switzerland"},
    "CA": {"nb": "Canada", "en": "Canada"},
    "IN": {"nb": "India", "en": "India"},
    "UA": {"nb": "Ukraina", "en": "Ukraine"},
    "AU": {"nb": "Australia", "en": "Australia"},
    "JP": {"nb": "Japan", "en": "Japan"},
}
"""ISO 3166-1 alpha-2 code -> language -> the country's name in running text."""


def country_name(code: str, lang: str) -> str:
    """``("NO", "nb")`` -> ``Norge``; the code itself when the table lacks the country or language."""
    return COUNTRY.get(code, {}).get(lang, code)
