"""What each reader is told is true *for that reader* (issues 11 and 13).

- an activity's ``summary`` may be written per data subject; each audience is shown only the
  texts for its own data subjects (the public view picks them: pages, privacy.json, diff);
- retention rules name the readers their label and note address (the real records);
- a retention of zero from an event is "when <event>", never a bare "immediately";
- an unconfirmed part of a recipient line says which part it is ("country not yet confirmed");
- an open contact address is said once per page, never "Write to not yet confirmed", and the
  closing rights line does not list fewer rights than the page's own rights lists.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from privacy_as_code.checker import check_project
from privacy_as_code.i18n import all_words
from privacy_as_code.project import load_project
from privacy_as_code.public import OPEN, is_text, summaries_for, view_of
from privacy_as_code.render import render_pages
from tests.conftest import REPO
from tests.site_fixtures import SAMPLE, edit_yaml, situation_pages

WORDS = {w.lang: w for w in all_words()}
APPLICANT = {"nb": "Søknad", "en": "Application"}
REFEREE = {"nb": "Referanse", "en": "Reference"}


@pytest.fixture(scope="module")
def repo_view():  # type: ignore[no-untyped-def]
    return view_of(load_project(REPO))



# --- summaries per data subject ------------------------------------------------------------

def test_a_summary_for_everyone_is_shown_to_everyone() -> None:
    activity = {"data_subjects": ["a", "b"], "summary": APPLICANT}
    assert summaries_for(activity, ("a",)) == (APPLICANT,)
    assert summaries_for(activity, ("b",)) == (APPLICANT,)


def test_a_summary_per_subject_is_shown_only_to_its_subject() -> None:
    activity = {"data_subjects": ["a", "b", "c"], "summary": {"a": APPLICANT, "b": REFEREE}}
    assert summaries_for(activity, ("a",)) == (APPLICANT,)
    assert summaries_for(activity, ("b",)) == (REFEREE,)
    assert summaries_for(activity, ("c",)) == ()  # no text of its own: none, never another's
    assert summaries_for(activity, ("b", "a")) == (REFEREE, APPLICANT)
    same = {"data_subjects": ["a", "b"], "summary": {"a": APPLICANT, "b": APPLICANT}}
    assert summaries_for(same, ("a", "b")) == (APPLICANT,)  # the same text once


def test_an_open_or_missing_summary() -> None:
    assert summaries_for({"summary": OPEN}, ("a",)) == (OPEN,)
    assert summaries_for({}, ("a",)) == ()
    assert summaries_for({"summary": "damaged"}, ("a",)) == ("damaged",)  # never raises on data


def test_each_audience_sees_only_the_summaries_of_its_data_subjects(repo_view) -> None:  # type: ignore[no-untyped-def]
    seen = 0
    for audience in repo_view.audiences:
        for part in audience.parts:
            summary = repo_view.activities[part.activity].data.get("summary")
            if isinstance(summary, dict) and not is_text(summary):
                seen += 1
                own = [summary[s] for s in audience.data_subjects if s in summary]
                assert list(part.summaries) == [t for i, t in enumerate(own) if t not in own[:i]], \
                    audience.id
    assert seen >= 2  # recruitment: applicants and referees


def test_the_referees_page_does_not_speak_to_the_applicant(repo_view, repo_pages) -> None:  # type: ignore[no-untyped-def]
    referees = next(a for a in repo_view.audiences if a.id == "referees")
    applicants = next(a for a in repo_view.audiences if a.id == "job_applicants")
    recruitment = repo_view.activities["recruitment"].data
    to_applicant = recruitment["summary"]["job_applicants"]
    part = next(p for p in referees.parts if p.activity == "recruitment")
    assert part.summaries == (recruitment["summary"]["referees"],)
    assert next(p for p in applicants.parts if p.activity == "recruitment").summaries == (to_applicant,)
    # Retention: the referee is told only the rules that name referees (or everyone).
    for rule in part.retention:
        assert "referees" in rule.get("data_subjects", ["referees"])
    for lang, words in WORDS.items():
        page = situation_pages(repo_pages, lang)
        assert words.text(to_applicant) not in page["referees"]
        assert words.text(to_applicant) in page["job-applicants"]
        for rule in recruitment["retention"]:
            if rule.get("data_subjects") == ["job_applicants"]:
                assert words.text(rule["label"]) not in page["referees"], lang
                if rule.get("note"):
                    assert words.text(rule["note"]) not in page["referees"], lang
                    assert words.text(rule["note"]) in page["job-applicants"], lang
        index = repo_pages[f"{lang}/index.md"]
        card = index.split("(situations/referees.md)")[1].split("\n- **")[0]
        for rule in recruitment["retention"]:
            if "referees" not in rule.get("data_subjects", ["referees"]):
                assert words.text(rule["label"]) not in card, lang


def test_every_retention_rule_of_a_several_reader_activity_names_its_readers(repo_view) -> None:  # type: ignore[no-untyped-def]
    """In the real records, a label or note in an activity with several kinds of reader is said
    to the readers it names: a rule without ``data_subjects`` would say it to all of them."""
    recruitment = repo_view.activities["recruitment"].data
    assert all(rule.get("data_subjects") for rule in recruitment["retention"])


def test_privacy_json_keeps_the_summary_per_subject(repo_pages: dict[str, str]) -> None:
    statement = json.loads(repo_pages["nb/privacy.json"])
    recruitment = next(a for a in statement["activities"] if a["id"] == "recruitment")
    assert set(recruitment["summary"]) == {"job_applicants", "referees"}
    assert set(recruitment["summary"]["referees"]) == {"nb", "en"}
    newsletter = next(a for a in statement["activities"] if a["id"] == "newsletter")
    assert set(newsletter["summary"]) == {"nb", "en"}  # one text for everyone stays one text


def test_a_per_subject_summary_naming_another_subject_is_one_finding(repo_copy: Path) -> None:
    edit_yaml(repo_copy / "records" / "activities" / "recruitment.yaml", "  referees:\n    nb:",
              "  referes:\n    nb:")
    _, result = check_project(repo_copy)
    errors = [(f.rule, f.path.rsplit("/", 1)[-1], f.line, f.column) for f in result.findings
              if f.severity == "error"]
    assert errors == [("basis-per-subject", "recruitment.yaml", 17, 3)]
    found = next(f for f in result.findings if f.rule == "basis-per-subject")
    assert "'referes'" in found.message and "job_applicants, referees" in found.message


def test_a_summary_mixing_both_shapes_names_the_stray_key(repo_copy: Path) -> None:
    """A text for everyone with a data subject's key beside nb and en: one finding at that key
    (it is read as the text it mostly is), never a traceback or a finding per branch."""
    path = repo_copy / "records" / "activities" / "recruitment.yaml"
    text = path.read_text("utf-8")
    start, end = text.index("summary:\n"), text.index("\ndata_subjects:")
    path.write_text(text[:start] + 'summary:\n  nb: "Tekst"\n  en: "Text"\n  referees:\n'
                    '    nb: "Tekst"\n    en: "Text"\n' + text[end:], "utf-8")
    _, result = check_project(repo_copy)
    errors = [(f.rule, f.line, f.column) for f in result.findings if f.severity == "error"]
    assert errors == [("unknown-key", 15, 3)]
    assert "'referees'" in next(f.message for f in result.findings if f.rule == "unknown-key")


# --- retention of zero ---------------------------------------------------------------------

def test_a_zero_retention_says_when_not_a_bare_immediately(repo_pages: dict[str, str]) -> None:
    for lang, words in WORDS.items():
        immediately = str(words.grammar["immediately"])
        index = repo_pages[f"{lang}/index.md"]
        for line in index.splitlines():
            assert not line.rstrip().endswith(f": {immediately}"), (lang, line)
            assert f": {immediately} (" not in line, (lang, line)
        when = words.text({"nb": "når rekrutteringsprosessen er avsluttet",
                           "en": "when the recruitment process ends"})
        hired = words.text({"nb": "Hvis du får jobben", "en": "If you get the job"})
        assert f"{hired}: {words.page['proposed_short'].format(value=when)}" in index
        page = situation_pages(repo_pages, lang)["job-applicants"]
        line = next(x for x in page.splitlines() if when in x)
        assert words.page["then_delete"] not in line  # "deleted" only in the data it is true of


def test_a_zero_retention_without_a_when_names_its_event(tmp_path: Path) -> None:
    from tests.site_fixtures import make_project
    root = make_project(tmp_path / "p", SAMPLE, with_site_config=False)
    pages = render_pages(load_project(root))
    for lang, words in WORDS.items():
        text = "\n".join(situation_pages(pages, lang).values())
        after = words.text({"nb": "etter at du melder deg av", "en": "after you unsubscribe"})
        when = words.page["when_after"].format(after=after)
        assert words.page["now_sentence"].format(now=words.page["now_delete"].format(when=when)) in text


# --- recipients ------------------------------------------------------------------------------

def test_an_open_country_is_named_as_the_open_part(repo_pages: dict[str, str]) -> None:
    for lang, words in WORDS.items():
        page = "\n".join(body for name, body in repo_pages.items()
                          if name.startswith(f"{lang}/") and name.endswith(".md"))
        role = words.term("role", "processor")
        open_ = words.page["open"]
        assert f"({role}, {words.page['unconfirmed_country'].format(country=open_)})" in page
        assert f"({role}, {open_})" not in page


# --- the contact address and the closing rights line ------------------------------------------

def test_an_open_address_is_said_once_per_page(repo_view, repo_pages: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert repo_view.organisation["controller"]["email"] == OPEN  # the real records: still open
    for lang, words in WORDS.items():
        open_ = words.page["open"]
        for key in ("situation_contact", "dm_action", "contact_rights", "first_who", "dpo_none", "dpo_open"):
            written = words.page[key].split("{email}")[0].split(". ")[-1]
            for name, page in repo_pages.items():
                if name.startswith(f"{lang}/") and name.endswith(".md"):
                    assert f"{written}{open_}" not in page, (lang, key, name)
        for situation, page in situation_pages(repo_pages, lang).items():
            said = words.page["situation_contact_no_address"].format(email=open_)
            assert page.count(said) == 1, (lang, situation)


def test_a_confirmed_address_is_written_to(tmp_path: Path) -> None:
    pages = render_pages(load_project(SAMPLE))
    for lang, words in WORDS.items():
        for situation, page in situation_pages(pages, lang).items():
            assert words.page["situation_contact"].split("{email}")[0] in page, situation
            assert "personvern@example.no" in page


def test_the_closing_rights_line_lists_no_fewer_rights_than_the_page(repo_pages: dict[str, str]) -> None:
    """The closing line refers to the rights listed above; it lists none of its own, so it can
    never name fewer than "Your rights here" does."""
    for lang, words in WORDS.items():
        closing = words.page["situation_rights_no_address"].split("{rights}")[0]
        for situation, page in situation_pages(repo_pages, lang).items():
            section = page.split("{#your_rights}")[1]
            assert closing in section, (lang, situation)
            for right in ("right_access", "right_rectification", "right_erasure"):
                name = words.page[right].split(" (")[0].lower()
                assert name not in section.split("\n")[2].lower(), (lang, situation, right)


def test_text_written_to_one_reader_is_not_on_the_shared_page(repo_view, repo_pages) -> None:  # type: ignore[no-untyped-def]
    """An activity several situations share is written once on the shared page (issue 11); a
    summary written to one kind of reader stays with that reader's pointer line."""
    recruitment = repo_view.activities["recruitment"].data
    for lang, words in WORDS.items():
        shared = repo_pages[f"{lang}/shared.md"]
        pages = situation_pages(repo_pages, lang)
        for subject, page in (("job_applicants", "job-applicants"), ("referees", "referees")):
            text = words.text(recruitment["summary"][subject])
            assert text not in shared, (lang, subject)
            assert pages[page].count(text) == 1, (lang, subject)
        for rule in recruitment["retention"]:
            if rule.get("note"):
                assert words.text(rule["note"]) not in shared, lang
