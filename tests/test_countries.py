"""Country codes (ISO 3166-1 alpha-2, pycountry) and their names for readers (Babel's CLDR)."""

from __future__ import annotations

import pytest

from privacy_as_code import countries
from privacy_as_code.law import EEA
from privacy_as_code.render import wording


def test_the_list_is_iso_3166_1_not_cldr_regions() -> None:
    assert len(countries.codes()) == 249
    assert {"NO", "SE", "US", "GB", "PH", "GR", "CH"} <= countries.codes()
    # CLDR region codes that ISO 3166-1 does not assign to a country
    assert not {"EU", "EZ", "UN", "XK", "ZZ", "AC", "IC", "QO", "UK", "EL"} & countries.codes()


def test_every_eea_country_is_a_country() -> None:
    assert EEA.issubset(countries.codes())


@pytest.mark.parametrize(("value", "hint"), [
    ("UK", "United Kingdom is GB"),
    ("EL", "Greece is GR"),
    ("no", "write it in capitals: NO"),
    ("Gb", "write it in capitals: GB"),
    ("US\n", "remove the spaces or line breaks around US"),
    (" SE", "remove the spaces or line breaks around SE"),
    ("Norway", "write the two-letter code NO"),
    ("Norge", "write the two-letter code NO"),  # a Norwegian name (CLDR, through Babel)
    ("sverige", "write the two-letter code SE"), ("Tyskland", "write the two-letter code DE"),
    ("ZR", "Congo - Kinshasa is CD"),  # withdrawn code with one successor (CLDR aliases)
    ("XK", "write the two capital letters of ISO 3166-1"),
    ("NOR", "Norway is NO"),  # an alpha-3 code (CLDR aliases)
])
def test_the_usual_mistakes_get_a_hint(value: str, hint: str) -> None:
    found = countries.problem(value)
    problem = str(found)  # a catalogue message, worded in English
    assert found is not None and problem.startswith(f"{value!r} is not an ISO 3166-1 country code")
    assert hint in problem


@pytest.mark.parametrize("code", ["NO", "PH", "GB", "US"])
def test_a_real_code_has_no_problem(code: str) -> None:
    assert countries.problem(code) is None


@pytest.mark.parametrize(("code", "nb", "en"), [
    ("NO", "Norge", "Norway"), ("US", "USA", "United States"), ("GB", "Storbritannia",
                                                                "United Kingdom"),
    ("PH", "Filippinene", "Philippines"), ("DE", "Tyskland", "Germany"), ("CZ", "Tsjekkia",
                                                                          "Czechia"),
])
def test_readers_see_the_name_in_their_language(code: str, nb: str, en: str) -> None:
    assert wording.country_name(code, "nb") == nb
    assert wording.country_name(code, "en") == en


def test_every_country_has_a_name_in_both_languages() -> None:
    for code in countries.codes():
        for lang in ("nb", "en"):
            name = countries.country_name(code, lang)
            assert name and name != code, (code, lang)


def test_a_code_that_is_not_a_country_has_no_name() -> None:
    with pytest.raises(KeyError):
        countries.country_name("UK", "en")
    assert wording.country_name("UK", "en") == "UK"  # check refuses it before any page
