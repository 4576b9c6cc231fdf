"""The schemas themselves: valid, self-contained, documented in both languages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import FIXTURES, REPO

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
