"""The public view: private fields (``x-public: false`` in the schemas) reach no output at all."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from privacy_as_code import public, ropa
from privacy_as_code.history import diff
from privacy_as_code.loader import load_file
from privacy_as_code.project import load_project
from privacy_as_code.render import render_pages
from privacy_as_code.render.layout import config_files
from tests.site_fixtures import REPO, SAMPLE, build, make_project

SCHEMAS = REPO / "schemas"
MARK = "XPRIVATEX"


def private_names() -> dict[str, set[str]]:
    """Walk the schemas for ``x-public: false``: the property names that are private, by kind.

    A property is private when it is marked itself or refers to a marked ``$defs`` entry;
    a marked ``$defs`` entry's own property names are private content (the open question's
    wording and owner)."""
    docs = {p.name: json.loads(p.read_text("utf-8")) for p in SCHEMAS.glob("*.schema.json")}
    marked_defs = {(file, name) for file, doc in docs.items()
                   for name, node in (doc.get("$defs") or {}).items() if node.get("x-public") is False}
    names: dict[str, set[str]] = {"field": set(), "content": set()}
    for file, name in marked_defs:
        names["content"] |= set(docs[file]["$defs"][name].get("properties") or {})

    def walk(node: Any, file: str) -> None:
        if isinstance(node, dict):
            for prop, sub in (node.get("properties") or {}).items():
                ref = str(sub.get("$ref", "")) if isinstance(sub, dict) else ""
                target = ref.partition("#")[0] or file
                if isinstance(sub, dict) and (sub.get("x-public") is False or any(
                        ref.endswith(f"/$defs/{d}") and target == f for f, d in marked_defs)):
                    names["field"].add(prop)
            for value in node.values():
                walk(value, file)
        elif isinstance(node, list):
            for item in node:
                walk(item, file)

    for file, doc in docs.items():
        if file != "privacy-json.schema.json":
            walk(doc, file)
    return names


NOT_FREE_TEXT = re.compile(r"^([a-z0-9_-]+|\d{4}-\d\d-\d\d|https?://\S+|\S+@\S+|P[0-9YMWD]+)$")
"""Ids, codes, dates, addresses and periods: left as they are so the records stay valid."""


def plant(data: Any, names: dict[str, set[str]], counter: list[int], inside: bool = False) -> Any:
    """Append a unique marker to every free-text string inside a private field or open question."""
    if isinstance(data, dict):
        is_question = "open_question" in data
        return {key: plant(value, names, counter,
                           inside or key in names["field"] or (is_question and key in names["content"]))
                for key, value in data.items()}
    if isinstance(data, list):
        return [plant(item, names, counter, inside) for item in data]
    if inside and isinstance(data, str) and not NOT_FREE_TEXT.match(data):
        counter[0] += 1
        return f"{data} {MARK}{counter[0]}"
    return data


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The sample project, committed once clean, then with a marker in every private text."""
    root = make_project(tmp_path_factory.mktemp("public") / "project", SAMPLE)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "records"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "clean"], cwd=root, check=True)
    names = private_names()
    counter = [0]
    for path in sorted((root / "records").rglob("*.yaml")):
        data = load_file(path, str(path)).data  # YAML 1.2, as the tool reads it (NO stays "NO")
        path.write_text(yaml.safe_dump(plant(data, names, counter), allow_unicode=True, sort_keys=False),
                        "utf-8")
    return root, counter[0]


def test_the_schemas_mark_the_private_fields() -> None:
    names = private_names()
    assert names["field"] >= {"internal", "open_questions", "dpa", "documentation", "internal_owner"}
    assert names["content"] >= {"open_question", "owner"}


def test_every_private_field_holds_a_marker_and_the_records_stay_valid(marked: tuple[Path, int]) -> None:
    root, planted = marked
    assert planted >= 15
    text = "\n".join(p.read_text("utf-8") for p in (root / "records").rglob("*.yaml"))
    for name in private_names()["field"]:
        assert re.search(rf"^\s*{name}:(.|\n)*?{MARK}", text, re.MULTILINE), f"no marker under {name}"
    project = load_project(root)
    assert [f for f in project.findings if f.is_error] == []
    # the markers are real content: the Art. 30 export (internal by design) carries them
    exported = ropa.render_bytes(ropa.build_ropa(project, "en"), "json").decode("utf-8")
    assert MARK in exported


def test_no_private_text_reaches_a_page_or_privacy_json(marked: tuple[Path, int]) -> None:
    root, _ = marked
    pages = render_pages(load_project(root))
    leaks = {name for name, text in pages.items() if MARK in text}
    assert leaks == set()
    assert "privacy.json" in " ".join(pages)


def test_no_private_text_reaches_the_public_view(marked: tuple[Path, int]) -> None:
    root, _ = marked
    view = public.view_of(load_project(root))
    assert MARK not in repr(view)
    assert public.OPEN in view.recipients["recruitment_system"].values()


def test_no_private_text_reaches_privacy_diff(marked: tuple[Path, int]) -> None:
    root, _ = marked
    result = diff(root, "HEAD")
    assert MARK not in result.report()
    assert result.public == [] and result.release == []


def test_no_private_text_reaches_the_built_search_index(marked: tuple[Path, int]) -> None:
    root, _ = marked
    outcome = build(root)
    assert outcome.exit_code == 0, outcome.output
    indexes = sorted(outcome.site_dir.rglob("search_index.json"))
    assert len(indexes) == len(config_files())  # one per site section and language
    for index in indexes:
        assert MARK not in index.read_text("utf-8"), index
    for page in outcome.site_dir.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".json", ".xml", ".md", ".txt"):
            assert MARK not in page.read_text("utf-8", "replace"), page
