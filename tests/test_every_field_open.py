"""Every required fact may be open (issue 13 item 1), and an open fact is never asserted.

The required fields are read from the schemas (the same walk as the editors' field
reference), never listed here. Each one is made ``{open_question, owner}`` in a copy of the
real records (where the real records have no such field, a confirmed value is seeded first),
and then:

- ``check`` reports no error, and warns about exactly that open question;
- the pages render in both languages, and every line that differs from the pages with the
  confirmed value says "not yet confirmed" (the catalogue's words): the sentence carrying the
  fact is gone or says it is unconfirmed, it never asserts the missing fact;
- ``privacy.json`` marks one more value unconfirmed (unless the field is private) and still
  matches its published schema;
- the Art. 30 export builds and shows the open question.

Which required fields are not facts that can be open, by class (not by name):
keys and lists of keys (``purposes[].id``, ``data_subjects``: references other records rely
on; an unknown reference is an open question at the thing referred to), containers (a list of
entries, a group of fields, a map of keys: their own required facts are walked instead), the
``nb``/``en`` parts of a per-language link (the link as a whole may be open). A list or group
that may itself be open as a whole (an activity's ``purposes``, ``legal_basis``,
``retention``, ``sources``, ``data_categories``, the statement's ``rights``, a website's
``storage``) is walked both ways: as one open fact, and through its entries' facts.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from privacy_as_code import ropa
from privacy_as_code.checker import CheckResult, check_project
from privacy_as_code.findings import Severity
from privacy_as_code.i18n import all_words, words
from privacy_as_code.loader import load_file
from privacy_as_code.project import load_project
from privacy_as_code.render import guide, render_pages
from privacy_as_code.resources import SCHEMA_DIR
from tests.conftest import REPO

KIND_FILES = {"activity": "activities/*.yaml", "organisation": "organisation.yaml",
              "statement": "statement.yaml", "recipients": "recipients.yaml",
              "vocabulary": "vocabulary.yaml"}
MARK = "XOPENX"
ART30_STATEMENT = ("version", "effective_date")
"""The statement's facts the Art. 30 export carries (its wording and audiences are not in it)."""

# Confirmed values for optional parts the real records do not have, so that their
# required facts can be opened too (each passes the check as it stands).
SEEDS: dict[tuple[str, str], Any] = {
    # The real controller is all open questions; a confirmed one (test data, in a copy).
    ("organisation", "controller"): {
        "legal_name": "Eksempel AS", "organisation_number": "123456789",
        "address": {"street": "Eksempelgata 1", "postcode": "0150", "city": "Oslo", "country": "NO"},
        "email": "personvern@example.no"},
    ("recipients", "recipients"): lambda data: {
        **data["recipients"], next(iter(data["recipients"])): {
            **next(iter(data["recipients"].values())), "country": "NO"}},
    ("organisation", "dpo"): {"appointed": False},
    ("statement", "scope"): {"processor": "none"},
    ("statement", "children"): {"directed_at_children": False, "age_limit": 16},
    ("activity", "internal"): lambda data: {**data.get("internal", {}),
                                           "balancing_tests": [{"reference": "LIA-2026-01"}]},
    # A transfer to a recipient the activity already names.
    ("activity", "transfers"): lambda data: [
        {"recipient": data["recipients"][0], "country": "US", "mechanism": "scc",
         "safeguards": {"nb": "Be oss om en kopi.", "en": "Ask us for a copy."}}]
    if isinstance(data.get("recipients"), list) else None,
    ("activity", "automated_decisions"): {
        "description": {"nb": "Vi sorterer søknader automatisk.", "en": "We sort applications automatically."},
        "logic": {"nb": "Krav i utlysningen.", "en": "Requirements in the advert."},
        "significance": {"nb": "Du kan bli avvist.", "en": "You may be turned down."}},
    ("activity", "profiling"): {
        "description": {"nb": "Vi sorterer etter interesser.", "en": "We sort by interests."}},
    # A surveyed website with a consent tool and one statistics cookie (an activity uses it:
    # COMPANIONS), so a website's and a technology's facts can be opened.
    ("statement", "websites"): lambda data: [*data["websites"], {
        "id": "shop", "name": {"nb": "Nettbutikken", "en": "The web shop"},
        "url": "https://shop.example.no",
        "consent": {"tool": "Eksempel CMP", "description": {
            "nb": "Du velger ja eller nei i banneret og kan endre valget nederst på hver side.",
            "en": "You choose yes or no in the banner and can change it at the foot of every page."}},
        "storage": [{"name": "shop_stats", "kind": "cookie", "provider": "Eksempel AS",
                     "purpose": {"nb": "Telle besøk.", "en": "Count visits."},
                     "category": "statistics", "lifetime": {"nb": "1 år", "en": "1 year"}}]}],
    ("activity", "special_categories"): {
        "condition": "explicit_consent",
        "explanation": {"nb": "Du samtykker uttrykkelig.", "en": "You consent explicitly."}},
}


def _use_the_shop_cookie(root: Path) -> None:
    file = root / "records" / "activities" / "website.yaml"
    data = load_file(file, file.name).data
    _write(file, {**data, "tracking": ["shop/shop_stats"]})


COMPANIONS = {("statement", "websites"): _use_the_shop_cookie}
"""What a seed needs in another record to pass the check (a declared cookie is used by an
activity: tracking-declared)."""


def _not_a_fact(field: guide.Field, en: Any) -> bool:
    kind = str(field.kind)
    classes = (en.guide["id"], en.guide["object"], en.guide["list_of_objects"], en.guide["id_list"],
               en.guide["map_of"].split("{")[0])
    # A list or group the schemas let be open as a whole (the source leaves the whole list
    # unknown) is a fact like any other: walked as one.
    whole = en.guide["open_question"] in kind
    return (kind.startswith(classes) and not whole) or re.search(r"\.(nb|en)$", field.path) is not None


def required_facts() -> list[tuple[str, str]]:
    """(record kind, field path) of every required fact in the schemas."""
    en = words("en")
    schemas = guide.Schemas(SCHEMA_DIR)
    return [(kind, field.path) for kind, schema, _ in guide.KINDS
            for field in schemas.fields(schemas.docs[schema], schema, en)
            if field.required and not _not_a_fact(field, en)]


FACTS = required_facts()


def test_the_walk_finds_the_facts_the_issue_names() -> None:
    # The issue's examples: enums, booleans, the version and the date.
    for expected in [("organisation", "dpo.appointed"), ("activity", "automated_decisions"),
                     ("activity", "legal_basis[].basis"), ("recipients", "recipients.<key>.role"),
                     ("statement", "version"), ("statement", "effective_date")]:
        assert expected in FACTS


@pytest.mark.parametrize(("kind", "path"), FACTS)
def test_every_required_fact_accepts_an_open_question(kind: str, path: str) -> None:
    """The field reference (from the schemas) offers the open question for every required fact."""
    en = words("en")
    schemas = guide.Schemas(SCHEMA_DIR)
    schema = {k: s for k, s, _ in guide.KINDS}[kind]
    field = next(f for f in schemas.fields(schemas.docs[schema], schema, en) if f.path == path)
    assert en.guide["open_question"] in str(field.kind)
    assert en.guide["proposed"] in str(field.kind) or path == "transfers"


# --- a copy of the real records with one fact open ---------------------------------------

def _steps(path: str) -> list[str]:
    return [s for s in re.split(r"\.|(\[\])", path) if s]


def _places(data: Any, steps: list[str], at: tuple = ()) -> Iterator[tuple[Any, ...]]:
    """Every concrete location (a tuple of keys and indexes) of a field path in ``data``."""
    if not steps:
        yield at
        return
    step, rest = steps[0], steps[1:]
    if step == "[]":
        for index, item in enumerate(data if isinstance(data, list) else []):
            yield from _places(item, rest, (*at, index))
    elif step == "<key>":
        for key, item in (data.items() if isinstance(data, dict) else []):
            yield from _places(item, rest, (*at, key))
    elif isinstance(data, dict) and step in data:
        yield from _places(data[step], rest, (*at, step))
    elif isinstance(data, list) and step != "[]":  # provision: one, or a list of them
        for index, item in enumerate(data):
            yield from _places(item, steps, (*at, index))


def _get(data: Any, place: tuple) -> Any:
    for key in place:
        data = data[key]
    return data


def _is_open(value: Any) -> bool:
    return isinstance(value, dict) and "open_question" in value


def _set(data: Any, place: tuple, value: Any) -> None:
    for key in place[:-1]:
        data = data[key]
    data[place[-1]] = value


def _files(root: Path, kind: str) -> list[Path]:
    return sorted((root / "records").glob(KIND_FILES[kind]))


def _write(path: Path, data: Any) -> None:
    # JSON is YAML 1.2: the copy keeps every value's type (NO stays a string).
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")


def _copy(tmp: Path) -> Path:
    root = tmp / "project"
    shutil.copytree(REPO / "records", root / "records")
    shutil.copytree(REPO / "schemas", root / "schemas")
    return root


def _find(root: Path, kind: str, path: str) -> tuple[Path, Any, tuple, bool]:
    """The first occurrence of ``path`` in the copy: (file, its data, the place, whether an
    optional part had to be seeded with a confirmed value first; then it is written)."""
    steps = _steps(path)
    for seeded in (False, True):
        for file in _files(root, kind):
            data = load_file(file, file.name).data
            if seeded:
                seed = SEEDS.get((kind, steps[0]))
                if seed is None:
                    continue
                value = seed(data) if callable(seed) else json.loads(json.dumps(seed))
                if value is None:
                    continue
                data[steps[0]] = value
            # A value that is already open or proposed tells nothing new: take a confirmed one.
            place = next((p for p in _places(data, steps) if not _is_open(_get(data, p))), None)
            if place is None:
                continue
            if seeded:
                _write(file, data)
                if (kind, steps[0]) in COMPANIONS:
                    COMPANIONS[kind, steps[0]](root)
                assert not _errors(check_project(root)[1]), f"the seed for {steps[0]} fails the check"
            return file, data, place, seeded
    pytest.fail(f"no {kind} record has '{path}' and there is no seed for it")


def _errors(result: CheckResult) -> list[str]:
    return [f"{f.path}:{f.line}:{f.column} [{f.rule}] {f.message}" for f in result.findings
            if f.severity is Severity.ERROR]


def _statement_pages(root: Path) -> dict[str, str]:
    pages = render_pages(load_project(root))
    return {name: body for name, body in pages.items() if not name.startswith("guide/")}


def _unconfirmed(pages: dict[str, str]) -> set[str]:
    """Where privacy.json says "unconfirmed" (JSON paths)."""
    data = json.loads(next(body for name, body in pages.items() if name.endswith("privacy.json")))
    found: set[str] = set()

    def walk(value: Any, at: str) -> None:
        if isinstance(value, dict):
            if value.get("status") == "unconfirmed":
                found.add(at)
            for key, item in value.items():
                walk(item, f"{at}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{at}[{index}]")

    walk(data, "")
    return found


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = _copy(tmp_path_factory.mktemp("baseline"))
    _, result = check_project(root)
    assert _errors(result) == []
    return {"pages": _statement_pages(root)}


_EMPTY = re.compile(r",\s*,|\s,|\(\s*\)|«\s*»|\[\s*\]\(|\*{3,}|:\s*\.")
"""What a sentence with an empty or doubled placeholder shows (issue 13 item 8): ", ,",
" ,", "()", "«»", a link without text, bold inside bold ("****"), ": ."."""
_LINK = re.compile(r"\[[^\]]+\]\([^)]+\)")


def slips(body: str) -> list[str]:
    """The rendering slips in a Markdown page: an empty placeholder in a sentence, or the same
    link twice in one paragraph (each link once). Tables, comments and code are not prose."""
    found = []
    for para in re.split(r"\n\s*\n", body):
        if para.lstrip().startswith(("<!--", "|", "---")) or "```" in para:
            continue
        found += [f"{m.group(0)!r} in: {para}" for m in _EMPTY.finditer(para)]
        links = _LINK.findall(para)
        found += [f"{link} twice in: {para}" for link in dict.fromkeys(links) if links.count(link) > 1]
    return found


def _words(line: str) -> set[str]:
    return set(re.findall(r"\w+", line.lower()))


def _marker_lines() -> tuple[str, ...]:
    return tuple(w.page["open"] for w in all_words()) + tuple(
        w.page["open"].strip("*") for w in all_words())


@pytest.mark.parametrize(("kind", "path"), FACTS)
def test_an_open_fact_passes_with_a_warning_and_is_never_asserted(
        tmp_path: Path, baseline: dict[str, Any], kind: str, path: str) -> None:
    root = _copy(tmp_path)
    file, data, place, seeded = _find(root, kind, path)
    before = _statement_pages(root) if seeded else baseline["pages"]
    question = f"{MARK} {kind} {path.replace('<key>', 'KEY')}"
    _set(data, place, {"open_question": question, "owner": "CTO"})
    _write(file, data)

    project, result = check_project(root)
    assert _errors(result) == []
    assert any(f.rule == "open-question" and f.severity is Severity.WARNING and question in f.message
               for f in result.findings)
    assert result.failed(strict=True)

    pages = _statement_pages(root)  # renders, in both languages
    markers = _marker_lines()
    changed = False
    for name, body in pages.items():
        if name.endswith(".json"):
            continue
        old_lines = before.get(name, "").splitlines()
        new_lines = body.splitlines()
        removed = [_words(line) for line in old_lines if line not in new_lines]
        for line in new_lines:
            if line in old_lines or not line.strip():
                continue
            # Either it says "not yet confirmed", or it only lost words (a list without the
            # unconfirmed item, an offer withdrawn): nothing in it is new, it asserts nothing new.
            assert not slips(body), f"{name}: {slips(body)}"
            marked = any(m in line for m in markers)
            changed = changed or marked
            assert marked or any(_words(line) <= old for old in removed), (
                f"{name}: a line changed without saying 'not yet confirmed':\n{line}")

    machine = json.loads(next(b for n, b in pages.items() if n.endswith("privacy.json")))
    schema = json.loads((REPO / "schemas" / "privacy-json.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(machine)
    # Said on a page to be unconfirmed: privacy.json marks it so at a place it was confirmed.
    if changed:
        assert _unconfirmed(pages) - _unconfirmed(before)

    record = ropa.build_ropa(project, "en")
    exported = ropa.to_json(record).decode("utf-8")
    if kind != "statement" or path in ART30_STATEMENT:
        assert question in exported


def test_an_open_basis_is_no_verdict_in_other_rules(tmp_path: Path) -> None:
    """A rule that reads a basis from another file must not conclude from an open one:
    e-mail marketing 'via' the newsletter is not 'not on consent' while the newsletter's
    basis is an open question (markedsføringsloven § 15 needs consent; unknown is unknown)."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "records", root / "records")
    newsletter = root / "records" / "activities" / "newsletter.yaml"
    text = newsletter.read_text("utf-8")
    assert "basis: consent" in text
    newsletter.write_text(text.replace(
        "basis: consent", "basis: {open_question: Consent or legitimate interests?, owner: CTO}", 1),
        "utf-8")
    findings = check_project(root)[1].findings
    assert [f for f in findings if f.is_error] == []
    assert any(f.rule == "open-question" and f.path.endswith("newsletter.yaml") for f in findings)


@pytest.mark.parametrize("basis", ["basis: samtykke", None])
def test_a_misspelt_or_missing_basis_is_its_own_files_error_only(tmp_path: Path,
                                                                basis: str | None) -> None:
    """The same rule must not blame the client relationships for the newsletter's own mistake
    (a legal editor writing "samtykke", or deleting the basis): one cause, one finding, in
    the file where it is (found by a newcomer's trial)."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "records", root / "records")
    newsletter = root / "records" / "activities" / "newsletter.yaml"
    text = newsletter.read_text("utf-8")
    if basis is None:
        start = text.index("legal_basis:")
        end = text.index("\nretention:", start)
        text = text[:start] + text[end + 1:]
    else:
        text = text.replace("basis: consent", basis, 1)
    newsletter.write_text(text, "utf-8")
    errors = [f for f in check_project(root)[1].findings if f.is_error]
    assert errors and all(f.path.endswith("newsletter.yaml") for f in errors), errors

@pytest.mark.parametrize("root", [REPO, REPO / "tests" / "fixtures" / "third-party" / "velux-commercial-bramo"],
                         ids=["real", "third-party"])
def test_no_page_has_an_empty_placeholder_or_a_link_twice(root: Path) -> None:
    """Issue 13 item 8, on pages full of open values (the real records, a modelled statement
    with whole lists open): no sentence with a hole, no link said twice in a paragraph."""
    for name, body in _statement_pages(root).items():
        if not name.endswith(".json"):
            assert not slips(body), f"{name}: {slips(body)}"


def test_the_slip_scan_sees_slips() -> None:
    # Examples the issue names: an empty DPO name, the authority's link twice.
    assert slips("Our data protection officer is , privacy@example.no.")
    assert slips("- ****not yet confirmed****")
    link = "[Datatilsynet](https://www.datatilsynet.no)"
    assert slips(f"You can complain to {link}. Read how on {link}.")
    assert not slips(f"You can complain to {link}.\n\nRead more at {link}.")


def test_whole_lists_proposed_pass_and_are_marked_unconfirmed(tmp_path: Path) -> None:
    """A whole list may also be a proposal (``{proposed: [...], open_question, owner}``): check
    warns, the page says "not yet confirmed" for it and asserts none of its entries,
    privacy.json carries the entries only under ``proposed``, the export lists each question."""
    root = _copy(tmp_path)
    file = root / "records" / "activities" / "enquiries.yaml"
    data = load_file(file, file.name).data
    keys = ("purposes", "legal_basis", "retention", "sources", "data_categories")
    for key in keys:
        data[key] = {"proposed": data[key], "open_question": f"{MARK} {key}?", "owner": "CTO"}
    _write(file, data)
    project, result = check_project(root)
    assert _errors(result) == []
    assert {f.message for f in result.findings if MARK in f.message} and result.failed(strict=True)
    pages = _statement_pages(root)
    for w in all_words():
        page = pages[f"{w.lang}/situations/enquirers.md"]
        section = page.split("{#enquiries}")[1]
        assert section.count(f"- {w.page['open']}") >= 4  # categories, purposes, retention, sources
        for purpose in data["purposes"]["proposed"]:  # no proposed entry said as a fact
            assert purpose["text"][w.lang] not in page
    machine = json.loads(next(b for n, b in pages.items() if n.endswith("privacy.json")))
    enquiries = next(a for a in machine["activities"] if a["id"] == "enquiries")
    for key in keys:
        assert enquiries[key]["status"] == "unconfirmed" and enquiries[key]["proposed"], key
    schema = json.loads((REPO / "schemas" / "privacy-json.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(machine)
    exported = ropa.to_json(ropa.build_ropa(project, "en")).decode("utf-8")
    assert all(f"{MARK} {key}?" in exported for key in keys)
