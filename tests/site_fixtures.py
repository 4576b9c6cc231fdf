"""Fixtures for the renderer, site and browser tests (imported by test_render*,
test_site*, test_browser*): sample projects in temporary folders, and a site
built once per session."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from privacy_as_code import render as render_module
from privacy_as_code import site
from privacy_as_code.cli import word_build, word_render
from privacy_as_code.project import load_project
from privacy_as_code.render import output as pages
from privacy_as_code.render.layout import config_files

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "tests" / "fixtures" / "site-sample"
SITE_FILES = (*config_files(), "overrides")

HOSTILE = "<script>alert('x')</script> <img src=x onerror=alert(1)> [click](javascript:alert(1))"
"""Text an attacker (or a careless paste) could put into a record."""


@dataclass(frozen=True)
class Said:
    """A command's outcome (data) with what the CLI makes of it: exit code and text."""

    outcome: Any
    exit_code: int
    output: str

    @property
    def site_dir(self) -> Path:
        return self.outcome.site_dir


def render(root: Path, *, check: bool = False, force: bool = False) -> Said:
    """``privacy render`` as the user sees it: the core's outcome, worded by the CLI."""
    outcome = render_module.render(root, check=check, force=force)
    return Said(outcome, *word_render(outcome, check=check))


def build(root: Path, site_dir: Path | None = None) -> Said:
    """``privacy build`` as the user sees it."""
    outcome = site.build(root, site_dir)
    return Said(outcome, *word_build(outcome))


def make_project(dest: Path, source: Path = SAMPLE, *, with_site_config: bool = True) -> Path:
    """A copy of a project's records (and the repo's site configuration) under ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "records", dest / "records")
    if with_site_config:
        for name in SITE_FILES:
            src = REPO / name
            if src.is_dir():
                shutil.copytree(src, dest / name)
            else:
                shutil.copy2(src, dest / name)
    return dest


def edit_yaml(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def sample_root(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/site-sample with the repo's mkdocs configs, safe to edit."""
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project rendered and built (both languages) once per session: its site/."""
    root = make_project(tmp_path_factory.mktemp("built") / "project")
    outcome = build(root)
    assert outcome.exit_code == 0, outcome.output
    return outcome.site_dir


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Said:
    """The repository's own records rendered and built (both languages) once per session,
    as ``privacy build`` says it. Shared by the readability and browser tests."""
    root = make_project(tmp_path_factory.mktemp("real") / "project", REPO)
    said = build(root)
    assert said.exit_code == 0, said.output
    return said


@pytest.fixture(scope="session")
def built_real(real_build: Said) -> Path:
    """The site/ of :func:`real_build`."""
    return real_build.site_dir


def built_project(tmp_path: Path, change: Callable[[Path], None], *,
                  past_the_gate: bool = False) -> tuple[int, str, Path]:
    """Copy the sample, apply ``change(root)``, build; returns (exit code, output, site dir).

    ``past_the_gate`` renders the pages without asking the gate first, as if a
    rule had missed something: for tests of the pages' own defences (escaping).
    """
    root = make_project(tmp_path / "project")
    change(root)
    if past_the_gate:
        docs = root / "docs"
        pages.apply(docs, pages.plan(docs, render_module.render_pages(load_project(root))))
        outcome = site.build(root, render_first=False)
        said = Said(outcome, *word_build(outcome))
    else:
        said = build(root)
    return said.exit_code, said.output, said.site_dir


def situation_pages(pages: dict[str, str], lang: str) -> dict[str, str]:
    """One language's rendered pages of the readers' situations, by file stem (the situation's
    anchor): ``{"job-applicants": text, ...}`` (not their index)."""
    prefix = f"{lang}/situations/"
    return {rel[len(prefix):-3]: text for rel, text in pages.items()
            if rel.startswith(prefix) and rel.endswith(".md") and rel != prefix + "index.md"}


def all_situations(pages: dict[str, str], lang: str) -> str:
    """The text of every situation page of one language, one after the other."""
    return "\n".join(situation_pages(pages, lang).values())
