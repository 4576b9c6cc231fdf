"""Messages that name the cause at its line, in English and in Norwegian (issue 12, items 3 and 4).

Each mistake of the issue stands for a class: one finding (rule, line, column),
a message naming the cause in plain words, the same finding worded in Bokmål
by ``--lang nb``; and every message id the code uses has a template with the
same placeholders in every language.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import string
import textwrap
from pathlib import Path
from typing import Any

import pytest

from privacy_as_code import i18n
from privacy_as_code.checker import check_project
from privacy_as_code.fieldpath import in_words
from privacy_as_code.findings import Finding, Severity, in_reading_order
from privacy_as_code.i18n import words
from privacy_as_code.loader import load_text
from privacy_as_code.rules import RULES
from privacy_as_code.syntax_rules import DOCUMENTED
from tests.conftest import MINIMAL, REPO, run_privacy

PACKAGE = REPO / "scripts" / "privacy_as_code"
NB, EN = words("nb"), words("en")


def one(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, [str(f) for f in findings]
    return findings[0]


# --- YAML: the cause, at its line -------------------------------------------------

SYNTAX = {
    # name: (text, (rule, line, column), words in the English message, words in the Norwegian one)
    "curly-quote-breaks-the-line": (
        "name:\n  nb: “Vi lagrer: navn”\n  en: x\n", ("yaml-syntax", 2, 7),
        "curly quote “", "typografiske anførselstegnet “"),
    "quote-inside-double-quotes": (
        'name:\n  nb: "Vi sier "hei" til deg"\n  en: x\n', ("yaml-syntax", 2, 16),
        "write quotes inside a text as « » or ’", "skriv anførselstegn inne i en tekst som « » eller ’"),
    "quote-inside-single-quotes": (
        "name:\n  en: 'Cloudberries' policy'\n  nb: x\n", ("yaml-syntax", 2, 20),
        "at the ' inside it", "ved ' inne i teksten"),
    "quote-inside-quotes-in-braces": (
        'name: {nb: "Vi sier "hei" til deg", en: x}\n', ("yaml-syntax", 1, 21),
        "at the \" inside it", "ved \" inne i teksten"),
    "indented-deeper": (
        "controller:\n  legal_name: X\n   address: Y\n  email: Z\n", ("yaml-syntax", 3, 1),
        "indented 3 spaces, deeper than line 2 (2 spaces) that it belongs with: line it up with line 2",
        "3 mellomrom innrykk, dypere enn linje 2 (2 mellomrom) som den hører sammen med: rett den inn etter linje 2"),
    "indented-shallower": (
        "controller:\n  legal_name: X\n address: Y\n  email: Z\n", ("yaml-syntax", 3, 1),
        "indented 1 space, less than line 2 (2 spaces)", "rett den inn etter linje 2"),
    "indented-shallower-in-a-list": (
        "purposes:\n  - id: a\n    text: b\n   other: c\n", ("yaml-syntax", 4, 1),
        "less than line 3 (4 spaces) that it belongs with: line it up with line 3",
        "rett den inn etter linje 3"),
    "colon-in-unquoted-text": (
        "name:\n  nb: Merk: dette gjelder alle\n  en: x\n", ("yaml-syntax", 2, 11),
        "contains ': ', which YAML reads as the start of a new key: put the whole text in quotes",
        "sett hele teksten i anførselstegn"),
    "quote-never-closed": (
        'name:\n  nb: "Vi lagrer\n  en: x\n', ("yaml-syntax", 2, 7),
        "the quote opened here is never closed", "anførselstegnet som åpnes her, lukkes aldri"),
    "tab-indentation": (
        "name:\n\tnb: x\n", ("yaml-syntax", 2, 1), "YAML allows only spaces",
        "YAML tillater bare mellomrom"),
    "non-breaking-space-as-indentation": (
        "name:\n\u00a0 nb: x\n  en: y\n", ("yaml-character", 2, 1),
        "U+00A0 (NO-BREAK SPACE) used as indentation", "er brukt som innrykk"),
    "non-breaking-space-after-colon": (
        "name:\n  nb:\u00a0x\n  en: y\n", ("yaml-character", 2, 6),
        "after ':' where YAML needs an ordinary space", "etter ':' der YAML krever et vanlig mellomrom"),
    "zero-width-space-in-a-key": (
        "na\u200bme:\n  nb: x\n  en: y\n", ("yaml-character", 1, 3),
        "invisible character U+200B (ZERO WIDTH SPACE)", "usynlig tegn U+200B"),
    "curly-quotes-around-a-whole-value": (
        "then: “delete”\n", ("yaml-syntax", 1, 7),
        ("wrapped in curly quotes “...” (pasted from Word?), which YAML keeps as part of the "
         "text: write \"delete\""), "står i typografiske anførselstegn"),
    "single-curly-quotes-around-a-whole-value": (
        "then: ‘delete’\n", ("yaml-syntax", 1, 7), "curly quotes ‘...’", "typografiske anførselstegn ‘...’"),
    "hash-in-unquoted-text": (
        "name:\n  en: Camera at entrance #1 and #2\n  nb: x\n", ("yaml-comment", 2, 26),
        "reads ' #1 and #2' as a comment and drops it, so the value is only 'Camera at entrance'",
        "dropper det, så verdien blir bare «Camera at entrance»"),
    "comment-after-a-reader-text": (
        "name:\n  nb: Kamera ved inngangen # og bakdøra\n  en: x\n", ("yaml-comment", 2, 28),
        "drops it, so the value is only 'Kamera ved inngangen'", "verdien blir bare «Kamera ved inngangen»"),
}


@pytest.mark.parametrize("case", sorted(SYNTAX))
def test_each_yaml_mistake_is_one_finding_naming_its_cause(case: str) -> None:
    text, (rule, line, column), english, norwegian = SYNTAX[case]
    found = one(load_text(text, "x.yaml").findings)
    assert (found.rule, found.line, found.column) == (rule, line, column)
    assert english in found.in_words(EN) and found.in_words(EN) == found.message
    assert norwegian in found.in_words(NB)
    assert "did not find expected key" not in found.message
    assert "mapping values are not allowed" not in found.message


def test_curly_quotes_around_a_value_are_not_kept_in_it() -> None:
    # the value is read as meant, so the schema does not report the same cause again
    assert load_text("then: “delete”\n").data == {"then": "delete"}


def test_the_value_before_a_dropped_comment_is_still_read() -> None:
    loaded = load_text("name:\n  en: Camera at entrance #1 and #2\n  nb: x\n")
    assert loaded.data == {"name": {"en": "Camera at entrance", "nb": "x"}}


@pytest.mark.parametrize("text", [
    "period: P6M  # six months\n",
    "name:\n  en: 'Camera at entrance #1 and #2'\n",
    "name:\n  en: Camera at entrance#1\n",
    "name:\n  nb: «Vi lagrer navn»\n  en: We keep ’names’\n",
    "name:\n  nb: Han sa “hei” til oss\n",
    "name:\n  nb: \"Vi sier «hei» til deg\"\n",
    "name: {nb: \"Vi sier «hei»\", en: 'We say ’hello’'}\n",
    "a:\n  - \"a\"\n  - 'b'  # note\n",
    "controller:\n  legal_name: X\n  address:\n    street: Y\n",
    "purposes:\n  - id: a\n    text: b\n  - id: c\n",
    "name:\n  nb: Pris\u00a0100\u00a0kr\n",
])
def test_what_is_right_gives_no_finding(text: str) -> None:
    assert load_text(text).findings == []


def test_libyamls_words_come_with_a_hint_when_no_cause_is_recognised() -> None:
    found = one(load_text("a: [1, 2\n").findings)
    assert found.rule == "yaml-syntax"
    assert "(" in found.message and found.in_words(NB).startswith("YAML-en kan ikke leses her")


# --- schema findings: field paths in words, codes for words -----------------------

@pytest.mark.parametrize(("path", "lang", "expected"), [
    (("transfers", 1, "country"), "en", "Transfers › 2nd entry › Country"),
    (("transfers", 1, "country"), "nb", "Overføringer › 2. oppføring › Land"),
    (("retention", 0, "period"), "en", "Retention › 1st entry › Period"),
    (("purposes", 2, "text", "nb"), "nb", "Formål › 3. oppføring › Tekst › Norsk"),
    (("audiences", 10), "en", "Audiences › 11th entry"),
    (("audiences", 21), "en", "Audiences › 22nd entry"),
    ((), "nb", "fila"),
    (("no_such_key",), "en", "no_such_key"),
])
def test_field_paths_are_words(path: tuple, lang: str, expected: str) -> None:
    assert in_words(path, lang) == expected


def test_every_key_of_every_schema_has_words_in_every_language() -> None:
    import json

    keys: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            keys.update(node.get("properties", {}) if isinstance(node.get("properties"), dict) else ())
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in (REPO / "schemas").glob("*.schema.json"):
        if path.name != "privacy-json.schema.json":
            walk(json.loads(path.read_text("utf-8")))
    for lang in i18n.languages():
        missing = {key for key in keys if in_words((key,), lang) == key}
        assert not missing, (lang, sorted(missing))


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "records" / name
    text = path.read_text("utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(MINIMAL, target)
    return target


ACCOUNTING = "activities/accounting.yaml"
SCHEMA_CASES = {
    # name: (file, old, new, (rule, line, column), English words, Norwegian words)
    "basis-in-norwegian": (
        ACCOUNTING, "basis: contract", "basis: avtale", ("schema", 11, 12),
        "'avtale' is not one of the codes; write contract", "'avtale' er ikke en av kodene; skriv contract"),
    "consent-in-norwegian": (
        ACCOUNTING, "basis: contract", "basis: samtykke", ("schema", 11, 12),
        "Legal basis › 1st entry › Basis: 'samtykke' is not one of the codes; write consent",
        "Behandlingsgrunnlag › 1. oppføring › Grunnlag: 'samtykke' er ikke en av kodene; skriv consent"),
    "then-in-norwegian": (
        ACCOUNTING, "then: delete", "then: slettes", ("schema", 19, 11),
        "Retention › 1st entry › Then: 'slettes' is not one of the codes; write delete",
        "Lagringstid › 1. oppføring › Deretter: 'slettes' er ikke en av kodene; skriv delete"),
    "source-in-english-words": (
        ACCOUNTING, "kind: data_subject", "kind: from you", ("schema", 23, 11),
        "write data_subject", "skriv data_subject"),
    "statutory-ja": (
        ACCOUNTING, "statutory: minimum", "statutory: ja", ("retention-statute", 20, 16),
        "'ja' is not one of the codes; write true", "skriv true"),
    # A yes/no field that also takes a mapping or an open question (a list of alternatives):
    # the message says what to write, not "expected another value" (a newcomer's trial).
    "direct-marketing-ja": (
        "activities/newsletter.yaml", "direct_marketing: true", "direct_marketing: ja",
        ("schema", 20, 19), "Direct marketing: 'ja' is not a yes/no value YAML knows: write true",
        "Direkte markedsføring: 'ja' er ikke en ja/nei-verdi YAML kjenner: skriv true"),
    "direct-marketing-quoted": (
        "activities/newsletter.yaml", "direct_marketing: true", 'direct_marketing: "true"',
        ("schema", 20, 19), ("'true' is in quotes, so it is text, not yes or no: write true "
                             "without quotes"), "skriv true uten anførselstegn"),
    "dotted-date": (
        "statement.yaml", 'effective_date: "2026-12-01"', "effective_date: 01.12.2026",
        ("schema", 3, 17), ("'01.12.2026' is written day.month.year; dates are written "
                            "year-month-day: write 2026-12-01"), "datoer skrives år-måned-dag: skriv 2026-12-01"),
    "version-unquoted": (
        "statement.yaml", 'version: "1.1"', "version: 1.1", ("statement-version", 2, 10),
        'a number meant as text needs quotes: write "1.1"', 'skriv "1.1"'),
    # A period in words gets its ISO form, and every wrong form names its field (a newcomer's trial).
    "period-in-words": (
        ACCOUNTING, "period: P5Y", "period: 5 år", ("schema", 17, 13),
        "Retention › 1st entry › Period: '5 år' is a period in words: write it in ISO 8601 form, P5Y",
        ("Lagringstid › 1. oppføring › Periode: '5 år' er en periode skrevet med ord: skriv den i "
         "ISO 8601-form, P5Y")),
    "period-in-other-words": (
        ACCOUNTING, "period: P5Y", "period: fem år", ("schema", 17, 13),
        "Retention › 1st entry › Period: 'fem år' is not a period in ISO 8601 form: write e.g. P6M",
        "Periode: 'fem år' er ikke en periode i ISO 8601-form"),
    "unknown-key": (
        ACCOUNTING, "transfers: none", "transfers: none\npurpsoes: []", ("unknown-key", 26, 1),
        "unknown key 'purpsoes'; did you mean 'purposes'?", "ukjent nøkkel 'purpsoes'; mente du 'purposes'?"),
}


@pytest.mark.parametrize("case", sorted(SCHEMA_CASES))
def test_each_value_mistake_is_one_finding_with_the_code_to_write(root: Path, case: str) -> None:
    name, old, new, (rule, line, column), english, norwegian = SCHEMA_CASES[case]
    edit(root, name, old, new)
    _, result = check_project(root)
    found = one([f for f in result.findings if f.path.endswith(name)])
    assert (found.rule, found.line, found.column) == (rule, line, column)
    assert english in found.message, found.message
    assert norwegian in found.in_words(NB), found.in_words(NB)


def test_a_framework_written_as_mechanism_gets_adequacy(root: Path) -> None:
    edit(root, ACCOUNTING, "transfers: none",
         "transfers:\n  - country: US\n    mechanism: EU-US Data Privacy Framework")
    _, result = check_project(root)
    found = [f for f in result.findings if f.path.endswith(ACCOUNTING) and f.rule != "transfer-mechanism"]
    assert [(f.rule, f.line, f.column) for f in found] == [("schema", 27, 16)], [str(f) for f in found]
    assert "'EU-US Data Privacy Framework' is not one of the codes; write adequacy" in found[0].message


# --- Norwegian messages from the command line -------------------------------------

def test_check_speaks_norwegian_with_lang_nb_and_from_the_environment(root: Path) -> None:
    edit(root, ACCOUNTING, "then: delete", "then: slettes")
    english = run_privacy("check", "--root", str(root))
    norwegian = run_privacy("check", "--root", str(root), "--lang", "nb")
    environment = {**os.environ, "PRIVACY_LANG": "nb"}
    from_env = run_privacy("check", "--root", str(root), env=environment)
    lang_wins = run_privacy("check", "--root", str(root), "--lang", "en", env=environment)
    assert english.returncode == norwegian.returncode == from_env.returncode == 1
    assert ": error [schema] Retention › 1st entry › Then: 'slettes' is not one of the codes" \
        in english.stdout
    assert ": feil [schema] Lagringstid › 1. oppføring › Deretter: 'slettes' er ikke en av kodene; " \
        "skriv delete" in norwegian.stdout
    assert norwegian.stdout.splitlines()[-1].startswith("privacy check FEILET: 1 feil")
    assert from_env.stdout == norwegian.stdout
    assert lang_wins.stdout == english.stdout
    as_json = run_privacy("check", "--root", str(root), "--lang", "nb", "--format", "json")
    import json

    finding = json.loads(as_json.stdout)["findings"][0]
    assert finding["message"].startswith("Retention › 1st entry › Then")  # the format's contract
    assert finding["text"].startswith("Lagringstid › 1. oppføring › Deretter")
    assert finding["message_id"] == "schema.code-for"


def test_an_unknown_language_in_the_environment_is_a_usage_error(root: Path) -> None:
    result = run_privacy("check", "--root", str(root), env={**os.environ, "PRIVACY_LANG": "de"})
    assert result.returncode == 2
    assert "PRIVACY_LANG" in result.stderr and "nb, en" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_rule_module_words_its_findings_in_norwegian() -> None:
    # the legacy fixture breaks most rules; every finding it gets has a Norwegian wording
    # that differs from the English (no rule still writes English text itself)
    _, result = check_project(REPO / "tests" / "fixtures" / "legacy-2017")
    rules = {f.rule for f in result.findings}
    assert len(rules) >= 10
    for f in result.findings:
        assert f.message_id, str(f)
        assert f.in_words(NB) != f.in_words(EN) or f.rule == "open-question", str(f)


# --- the catalogues: every message id in the code, in every language ----------------

def _placeholders(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template)
            if name}


def _message_table(lang: str) -> dict[str, str]:
    import tomllib

    table = tomllib.loads((PACKAGE / "i18n" / "messages" / f"{lang}.toml").read_text("utf-8"))
    return {f"{group}.{key}": value for group, entries in table["messages"].items()
            for key, value in entries.items()}


def test_every_message_has_the_same_placeholders_in_every_language() -> None:
    tables = {lang: _message_table(lang) for lang in i18n.languages()}
    reference = tables["en"]
    for lang, table in tables.items():
        assert set(table) == set(reference), lang
        for message_id, template in table.items():
            assert _placeholders(template) == _placeholders(reference[message_id]), (lang, message_id)


_ID = re.compile(r"[a-z][a-z0-9-]*\.[A-Za-z][A-Za-z0-9_-]*")


def _calls() -> list[tuple[str, str, set[str] | None]]:
    """(file, message id, keyword names or None when **kwargs) of every literal message id."""
    found = []
    rule_ids = {Path(rule.__file__).name: rule.ID for rule in RULES}  # type: ignore[attr-defined]
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            literals = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            keywords = None if any(k.arg is None for k in node.keywords) else \
                {k.arg for k in node.keywords if k.arg not in ("at_key",)}
            message_id = None
            if name in ("worded", "of", "say") and literals and _ID.fullmatch(literals[0]):
                message_id = literals[0]
                if name == "say":
                    keywords = None  # arguments given as pairs, not keywords
            elif name in ("_error", "_fail") and len(literals) >= 2:
                message_id = f"{literals[0]}.{literals[1]}"
            elif name == "finding" and path.parent.name == "rules" and literals:
                message_id = f"{rule_ids[path.name]}.{literals[0]}"
            elif name == "_stray" and literals:
                message_id = f"file-name.{literals[0]}"
                keywords = (keywords or set()) | {"name", "stem"}  # _stray gives these itself
            if message_id:
                found.append((path.name, message_id, keywords))
    return found


def test_every_message_id_in_the_code_has_a_template_with_its_placeholders() -> None:
    calls = _calls()
    assert len(calls) > 100  # the scan sees the rules, the loader, the schemas
    for lang in i18n.languages():
        table = _message_table(lang)
        for file, message_id, keywords in calls:
            assert message_id in table, (lang, file, message_id)
            if keywords is not None:
                assert _placeholders(table[message_id]) <= keywords, (lang, file, message_id)


# --- the rule catalogue: the loader's and the schemas' rules, with examples ----------

@pytest.mark.parametrize("rule", [d for d in DOCUMENTED if not d.kind], ids=lambda d: d.ID)
def test_each_yaml_rule_fails_its_failing_example_and_passes_its_passing_one(rule: Any) -> None:
    from privacy_as_code.render.guide import parse_docstring

    doc = parse_docstring(rule.ID, rule.__doc__)
    kinds = {kind for kind, _, _ in doc.examples}
    assert {"passing", "failing"} <= kinds
    for kind, _, code in doc.examples:
        rules = {f.rule for f in load_text(textwrap.dedent(code) + "\n").findings}
        assert (rule.ID in rules) == (kind == "failing"), (kind, code, rules)


@pytest.mark.parametrize("rule", [d for d in DOCUMENTED if d.kind], ids=lambda d: d.ID)
def test_each_schema_rule_fails_its_failing_example(rule: Any) -> None:
    # The examples are parts of a record: only what the failing one adds is compared.
    from privacy_as_code.render.guide import parse_docstring
    from privacy_as_code.resources import SCHEMA_DIR
    from privacy_as_code.schemas import SchemaSet

    doc = parse_docstring(rule.ID, rule.__doc__)
    schemas = SchemaSet(SCHEMA_DIR)
    found = {}
    for kind, _, code in doc.examples:
        loaded = load_text(textwrap.dedent(code) + "\n")
        assert loaded.findings == []
        found[kind] = {(f.rule, f.message) for f in schemas.validate(rule.kind, loaded)}
    added = found["failing"] - found["passing"]
    assert {finding_rule for finding_rule, _ in added} == {rule.ID}, added


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_guide_lists_the_yaml_and_schema_rules(lang: str) -> None:
    from privacy_as_code.project import load_project
    from privacy_as_code.render import render_pages

    pages = render_pages(load_project(MINIMAL))
    text = pages[f"guide/{lang}/rules.md"]
    for rule in DOCUMENTED:
        assert f"### <code>{rule.ID}</code> {{#{rule.ID}}}" in text, rule.ID
    assert 'nb: "Vi sier "hei" til deg"' in text  # yaml-syntax's failing example


def test_worded_findings_survive_the_trip_from_a_loading_worker() -> None:
    # the parallel loader (project.py) sends findings between processes pickled
    import pickle

    _, result = check_project(REPO / "tests" / "fixtures" / "legacy-2017")
    loaded = load_text("effective_date: 01.12.2026\nthen: “delete”\nname:\n  en: Gate #1\n")
    findings = [*result.findings, *loaded.findings]
    again = pickle.loads(pickle.dumps(findings))
    assert [f.in_words(NB) for f in again] == [f.in_words(NB) for f in findings]


def test_the_since_check_speaks_norwegian_too(tmp_path: Path) -> None:
    import subprocess

    target = tmp_path / "project"
    shutil.copytree(MINIMAL, target)

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.no", *args],
                       cwd=target, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "first")
    edit(target, ACCOUNTING, "Invoice clients.", "Invoice our clients.")
    done = run_privacy("check", "--root", str(target), "--since", "HEAD", "--lang", "nb")
    assert done.returncode == 1
    line = next(x for x in done.stdout.splitlines() if "[statement-version]" in x)
    assert "feil [statement-version] den offentlige erklæringen er endret siden HEAD" in line
    assert "'version' (fortsatt «1.1»), 'effective_date' (fortsatt 2026-12-01) og en ny " \
        "oppføring i endringsloggen er ikke oppdatert" in line


# --- a finding's message: worded when asked for, from what the rule gave ----------------

def test_a_finding_without_a_placeholders_value_fails_where_the_rule_runs() -> None:
    """The English message is worded lazily, so a missing value must fail at creation
    (inside the rule, which is then reported as failing), never later in a reporter."""
    with pytest.raises(KeyError, match=r"open-question\.question: no value for question"):
        Finding.worded("a.yaml", 1, 1, Severity.WARNING, "open-question", "open-question.question",
                       owner="")


def test_reading_order_words_only_findings_that_share_a_place() -> None:
    def question(line: int, text: str) -> Finding:
        return Finding.worded("a.yaml", line, 3, Severity.WARNING, "open-question",
                              "open-question.question", owner="", question=text)

    alone, later, earlier = question(2, "Z?"), question(5, "B?"), question(5, "A?")
    ordered = in_reading_order([later, alone, earlier, question(5, "A?")])
    assert ordered == [alone, earlier, later]  # duplicates gone; a tie ordered by message
    assert "message" not in vars(alone)  # never worded: nothing shared its place
    assert sorted([later, alone, earlier]) == ordered  # the value's own order agrees
    assert later.message == "open question: B?"


@pytest.mark.parametrize(("written", "meant"), [
    ("når samtykket trekkes tilbake", "consent_withdrawn"),  # the event's text, not its key
    ("after you withdraw your consent", "consent_withdrawn"),
    ("consent_withdraw", "consent_withdrawn"),  # a misspelt key, as before
])
def test_an_event_written_in_words_gets_the_key_it_means(repo_copy: Path, written: str,
                                                           meant: str) -> None:
    # A newcomer's trial: the hint was to define a new event, although one says just that.
    newsletter = repo_copy / "records" / "activities" / "newsletter.yaml"
    newsletter.write_text(newsletter.read_text("utf-8").replace(
        "from: consent_withdrawn", f"from: {written}", 1), "utf-8")
    errors = check_project(repo_copy)[1].errors
    assert len(errors) == 1, errors  # one cause, one finding: not also the key pattern's
    assert errors[0].rule == "references-exist" and f"did you mean '{meant}'" in errors[0].message


def test_a_reference_with_nothing_known_to_mean_is_plain_unknown(root: Path) -> None:
    # Found by the property tests: 'recipients:' left empty made the word search fail on no entries.
    (root / "records" / "recipients.yaml").write_text("recipients:\n", "utf-8")
    found = check_project(root)[1].findings
    assert not [f for f in found if f.rule == "internal-error"], found
    assert any(f.rule == "references-exist" and "accounting_system" in f.message for f in found)
