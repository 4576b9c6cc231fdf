"""The editor says what ``privacy check`` says: VS Code's real YAML language server over LSP.

``tests/lsp_client.py`` starts the pinned ``yaml-language-server`` (installed by
``make lsp`` / ``.ci/ensure-lsp``; the session fixture installs it when it is
missing) and talks to it as VS Code does. Schemas come from the records'
``file://`` modelines and the JSON Schema Store is off, so nothing here needs
the network.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from privacy_as_code.i18n import languages, words
from privacy_as_code.scaffold import template
from tests.conftest import REPO
from tests.lsp_client import SERVER, YamlLanguageServer

ACTIVITY = REPO / "schemas" / "activity.schema.json"
COMMON = REPO / "schemas" / "common.schema.json"
RECRUITMENT = REPO / "records" / "activities" / "recruitment.yaml"


def schema(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def block(text: str) -> str:
    """How the server shows a description in a hover: each ``nb:``/``en:`` line a paragraph."""
    return "\n\n".join(text.splitlines())


OPEN_QUESTION_BLOCK = block(schema(COMMON)["$defs"]["open_question"]["description"])


@pytest.fixture(scope="module")
def lsp() -> Iterator[YamlLanguageServer]:
    if not SERVER.is_file():
        done = subprocess.run(["bash", str(REPO / ".ci" / "ensure-lsp")], capture_output=True,
                              text=True, check=False)
        assert done.returncode == 0, f"cannot install yaml-language-server: {done.stderr}"
    with YamlLanguageServer(REPO) as server:
        yield server


def position(text: str, pattern: str) -> tuple[int, int]:
    """0-based (line, column) of the first match of ``pattern`` (a regex) in ``text``."""
    match = re.search(pattern, text, re.MULTILINE)
    assert match, pattern
    before = text[:match.start()]
    return before.count("\n"), match.start() - (before.rfind("\n") + 1)


def test_hover_on_retention_shows_its_own_text(lsp: YamlLanguageServer) -> None:
    uri = lsp.open(RECRUITMENT)
    line, col = position(RECRUITMENT.read_text("utf-8"), r"^retention:")
    hover = lsp.hover(uri, line, col + 2)
    assert block(schema(ACTIVITY)["properties"]["retention"]["description"]) in hover


def test_hover_on_a_field_holding_an_open_question_shows_the_field(lsp: YamlLanguageServer) -> None:
    text = RECRUITMENT.read_text("utf-8")
    assert re.search(r"^transfers:\n  open_question:", text, re.MULTILINE)
    uri = lsp.open(RECRUITMENT)
    line, col = position(text, r"^transfers:")
    hover = lsp.hover(uri, line, col + 2)
    assert block(schema(ACTIVITY)["properties"]["transfers"]["description"]) in hover
    assert OPEN_QUESTION_BLOCK not in hover


STATEMENT = REPO / "schemas" / "statement.schema.json"
RECIPIENTS = REPO / "schemas" / "recipients.schema.json"


@pytest.mark.parametrize(("record", "key", "description"), [
    # The fields the issue found showing a building block's text: a $ref with x- annotations
    # beside it (name, effective_date), a oneOf of 'none' and a list (recipients). Not yet: a
    # field holding a {proposed: ...} value (the proposed branch has properties beside its $ref,
    # which the server also rewrites; schemas.py classifies branches by that $ref).
    ("activities/recruitment.yaml", r"^name:", lambda: schema(ACTIVITY)["properties"]["name"]),
    ("statement.yaml", r"^effective_date:", lambda: schema(STATEMENT)["properties"]["effective_date"]),
    ("recipients.yaml", r"^    name:", lambda: schema(RECIPIENTS)["$defs"]["recipient"]["properties"]["name"]),
    ("activities/recruitment.yaml", r"^recipients:", lambda: schema(ACTIVITY)["properties"]["recipients"]),
])
def test_hover_shows_the_fields_own_text(lsp: YamlLanguageServer, record: str, key: str,
                                         description) -> None:
    path = REPO / "records" / record
    line, col = position(path.read_text("utf-8"), key)
    indent = len(key) - len(key.lstrip("^ "))
    hover = lsp.hover(lsp.open(path), line, col + indent + 1)
    assert block(description()["description"]) in hover, hover


def _fields_holding_open_questions() -> Iterator[tuple[Path, int, int, str]]:
    """(file, line, column, key) of every ``key:`` whose value is an open question in records/."""
    for path in sorted((REPO / "records").rglob("*.yaml")):
        lines = path.read_text("utf-8").splitlines()
        for number, line in enumerate(lines):
            match = re.match(r"^(\s*(?:- )?)([a-z_]+):\s*(\{\s*open_question:)?\s*$|"
                             r"^(\s*(?:- )?)([a-z_]+): \{\s*(?:proposed: [^,]+, )?open_question:",
                             line)
            if not match:
                continue
            indent, key = (match.group(1), match.group(2)) if match.group(2) else (
                match.group(4), match.group(5))
            follows = number + 1 < len(lines) and re.match(
                r"^\s*(?:proposed:.*\n\s*)?open_question:", lines[number + 1])
            if key in ("open_question", "proposed") or not (match.group(5) or follows):
                continue
            yield path, number, len(indent), key


def test_every_field_holding_an_open_question_hovers_with_its_own_text(
        lsp: YamlLanguageServer) -> None:
    fields = list(_fields_holding_open_questions())
    assert len(fields) >= 10  # the real records carry many: the pattern above still finds them
    wrong = []
    for path, line, col, key in fields:
        hover = lsp.hover(lsp.open(path), line, col + 1)
        if not hover or OPEN_QUESTION_BLOCK in hover:
            wrong.append(f"{path.relative_to(REPO)}:{line + 1} {key}: {hover[:80]!r}")
    assert not wrong, "\n".join(wrong)


PROPOSED_BLOCK = block(schema(COMMON)["$defs"]["proposed"]["description"])


def test_hover_on_a_field_holding_a_proposal_shows_the_field(lsp: YamlLanguageServer) -> None:
    # yaml-language-server rewrites a $ref with constraint siblings (the proposal branch's
    # own 'properties') into allOf [$ref, siblings] and then shows the block's text first:
    # the branch keeps its $ref in a one-entry allOf beside the field's description.
    text = RECRUITMENT.read_text("utf-8")
    line, col = position(text, r"period:\n      proposed: P6M")
    hover = lsp.hover(lsp.open(RECRUITMENT), line, col + 2)
    rule = schema(ACTIVITY)["$defs"]["retention_rule"]["properties"]
    assert block(rule["period"]["description"]) in hover, hover
    assert PROPOSED_BLOCK not in hover


def _fields_holding_proposals() -> Iterator[tuple[Path, int, int, str]]:
    """(file, line, column, key) of every ``key:`` in records/ whose value is ``{proposed: ...}``."""
    for path in sorted((REPO / "records").rglob("*.yaml")):
        lines = path.read_text("utf-8").splitlines()
        for number, line in enumerate(lines):
            match = re.match(r"^(\s*(?:- )?)([a-z_]+):(\s*\{\s*proposed:|\s*$)", line)
            if not match or match.group(2) == "proposed":
                continue
            below = lines[number + 1] if number + 1 < len(lines) else ""
            if "{" in match.group(3) or re.match(r"^\s*proposed:", below):
                yield path, number, len(match.group(1)), match.group(2)


def test_every_field_holding_a_proposal_hovers_with_its_own_text(lsp: YamlLanguageServer) -> None:
    fields = list(_fields_holding_proposals())
    assert len(fields) >= 3  # the real records hold proposals: the pattern still finds them
    wrong = []
    for path, line, col, key in fields:
        hover = lsp.hover(lsp.open(path), line, col + 1)
        if not hover or PROPOSED_BLOCK in hover or OPEN_QUESTION_BLOCK in hover:
            wrong.append(f"{path.relative_to(REPO)}:{line + 1} {key}: {hover[:80]!r}")
    assert not wrong, "\n".join(wrong)


def test_every_record_opens_without_a_problem(lsp: YamlLanguageServer) -> None:
    # The editor and `privacy check` read the same schemas: the real records pass both.
    problems = {}
    for path in sorted((REPO / "records").rglob("*.yaml")):
        found = lsp.diagnostics(lsp.open(path))
        if found:
            problems[path.name] = [d["message"] for d in found]
    assert not problems


def test_a_bad_period_gets_the_bilingual_message(lsp: YamlLanguageServer) -> None:
    source = RECRUITMENT.read_text("utf-8")
    assert "proposed: P6M" in source  # a proposed period: the value is checked like a period
    text = source.replace("proposed: P6M", "proposed: 6 months", 1)
    uri = lsp.open(REPO / "records" / "activities" / "lsp-bad-period.yaml", text)
    found = lsp.diagnostics(uri)
    assert len(found) == 1, found
    line, col = position(text, r"6 months")
    assert found[0]["range"]["start"] == {"line": line, "character": col}
    message = schema(COMMON)["$defs"]["duration"]["patternErrorMessage"]
    assert found[0]["message"] == message
    assert "Skriv perioden i ISO 8601" in message and "Write the period in ISO 8601" in message


@pytest.mark.parametrize(("before", "after", "words"), [
    ("then: delete", "then: slettes",
     ("Skriv delete (slettes), anonymise (anonymiseres) eller archive", "Write delete, anonymise or archive")),
    ("basis: contract", "basis: avtale",
     ("Behandlingsgrunnlaget (art. 6 nr. 1)", "Write the Art. 6(1) basis")),
    ("from: recruitment_closed", "from: Recruitment Closed", ("En nøkkel har små bokstaver", "A key has")),
])
def test_codes_get_bilingual_messages(lsp: YamlLanguageServer, before: str, after: str,
                                      words: tuple[str, str]) -> None:
    text = RECRUITMENT.read_text("utf-8")
    assert before in text
    text = text.replace(before, after, 1)
    name = re.sub(r"[^a-z]+", "-", after.lower())
    uri = lsp.open(REPO / "records" / "activities" / f"lsp-{name}.yaml", text)
    found = lsp.diagnostics(uri)
    assert len(found) == 1, found
    assert found[0]["range"]["start"]["line"] == position(text, re.escape(after))[0]
    assert all(w in found[0]["message"] for w in words), found[0]["message"]


@pytest.mark.parametrize("lang", languages())
def test_a_new_activity_opens_with_one_problem_per_unanswered_field(lsp: YamlLanguageServer,
                                                                     lang: str) -> None:
    text = template(words(lang)).format(id="job-fair")
    # one document per language: the server keeps the text a URI was first opened with
    uri = lsp.open(REPO / "records" / "activities" / f"job-fair-{lang}.yaml", text)
    found = lsp.diagnostics(uri)
    required = schema(ACTIVITY)["required"]
    unanswered = {position(text, rf"^{key}:")[0]: key for key in required
                  if re.search(rf"^{key}: (TODO|\[\])$", text, re.MULTILINE)}
    assert sorted(unanswered.values()) == sorted(set(required) - {"transfers"})
    assert sorted(d["range"]["start"]["line"] for d in found) == sorted(unanswered)
    assert len(found) == 9


# --- the schema annotations the editor reads (no server needed) -----------------------

EDITOR_SCHEMAS = sorted(p for p in (REPO / "schemas").glob("*.schema.json")
                        if p.name != "privacy-json.schema.json")


def _walk(node: object, path: str = "") -> Iterator[tuple[str, dict]]:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            if not key.startswith("x-"):  # the project's own annotations are not schemas
                yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}/{index}")


@pytest.mark.parametrize("path", EDITOR_SCHEMAS, ids=lambda p: p.name)
def test_each_ref_alternative_repeats_its_fields_description(path: Path) -> None:
    # yaml-language-server shows the first description among the matched schemas, and a
    # matched oneOf alternative comes before its field: the alternative carries the field's
    # own text, the same words (the field's description stays the one source for the guide).
    # A $ref with x- annotations beside it is written as a one-entry allOf for the same reason.
    checked = 0
    for where, node in _walk(schema(path)):
        if "$ref" in node and any(k.startswith("x-") for k in node):
            raise AssertionError(f"{where}: write the $ref as allOf: [{{$ref, description}}]")
        single = node.get("allOf", []) if len(node.get("allOf", [])) == 1 else []
        for alternative in [*(node.get("oneOf", []) if "description" in node else []), *single]:
            if isinstance(alternative, dict) and "$ref" in alternative:
                assert alternative.get("description") == node["description"], where
                checked += 1
    assert checked or path.name in ("vocabulary.schema.json", "common.schema.json")


@pytest.mark.parametrize("path", EDITOR_SCHEMAS, ids=lambda p: p.name)
def test_every_pattern_and_enum_has_a_bilingual_editor_message(path: Path) -> None:
    missing = []
    for where, node in _walk(schema(path)):
        if isinstance(node.get("pattern"), str) or isinstance(node.get("enum"), list):
            message = node.get("patternErrorMessage") or node.get("errorMessage")
            if not message or " / " not in message:
                missing.append(where)
    assert not missing


def test_editor_keywords_keep_the_schemas_valid_for_both_validators(tmp_path: Path) -> None:
    # errorMessage/patternErrorMessage are unknown keywords to JSON Schema 2020-12: allowed,
    # and ignored by python-jsonschema, jsonschema-rs and check-jsonschema alike.
    from jsonschema import Draft202012Validator

    used = set()
    for path in EDITOR_SCHEMAS:
        Draft202012Validator.check_schema(schema(path))
        used |= {k for _, node in _walk(schema(path)) for k in node
                 if k in ("errorMessage", "patternErrorMessage")}
    assert used == {"errorMessage", "patternErrorMessage"}
    done = subprocess.run([str(Path(sys.executable).with_name("check-jsonschema")),
                           "--check-metaschema", *map(str, EDITOR_SCHEMAS)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
