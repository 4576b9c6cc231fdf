"""Retention as real statements write it: a maximum, a range, a condition, archiving.

The records are the passing fixtures of ``retention-form`` and ``retention-statute``
on the minimal project; each form is worded on the page (both languages), in
``privacy.json`` and in the Art. 30 export, and an upper limit is never said as a
fixed period.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from privacy_as_code.checker import check_project
from privacy_as_code.project import load_project
from privacy_as_code.render import render_pages
from privacy_as_code.ropa import build_ropa, render_bytes
from tests.conftest import MINIMAL, REPO, run_privacy
from tests.site_fixtures import all_situations

FIXTURES = REPO / "tests" / "fixtures" / "passing"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("forms") / "project"
    shutil.copytree(MINIMAL, project)
    for rule in ("retention-form", "retention-statute"):
        for source in (FIXTURES / rule / "activities").glob("*.yaml"):
            shutil.copyfile(source, project / "records" / "activities" / source.name)
    return project


@pytest.fixture(scope="module")
def pages(root: Path) -> dict[str, str]:
    _, result = check_project(root)
    assert result.findings == ()
    return render_pages(load_project(root))


SITUATIONS = {
    "nb": [
        ("- Inntil 24 måneder etter at du trekker samtykket tilbake, så sletter vi dem. "
        "Vi lagrer opplysningene i inntil 24 måneder."),
        ("- Klager på en utsendelse (hvis du klager på en utsendelse): Vanligvis 3 måneder og senest "
        "1 år etter at du trekker samtykket tilbake, så sletter vi dem."),
        "- 10 år etter utgangen av regnskapsåret, så arkiverer vi dem, slik arkivlova § 6 krever.",
    ],
    "en": [
        ("- Up to 24 months after you withdraw consent, then we delete it. We keep the data for "
        "up to 24 months."),
        ("- Complaints about a mailing (if you complain about a mailing): Normally 3 months and at the "
        "latest 1 year after you withdraw consent, then we delete it."),
        ("- 10 years after the end of the financial year, then we archive it, as arkivlova § 6 "
        "requires."),
    ],
}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_each_form_is_worded_on_the_page(pages: dict[str, str], lang: str) -> None:
    lines = all_situations(pages, lang).splitlines()
    for sentence in SITUATIONS[lang]:
        assert sentence in lines


@pytest.mark.parametrize(("lang", "lines"), [
    ("nb", ["    - Nyhetsbrev: inntil 24 måneder",
            "    - Klager på en utsendelse: vanligvis 3 måneder, senest 1 år"]),
    ("en", ["    - Newsletter: up to 24 months",
            "    - Complaints about a mailing: normally 3 months, at the latest 1 year"]),
])
def test_the_first_layer_keeps_the_upper_limit(pages: dict[str, str], lang: str,
                                               lines: list[str]) -> None:
    # Each situation's card: "what: how long" (issue 11), the limit still a limit.
    assert set(lines) <= set(pages[f"{lang}/index.md"].splitlines())


def test_an_upper_limit_is_never_said_as_a_fixed_period(pages: dict[str, str]) -> None:
    for name in [n for n in pages if n.endswith(".md") and not n.startswith("guide/")]:
        for fixed in ("- 24 måneder", "- 24 months", "| 24 måneder", "| 24 months",
                      ": 1 år etter", ": 1 year after", ": 24 måneder", ": 24 months"):
            assert fixed not in pages[name], (name, fixed)


def test_a_proposed_maximum_keeps_both_markers(root: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(root, project)
    file = project / "records" / "activities" / "newsletter.yaml"
    text = file.read_text("utf-8").replace(
        "  - period: P24M\n", "  - period: {proposed: P24M, open_question: Is 24 months right?}\n", 1)
    file.write_text(text, "utf-8")
    page = all_situations(render_pages(load_project(project)), "en")
    assert ("- Up to 24 months after you withdraw consent (*proposed, not yet confirmed*), then we "
            "delete it. We keep the data for up to 24 months.") in page.splitlines()


def test_privacy_json_says_each_form(pages: dict[str, str]) -> None:
    data = json.loads(pages["nb/privacy.json"])
    schema = json.loads((REPO / "schemas" / "privacy-json.schema.json").read_text("utf-8"))
    assert list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(data)) == []
    activities = data["activities"]
    rules = {a["id"]: a["retention"] for a in activities} if isinstance(activities, list) else {
        key: a["retention"] for key, a in activities.items()}
    up_to, ranged = rules["newsletter"]
    assert (up_to["period"], up_to["up_to"], up_to["then"]) == ("P24M", True, "delete")
    assert (ranged["period"], ranged["normally"], ranged["up_to"]) == ("P1Y", "P3M", True)
    assert ranged["condition"] == {"nb": "hvis du klager på en utsendelse",
                                   "en": "if you complain about a mailing"}
    archived = rules["accounting"][1]
    assert (archived["then"], archived["archive_statute"]) == ("archive", "arkivlova § 6")
    assert "up_to" not in rules["accounting"][0]  # a fixed period stays fixed


@pytest.mark.parametrize(("lang", "expected"), [
    ("nb", ["Inntil 24 måneder etter at du trekker samtykket tilbake — slettes",
            ("Klager på en utsendelse (hvis du klager på en utsendelse): vanligvis 3 måneder etter at "
            "du trekker samtykket tilbake, senest 1 år etter at du trekker samtykket tilbake — slettes"),
            "10 år etter utgangen av regnskapsåret — arkiveres (arkivering kreves av: arkivlova § 6)"]),
    ("en", ["Up to 24 months after you withdraw consent — delete",
            ("Complaints about a mailing (if you complain about a mailing): normally 3 months after "
            "you withdraw consent, at the latest 1 year after you withdraw consent — delete"),
            ("10 years after the end of the financial year — archive (archiving required by: "
            "arkivlova § 6)")]),
])
def test_the_art30_export_says_each_form(root: Path, lang: str, expected: list[str]) -> None:
    exported = render_bytes(build_ropa(load_project(root), lang), "json").decode("utf-8")
    for line in expected:
        assert json.dumps(line, ensure_ascii=False) in exported


@pytest.mark.parametrize(("old", "new", "rule", "where", "words"), [
    ("    up_to: true\n", "", "retention-form", "16:16",
     "'inntil 24 måneder' says the period is an upper limit, but the rule gives it as fixed: add 'up_to: true'"),
    ("    normally: P3M\n", "    normally: P1Y\n", "retention-form", "22:15",
     "'normally: P1Y' is not shorter than 'period: P1Y'"),
])
def test_each_mistake_gives_one_finding(root: Path, tmp_path: Path, old: str, new: str, rule: str,
                                        where: str, words: str) -> None:
    project = tmp_path / "project"
    shutil.copytree(root, project)
    file = project / "records" / "activities" / "newsletter.yaml"
    text = file.read_text("utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), "utf-8")
    done = run_privacy("check", cwd=project)
    assert done.returncode == 1
    errors = [line for line in done.stdout.splitlines() if ": error [" in line]
    assert len(errors) == 1, done.stdout
    assert errors[0].startswith(f"records/activities/newsletter.yaml:{where}: error [{rule}] {words}")


def test_archive_without_its_statute_is_an_error(root: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(root, project)
    file = project / "records" / "activities" / "accounting.yaml"
    file.write_text(file.read_text("utf-8").replace("    archive_statute: arkivlova § 6\n", ""), "utf-8")
    done = run_privacy("check", cwd=project)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        "records/activities/accounting.yaml:19:11: error [retention-statute] 'then: archive' must "
        "name the law that requires archiving in 'archive_statute', e.g. 'arkivlova § 6'; without "
        "one, delete or anonymise the data (Art. 5(1)(e), 17(3)(b), 89)")
