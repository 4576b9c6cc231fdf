"""Country names for the pages and the Art. 30 export: the one seam, :func:`country_name`.

Country names are not in the word catalogues (``i18n/*.toml``): they are
Babel's CLDR territory names, through :mod:`privacy_as_code.countries`.
"""

from __future__ import annotations

from privacy_as_code import countries


def country_name(code: str, lang: str) -> str:
    """The country's name in ``lang`` from Babel's CLDR data (``US`` -> ``USA`` / ``United States``).

    ``check`` refuses codes that are not ISO 3166-1; were one to get here, it is
    shown as written rather than failing the page.
    """
    return countries.country_name(code, lang) if countries.is_country(code) else code
