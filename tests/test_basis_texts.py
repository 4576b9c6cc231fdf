"""Texts and rights that depend on a lawful basis follow the *confirmed* basis only (issue 13).

How to withdraw consent (Art. 7(3)), the legitimate interest (Art. 13(1)(d)) and the statute
(Art. 6(3)) each speak for one kind of basis. While the basis itself is an open question or a
proposal, saying them would claim that basis: the situation page, the first layer and
``privacy.json`` leave them out, and neither withdrawal nor portability (Art. 20) nor objection
(Art. 21) is offered as a right of that activity. Real records, one basis opened in a copy.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from privacy_as_code.checker import check_project
from privacy_as_code.i18n import all_words
from privacy_as_code.render import render_pages
from tests.conftest import REPO

OPEN = "{open_question: Consent or legitimate interests?, owner: CTO}"
PROPOSED = "{proposed: consent, open_question: Is it consent?, owner: CTO}"

# (activity, its basis as written, its situation, a sentence of the basis-dependent text,
#  privacy.json key of that text, the rights the confirmed basis gives there)
CASES = {
    "newsletter": ("basis: consent", "newsletter_subscribers",
                   {"nb": "Klikk på avmeldingslenken", "en": "Click the unsubscribe link"},
                   "withdrawal", ("withdraw_consent", "portability")),
    "enquiries": ("basis: legitimate_interests", "enquirers",
                  {"nb": "Å svare dem som tar kontakt", "en": "To answer those who contact us"},
                  "interest", ("objection",)),
}


def _pages(tmp_path: Path, activity: str, basis: str | None) -> dict[str, str]:
    root = tmp_path / "project"
    shutil.copytree(REPO / "records", root / "records")
    if basis is not None:
        file = root / "records" / "activities" / f"{activity}.yaml"
        text = file.read_text("utf-8")
        written = CASES[activity][0]
        assert written in text
        file.write_text(text.replace(written, f"basis: {basis}", 1), "utf-8")
    project, result = check_project(root)
    assert not [f for f in result.findings if f.is_error]
    return render_pages(project)


def _situation(pages: dict[str, str], lang: str, activity: str) -> str:
    page = pages[f"{lang}/situations/{CASES[activity][1].replace('_', '-')}.md"]
    return page


@pytest.mark.parametrize("activity", sorted(CASES))
@pytest.mark.parametrize("basis", [OPEN, PROPOSED], ids=["open", "proposed"])
def test_a_basis_dependent_text_is_said_only_beside_its_confirmed_basis(
        tmp_path: Path, activity: str, basis: str) -> None:
    _, _, text, key, rights = CASES[activity]
    confirmed = _pages(tmp_path / "confirmed", activity, None)
    unconfirmed = _pages(tmp_path / "open", activity, basis)
    for words in all_words():
        lang = words.lang
        # The confirmed basis says it (so the check below can fail) ...
        assert text[lang] in _situation(confirmed, lang, activity)
        page = _situation(unconfirmed, lang, activity)
        # ... an unconfirmed one does not, on the situation page nor on the first layer.
        assert text[lang] not in page
        assert text[lang] not in unconfirmed[f"{lang}/index.md"]
        section = page.split(f"{{#{activity.replace('_', '-')}}}")[1].split("\n## ")[0]
        for right in rights:
            said = words.page["rights_here_" + right].split("{")[0].strip()
            assert said in _situation(confirmed, lang, activity)
            assert said not in section, (lang, right)
        assert words.page["rights_here_open"].split("{")[0].strip() in section

    machine = json.loads(unconfirmed["nb/privacy.json"])
    entries = [e for a in machine["activities"] if a["id"] == activity for e in a["legal_basis"]]
    assert entries and all(key not in e for e in entries)
    before = json.loads(confirmed["nb/privacy.json"])
    assert any(key in e for a in before["activities"] if a["id"] == activity for e in a["legal_basis"])
    for right in machine["rights"]:
        if right["right"] in rights:
            assert activity not in right.get("applies_to", []), right
