"""Fixtures for the renderer, site and browser tests (imported by test_render*,
test_site*, test_browser*): sample projects in temporary folders, and a site
built once per session."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from privacy_as_code.site import build

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "tests" / "fixtures" / "site-sample"
SITE_FILES = ("mkdocs.yml", "mkdocs.en.yml", "overrides")

HOSTILE = "<script>alert('x')</script> <img src=x onerror=alert(1)> [click](javascript:alert(1))"
"""Text an attacker (or a careless paste) could put into a record."""


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


def built_project(tmp_path: Path, change: Callable[[Path], None]) -> tuple[int, str, Path]:
    """Copy the sample, apply ``change(root)``, build; returns (exit code, output, site dir)."""
    root = make_project(tmp_path / "project")
    change(root)
    outcome = build(root)
    return outcome.exit_code, outcome.output, outcome.site_dir
