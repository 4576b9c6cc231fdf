"""The schemas themselves: valid, self-contained, documented in both languages."""

from __future__ import annotations

import gc
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from privacy_as_code import cli
from privacy_as_code import project as project_module
from privacy_as_code.checker import check_project
from privacy_as_code.render import render_pages
from privacy_as_code.schemas import (
    FORMATS,
    SchemaError,
    SchemaSet,
    _follows,
    date_problem,
    email_problem,
    format_checks,
    url_problem,
)
from tests.conftest import FIXTURES, REPO, run_privacy
from tests.site_fixtures import SAMPLE

SCHEMAS = sorted((REPO / "schemas").glob("*.schema.json"))
NOT_FIELDS = {"$defs", "properties", "patternProperties"}


def test_there_is_a_schema_per_record_kind() -> None:
    assert {p.name for p in SCHEMAS} == {
        "common.schema.json", "activity.schema.json", "organisation.schema.json",
        "recipients.schema.json", "vocabulary.schema.json", "statement.schema.json",
        "privacy-json.schema.json",  # not a record kind: the published privacy.json
    }


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_2020_12(path: Path) -> None:
    schema = json.loads(path.read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def properties(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}.{name}", sub
        for key, value in node.items():
            if key == "properties":
                for name, sub in value.items():
                    yield from properties(sub, f"{where}.{name}")
            else:
                yield from properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from properties(item, f"{where}[{index}]")


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_field_is_described_in_both_languages(path: Path) -> None:
    schema = json.loads(path.read_text("utf-8"))
    undocumented = []
    for where, sub in properties(schema):
        description = sub.get("description", "")
        if not ("$ref" in sub and "common.schema.json#/$defs/open_questions" in sub["$ref"]):
            lines = description.splitlines()
            if len(lines) < 2 or not lines[0].startswith("nb: ") or not lines[1].startswith("en: "):
                undocumented.append(where)
    assert undocumented == []


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_refs_stay_on_this_machine(path: Path) -> None:
    text = path.read_text("utf-8")
    refs = [line for line in text.splitlines() if '"$ref"' in line]
    assert refs, "no $ref at all?" if path.name != "common.schema.json" else True
    assert all("http" not in ref for ref in refs)


def record_files() -> list[Path]:
    roots = [REPO / "records", FIXTURES / "minimal" / "records", FIXTURES / "passing",
             FIXTURES / "failing"]
    return sorted(p for root in roots for p in root.rglob("*.yaml"))


@pytest.mark.parametrize("path", record_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_record_files_start_with_a_schema_modeline_that_resolves(path: Path) -> None:
    first = path.read_text("utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    target = (path.parent / first.removeprefix(prefix)).resolve()
    assert target.is_file(), f"{path}: modeline points at {target}"
    kind = path.stem if path.parent.name != "activities" else "activity"
    assert target.name == f"{kind}.schema.json"


# --- the two validators agree (issue 9, class 1) ------------------------------------
# python-jsonschema reads a pattern with Python's re; jsonschema-rs with a Rust
# engine. Python's '$' also matches before a final newline, its '\d' is any
# Unicode digit and its '\s' list differs from ECMA-262's: a pattern written
# with those passes 'P5Y\n' in one engine and not in the other.

SEEDS = ["NO", "US", "GB", "P5Y", "P6M", "P3Y6M", "P0D", "2026-01-01", "1.0", "2.0.1",
         "999999999", "0150", "job_applicants", "crm-provider", "a", "x", "Tekst", " x ",
         "https://www.datatilsynet.no", "personvern@example.no", "bokføringsloven § 13", "",
         "main_site/_ga", "privacy_site//.__search"]
NOISE = ["\n", "\r\n", "\r", " ", "\t", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u2028",
         "\u3000", "\ufeff"]
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def patterns() -> list[tuple[str, str]]:
    found = []

    def walk(node: Any, name: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key.startswith("x-"):
                    continue  # our messages, not schema keywords
                if key == "pattern" and isinstance(value, str):
                    found.append((name, value))
                if key == "patternProperties" and isinstance(value, dict):
                    found.extend((name, p) for p in value)
                walk(value, name)
        elif isinstance(node, list):
            for value in node:
                walk(value, name)

    for path in SCHEMAS:
        walk(json.loads(path.read_text("utf-8")), path.name)
    return sorted(set(found))


def variants(seed: str) -> list[str]:
    out = [seed, seed.translate(ARABIC_DIGITS)]
    for noise in NOISE:
        out += [seed + noise, noise + seed, noise, seed[:1] + noise + seed[1:]]
    return out


def disagreements(pattern: str) -> list[str]:
    """The inputs on which Python's re (python-jsonschema) and jsonschema-rs differ."""
    fast = jsonschema_rs.Draft202012Validator({"type": "string", "pattern": pattern})
    return [text for seed in SEEDS for text in variants(seed)
            if fast.is_valid(text) != bool(re.search(pattern, text))]


@pytest.mark.parametrize(("schema", "pattern"), patterns(), ids=lambda v: str(v))
def test_every_pattern_means_the_same_in_python_and_rust(schema: str, pattern: str) -> None:
    fast = jsonschema_rs.Draft202012Validator({"type": "string", "pattern": pattern})
    assert any(fast.is_valid(seed) for seed in SEEDS), "no seed exercises the valid side"
    assert disagreements(pattern) == []


@pytest.mark.parametrize("pattern", [r"^[A-Z]{2}$", r"^\d{9}$", r"\S"])
def test_the_agreement_check_catches_the_forms_that_diverge(pattern: str) -> None:
    assert disagreements(pattern)


def test_every_format_in_the_schemas_has_one_shared_check() -> None:
    used = {value for path in SCHEMAS
            for value in re.findall(r'"format": "([^"]+)"', path.read_text("utf-8"))}
    assert used <= set(FORMATS), used - set(FORMATS)


def write(root: Path, name: str, old: str, new: str) -> None:
    path = root / "records" / name
    text = path.read_text("utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def problems(root: Path) -> list[tuple[str, str, int, int, str]]:
    _, result = check_project(root)
    records = (root / "records").resolve()
    return [(Path(f.path).resolve().relative_to(records).as_posix(), f.rule, f.line, f.column,
             f.message) for f in result.findings]


ACCOUNTING = "activities/accounting.yaml"
VALUE_CASES = {
    # file, text, replacement, (rule, line, column), words the message must hold
    "period-newline": (ACCOUNTING, "period: P5Y", 'period: "P5Y\\n"', ("schema", 17, 13),
                       "'P5Y\\n' is not a period"),
    "period-arabic-digits": (ACCOUNTING, "period: P5Y", "period: P٥Y", ("schema", 17, 13),
                             "is not a period"),
    "country-newline": ("recipients.yaml", 'country: "NO"', 'country: "US\\n"', ("schema", 7, 14),
                        "remove the spaces or line breaks around US"),
    "country-uk": ("recipients.yaml", 'country: "NO"', "country: UK", ("schema", 7, 14),
                   "'UK' is not an ISO 3166-1 country code; United Kingdom is GB"),
    "country-el": ("recipients.yaml", 'country: "NO"', "country: EL", ("schema", 7, 14),
                   "Greece is GR"),
    "country-lower-case": ("recipients.yaml", 'country: "NO"', 'country: "no"', ("schema", 7, 14),
                           "write it in capitals: NO"),
    "country-not-iso": ("recipients.yaml", 'country: "NO"', "country: XK", ("schema", 7, 14),
                        "'XK' is not an ISO 3166-1 country code"),
    "email-double-dot": ("organisation.yaml", "email: personvern@example.no",
                         "email: personvern@cloudberries..no", ("schema", 11, 10),
                         "two periods in a row"),
    "email-newline": ("organisation.yaml", "email: personvern@example.no",
                      'email: "personvern@example.no\\n"', ("schema", 11, 10),
                      "not a valid e-mail address"),
    "url-double-dot": ("organisation.yaml", "url: https://www.datatilsynet.no",
                       "url: https://www.datatilsynet..no", ("schema", 22, 8),
                       "is not a valid web address"),
    "url-newline": ("organisation.yaml", "url: https://www.datatilsynet.no",
                    'url: "https://www.datatilsynet.no\\n"', ("schema", 22, 8),
                    "U+000A"),
    "url-space": ("organisation.yaml", "url: https://www.datatilsynet.no",
                  'url: "https://www.datatilsynet.no/klage til oss"', ("schema", 22, 8),
                  "U+0020"),
    "url-user": ("organisation.yaml", "url: https://www.datatilsynet.no",
                 "url: https://user@www.datatilsynet.no", ("schema", 22, 8),
                 "user name or password"),
    "organisation-number-newline": ("organisation.yaml", 'organisation_number: "999999999"',
                                    'organisation_number: "999999999\\n"',
                                    ("schema", 5, 24), "999999999"),
    "version-newline": ("statement.yaml", 'version: "1.1"', 'version: "1.1\\n"',
                        ("schema", 2, 10), "1.1"),
    "date-not-in-calendar": ("statement.yaml", 'effective_date: "2026-12-01"',
                             'effective_date: "2026-02-30"', ("schema", 3, 17),
                             "not a date in the calendar"),
    "id-newline": ("statement.yaml", "  - id: subscribers", '  - id: "subscribers\\n"',
                   ("schema", 14, 9), "subscribers"),
}


@pytest.mark.parametrize("case", sorted(VALUE_CASES))
def test_a_value_both_validators_must_refuse_is_a_finding_at_its_line(case: str,
                                                                      minimal_root: Path) -> None:
    name, old, new, (rule, line, column), words = VALUE_CASES[case]
    write(minimal_root, name, old, new)
    found = [p for p in problems(minimal_root) if p[0] == name and p[2:4] == (line, column)]
    assert [p[1] for p in found] == [rule], problems(minimal_root)
    assert words in found[0][4]
    assert "\n" not in found[0][4]


def test_when_only_jsonschema_rs_refuses_a_value_the_file_still_fails(
        minimal_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A schema folder with the old, Python-lenient period pattern: Rust refuses
    'P5Y\\n', Python finds nothing, and the gate believes the strict one."""
    # The check always uses the tool's schemas (resources.py): stand in a copy.
    shutil.copytree(REPO / "schemas", tmp_path / "tool-schemas")
    monkeypatch.setattr(project_module, "SCHEMA_DIR", tmp_path / "tool-schemas")
    common = tmp_path / "tool-schemas" / "common.schema.json"
    text = common.read_text("utf-8")
    strict = r'"^P(?=[0-9])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?$(?!\\n)"'
    assert strict in text
    common.write_text(text.replace(strict, r'"^P(?=\\d)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?$"'), "utf-8")
    write(minimal_root, ACCOUNTING, "period: P5Y", 'period: "P5Y\\n"')
    found = problems(minimal_root)
    assert [p[:4] for p in found] == [(ACCOUNTING, "schema", 17, 13)]
    assert "the two schema validators disagree" in found[0][4]


def test_what_check_accepts_the_published_privacy_json_schema_accepts() -> None:
    """The real records and the site sample, rendered, pass privacy.json's schema on both engines
    (the property test in test_properties.py does the same for generated documents)."""
    schema = json.loads((REPO / "schemas" / "privacy-json.schema.json").read_text("utf-8"))
    for root in (REPO, SAMPLE):
        project, result = check_project(root)
        assert not result.failed(strict=False)
        document = json.loads(render_pages(project)["nb/privacy.json"])
        assert privacy_json_errors(schema, document) == []


def privacy_json_errors(schema: dict[str, Any], document: Any) -> list[str]:
    """Errors of ``document`` under privacy.json's schema from both engines, with our formats."""
    fast = jsonschema_rs.Draft202012Validator(schema, validate_formats=True,
                                              formats=format_checks())
    detailed = Draft202012Validator(schema, format_checker=FormatChecker())
    return ([f"rs {e.instance_path}: {e.message}" for e in fast.iter_errors(document)]
            + [f"py {e.json_path}: {e.message}" for e in detailed.iter_errors(document)])


# --- formats ------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["personvern@cloudberries.no", "post@blåbær.no",
                                   "Personvern@Cloudberries.NO", "a.b+c@sub.example.no"])
def test_email_addresses_a_mail_client_accepts(value: str) -> None:
    assert email_problem(value) is None


@pytest.mark.parametrize("value", ["personvern@cloudberries..no", "personvern@example.no\n",
                                   " personvern@example.no", "personvern", "a b@example.no",
                                   "personvern@localhost", "x@[192.0.2.1]", "x@example.test",
                                   "Personvern <personvern@example.no>", "x@-example.no"])
def test_email_addresses_a_mail_client_refuses(value: str) -> None:
    assert email_problem(value)


@pytest.mark.parametrize("value", ["https://www.datatilsynet.no", "https://www.datatilsynet.no/",
                                   "https://lovdata.no/lov/2004-11-19-73/§13",
                                   "https://example.no:8443/a?b=c#d", "https://blåbær.no/x%20y"])
def test_web_addresses_a_browser_opens(value: str) -> None:
    assert url_problem(value) is None


@pytest.mark.parametrize("value", ["https://www.datatilsynet..no", "https://datatilsynet.no\n",
                                   "https://data tilsynet.no", "https://user:pw@example.no",
                                   "https://example.no:99999/", "https:///path", "https://no",
                                   "https://-bad-.no", "https://example.no/\u200b",
                                   "https://example.no/<script>", "https://example.no/%zz",
                                   "javascript:alert(1)", "//example.no", "https:example.no"])
def test_web_addresses_that_are_refused(value: str) -> None:
    assert url_problem(value)


@pytest.mark.parametrize(("value", "problem"), [
    ("2026-01-01", None), ("2024-02-29", None), ("2026-02-30", "not a date in the calendar"),
    ("2026-1-1", "form YYYY-MM-DD"), ("20260101", "form YYYY-MM-DD"),
    ("2026-01-01\n", "form YYYY-MM-DD"), ("٢٠٢٦-٠١-٠١", "form YYYY-MM-DD"),
])
def test_dates(value: str, problem: str | None) -> None:
    found = date_problem(value)
    assert found is None if problem is None else problem in str(found)


# --- a schema that cannot be used (issue 9, class 7) -------------------------------------

PREFIX = "cannot load schema schemas/"
SCHEMA_BREAKS = {
    # file, text to replace (None: the whole file), replacement (None: delete), message
    "not-json": ("statement.schema.json", None, "{broken",
                 PREFIX + "statement.schema.json: line 1 column 2: Expecting"),
    "missing": ("statement.schema.json", None, None,
                PREFIX + "statement.schema.json: no such file"),
    "bad-pattern": ("organisation.schema.json", '"pattern": "^[0-9]{4}$(?!\\\\n)"',
                    '"pattern": "("',
                    PREFIX + "organisation.schema.json: at #/properties/controller/properties/"
                    + "address/oneOf/0/properties/postcode/oneOf/0/pattern: '(' is not a 'regex'"),
    "remote-ref": ("activity.schema.json", '"$ref": "common.schema.json#/$defs/text"',
                   '"$ref": "https://example.com/text.json"',
                   PREFIX + "activity.schema.json: at #/properties/name/oneOf/0: $ref "
                   + "'https://example.com/text.json' does not resolve to a schema in this folder"),
    "ref-to-nowhere": ("recipients.schema.json", '"$ref": "#/$defs/recipient"',
                       '"$ref": "#/$defs/nobody"',
                       PREFIX + "recipients.schema.json: at #/properties/recipients/"
                       + "additionalProperties: $ref '#/$defs/nobody' does not resolve"),
    "unknown-format": ("common.schema.json", '"format": "email"', '"format": "hostname"',
                       PREFIX + "common.schema.json: at #/$defs/email: format 'hostname' has no "
                       + "check shared by both validators"),
    "a-list": ("vocabulary.schema.json", None, "[]",
               PREFIX + "vocabulary.schema.json: the file does not hold a JSON object"),
}

_DOCS = {"file:///s/a.json": {"$defs": {"x/y": {}, "p%q": {}, "~t": {}, "l": [{}, {}]}},
         "file:///s/b.json": {}}


@pytest.mark.parametrize(("ref", "follows"), [
    ("#/$defs/x~1y", True), ("#/$defs/p%25q", True), ("#/$defs/~0t", True),
    ("#/$defs/l/1", True), ("b.json", True), ("b.json#", True), ("a.json#/$defs", True),
    ("#/$defs/l/2", False), ("#/$defs/x/y", False), ("#/$defs/missing", False),
    ("c.json", False), ("https://example.com/a.json", False), ("#an-anchor", False),
])
def test_a_plain_ref_is_followed_without_the_registry(ref: str, follows: bool) -> None:
    """The fast $ref check; anything it cannot follow is judged by referencing (above)."""
    assert _follows(_DOCS, "file:///s/a.json", ref) is follows


@pytest.mark.parametrize("case", sorted(SCHEMA_BREAKS))
@pytest.mark.parametrize("command", [["check"], ["render", "--check"]])
def test_a_schema_that_cannot_be_used_stops_the_command_with_its_path(
        case: str, command: list[str], minimal_root: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    name, old, new, message = SCHEMA_BREAKS[case]
    shutil.copytree(REPO / "schemas", minimal_root / "schemas")
    # The check always uses the tool's schemas (resources.py): make this broken
    # copy the tool's, in-process (a subprocess would use the real package).
    monkeypatch.setattr(project_module, "SCHEMA_DIR", minimal_root / "schemas")
    monkeypatch.chdir(minimal_root)
    target = minimal_root / "schemas" / name
    if new is None:
        target.unlink()
    elif old is None:
        target.write_text(new, "utf-8")
    else:
        text = target.read_text("utf-8")
        assert old in text
        target.write_text(text.replace(old, new, 1), "utf-8")
    if command[0] == "render":
        before = sorted(minimal_root.rglob("*"))
    try:
        code = cli.main(command)
    finally:
        gc.enable()  # main() switches the collector off for its short-lived process
    done = subprocess.CompletedProcess(command, code, *capsys.readouterr())
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith(f"privacy {command[0]}: error: {message}"), done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert done.stdout == ""
    if command[0] == "render":
        assert sorted(minimal_root.rglob("*")) == before


def test_schema_error_names_the_file_and_reason(tmp_path: Path) -> None:
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    (tmp_path / "schemas" / "statement.schema.json").write_text('{"type": 5}', "utf-8")
    with pytest.raises(SchemaError) as caught:
        SchemaSet(tmp_path / "schemas")
    assert caught.value.path == tmp_path / "schemas" / "statement.schema.json"
    assert caught.value.reason.startswith("at #/type: 5 is not valid")


# --- identifiers used as file names -------------------------------------------------------

def test_an_activity_id_with_a_final_newline_creates_no_file(minimal_root: Path) -> None:
    done = run_privacy("new", "activity", "x\n", cwd=minimal_root)
    assert done.returncode == 2
    assert done.stderr == ("privacy new: error: 'x\\n' is not a valid activity id: use lower-case "
                           "letters, digits, - and _, starting with a letter (e.g. newsletter, "
                           "job-fair)\n")
    assert sorted(p.name for p in (minimal_root / "records" / "activities").iterdir()) == [
        "accounting.yaml", "newsletter.yaml"]


def test_an_activity_file_name_ending_in_a_newline_is_refused(minimal_root: Path) -> None:
    shutil.copyfile(minimal_root / "records" / ACCOUNTING,
                    minimal_root / "records" / "activities" / "billing\n.yaml")
    found = [p[:4] for p in problems(minimal_root)]
    assert ("activities/billing\n.yaml", "file-name", 1, 1) in found


@pytest.mark.parametrize(("least", "given", "said"), [
    (1, [], "{where} is an empty list; it needs at least 1 item"),
    (2, ["a"], "{where} has too few entries; it needs at least 2"),  # not "at least 2 item"
])
def test_a_list_that_is_too_short_is_said_in_words_that_fit_the_count(least: int, given: list[str],
                                                                        said: str) -> None:
    from privacy_as_code.fieldpath import FieldPath
    from privacy_as_code.findings import say
    from privacy_as_code.i18n import words
    from privacy_as_code.schemas import _plain_message

    english = words("en")
    error = next(Draft202012Validator({"minItems": least}).iter_errors(given))
    key, args = _plain_message(error, FieldPath(("purposes",)))
    assert say(english, key, args.items()) == said.format(where=args["where"](english))
