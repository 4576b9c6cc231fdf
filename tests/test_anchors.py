"""Keys that would share an anchor on a page are refused (issue 9, class 5), and what
check accepts renders pages whose anchors are all different."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from privacy_as_code.checker import check_project
from privacy_as_code.project import load_project
from privacy_as_code.render import render_pages
from tests.site_fixtures import SAMPLE


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def anchor_findings(root: Path) -> list[tuple[str, int, int]]:
    _, result = check_project(root)
    return [(Path(f.path).name, f.line, f.column) for f in result.findings
            if f.rule == "anchors-unique"]


def test_recipients_crm_provider_and_crm_hyphen_provider(minimal_root: Path) -> None:
    records = minimal_root / "records"
    edit(records / "recipients.yaml", "  mail_service:", "  crm_provider:")
    edit(records / "recipients.yaml", "  accounting_system:", "  crm-provider:")
    assert anchor_findings(minimal_root) == [("recipients.yaml", 3, 3), ("recipients.yaml", 9, 3)]


@pytest.mark.parametrize(("audiences", "expected"), [
    # audiences a_b and a-b: one page file, situations/a-b.md
    (("  - id: a_b\n    title: {nb: A, en: A}\n    activities: [b]\n"
     "  - id: a-b\n    title: {nb: AB, en: AB}\n    activities: [c]\n"),
     [("statement.yaml", 14, 9), ("statement.yaml", 17, 9)]),
    # audience a-b next to audience a with activity b: two pages now (issue 11), no clash
    (("  - id: a\n    title: {nb: A, en: A}\n    activities: [b]\n"
     "  - id: a-b\n    title: {nb: AB, en: AB}\n    activities: [c]\n"),
     []),
    # the same activity key written with _ and - under one audience
    ("  - id: a\n    title: {nb: A, en: A}\n    activities: [b_c, b-c]\n",
     [("statement.yaml", 16, 18), ("statement.yaml", 16, 23)]),
])
def test_audience_and_activity_keys_that_fold_together(minimal_root: Path, audiences: str,
                                                      expected: list[tuple[str, int, int]]
                                                      ) -> None:
    statement = minimal_root / "records" / "statement.yaml"
    text = statement.read_text("utf-8")
    start, end = text.index("audiences:\n") + len("audiences:\n"), text.index("rights:\n")
    statement.write_text(text[:start] + audiences + text[end:], "utf-8")
    assert anchor_findings(minimal_root) == expected


def test_keys_that_stay_apart_pass(minimal_root: Path) -> None:
    records = minimal_root / "records"
    edit(records / "recipients.yaml", "  accounting_system:", "  mail-service2:")
    assert anchor_findings(minimal_root) == []


@pytest.mark.parametrize("root", [SAMPLE, Path(__file__).resolve().parents[1]],
                         ids=["sample", "records"])
def test_every_anchor_on_a_rendered_page_is_unique(root: Path) -> None:
    pages = render_pages(load_project(root))
    for name, text in pages.items():
        if name.endswith(".md"):
            ids = re.findall(r"\{#([a-z0-9-]+)\}", text)
            assert len(ids) == len(set(ids)), name
