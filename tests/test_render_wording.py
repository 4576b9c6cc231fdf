"""No page prints an empty value into a sentence or links one address twice.

Optional record values (a DPO's name, a complaint address, a website, the
rights texts) are left out of a project; every rendered page, in both
languages, must still read as whole sentences: no "Our data protection officer
is , ...", no "( )", no doubled space where a value was empty, and no paragraph
that links the same address twice (without a ``complaint_url`` the
supervisory authority's address stood in two sentences side by side).
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from privacy_as_code.project import load_project
from privacy_as_code.render import render_pages
from tests.conftest import MINIMAL, REPO
from tests.site_fixtures import SAMPLE, edit_yaml

EMPTY_PLACEHOLDER = re.compile(
    r"\S ,"              # "is , privacy@": a value missing before a comma
    r"|\( *\)|\[ *\]"    # "( )", "[]": an empty value in brackets
    r"| (is|er) +[,.;]"  # "is ,", "er ,", "is ." (a value missing after the verb)
    r"| (are|til|to|of|av|by|at|hos|for|i|in) ,"  # a preposition left without its value
    r"|: *[,.;]"         # "E-post: ."
    r"|\S  +\S"          # a doubled space where a value was empty
    r"|,\s*[,.]"         # ", ," or ", ."
)
"""Signs of an empty value inside a sentence."""

LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")


def _prose(page: str) -> list[str]:
    """The page's paragraphs (blank-line separated), without code blocks and tables."""
    page = re.sub(r"```.*?```", "", page, flags=re.DOTALL)
    paragraphs = re.split(r"\n\s*\n", page)
    return [p for p in paragraphs if p.strip() and not p.lstrip().startswith(("|", "<!--"))]


def _sparse_project(tmp_path: Path) -> Path:
    """The minimal project with optional values left out: a DPO without a name,
    no complaint_url, no website, no complaint or how-to text, a recipient
    without a vendor, and an organisation number nobody has confirmed."""
    root = tmp_path / "sparse"
    shutil.copytree(MINIMAL, root)
    organisation = root / "records" / "organisation.yaml"
    edit_yaml(organisation, "dpo:\n  appointed: false",
              "dpo:\n  appointed: true\n  email: ombud@example.no")
    edit_yaml(organisation, '  organisation_number: "999999999"',
              "  organisation_number: {open_question: Which number?, owner: CFO}")
    statement = root / "records" / "statement.yaml"
    for optional in ("  complaint: {nb: Du kan klage til Datatilsynet., en: You can complain to Datatilsynet.}\n",
                     "  how_to: {nb: Skriv til oss; vi svarer innen en måned., en: Write to us; we answer within one month.}\n"):
        edit_yaml(statement, optional, "")
    recipients = root / "records" / "recipients.yaml"
    edit_yaml(recipients, "    vendor: Eksempel Epost AS\n", "")
    return root


def _pages(root: Path) -> dict[str, str]:
    pages = render_pages(load_project(root))
    # The guide's rule catalogue quotes YAML examples; only the statement is prose.
    return {name: text for name, text in pages.items()
            if name.endswith(".md") and not name.startswith("guide/")}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    sparse = _sparse_project(tmp_path_factory.mktemp("wording"))
    return {"sparse": _pages(sparse), "sample": _pages(SAMPLE), "records": _pages(REPO)}


@pytest.mark.parametrize("project", ["sparse", "sample", "records"])
def test_no_page_prints_an_empty_value_into_a_sentence(
        rendered: dict[str, dict[str, str]], project: str) -> None:
    problems = [f"{name}: {m.group(0)!r} in {paragraph[:120]!r}"
                for name, page in rendered[project].items()
                for paragraph in _prose(page)
                for line in paragraph.splitlines()
                for m in [EMPTY_PLACEHOLDER.search(line.strip())] if m]
    assert problems == []


@pytest.mark.parametrize("project", ["sparse", "sample", "records"])
def test_no_paragraph_links_the_same_address_twice(
        rendered: dict[str, dict[str, str]], project: str) -> None:
    problems = [f"{name}: {url} twice in {paragraph[:160]!r}"
                for name, page in rendered[project].items()
                for paragraph in _prose(page)
                for url, count in Counter(LINK_TARGET.findall(paragraph)).items() if count > 1]
    assert problems == []


def test_a_dpo_without_a_name_is_named_by_role(rendered: dict[str, dict[str, str]]) -> None:
    nb, en = rendered["sparse"]["nb/contact.md"], rendered["sparse"]["en/contact.md"]
    link = "[ombud@example.no](mailto:ombud@example.no)"
    assert f"Du når personvernombudet vårt på {link}." in nb
    assert f"You can reach our data protection officer at {link}." in en


def test_a_complaint_page_of_its_own_is_still_linked(tmp_path: Path) -> None:
    root = _sparse_project(tmp_path)
    complaint = "https://www.datatilsynet.no/om-datatilsynet/kontakt-oss/klage/"
    edit_yaml(root / "records" / "organisation.yaml", "  url: https://www.datatilsynet.no",
              f"  url: https://www.datatilsynet.no\n  complaint_url: {complaint}")
    pages = _pages(root)
    for lang in ("nb", "en"):
        contact = pages[f"{lang}/contact.md"]
        assert f"]({complaint})" in contact and "](https://www.datatilsynet.no)" in contact
