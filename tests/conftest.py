"""Shared fixtures: project roots in temporary folders, and the CLI as a user runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
MINIMAL = FIXTURES / "minimal"
PRIVACY = Path(sys.executable).with_name("privacy")


@pytest.fixture
def minimal_root(tmp_path: Path) -> Path:
    """A copy of the minimal, fully valid project, safe to edit."""
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    return root


def run_privacy(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
                timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the installed ``privacy`` console script, exactly as a user would."""
    return subprocess.run([str(PRIVACY), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)


# --- BEGIN site fixtures (render/site/browser tests; defined in tests/site_fixtures.py) ---

def git(root: Path, *args: str) -> str:
    """``git ARGS`` in ``root`` with a throw-away identity; raises on failure."""
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
         "-c", "commit.gpgsign=false", *args],
        cwd=root, capture_output=True, text=True, check=True, timeout=30)
    return done.stdout


@pytest.fixture(scope="module")
def repo_pages() -> dict[str, str]:
    """Every page the real records render to (``render_pages``), once per test module."""
    from privacy_as_code.project import load_project
    from privacy_as_code.render import render_pages

    return render_pages(load_project(REPO))


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A copy of the real records to edit, in a project folder of its own."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "records", root / "records")
    return root


@pytest.fixture
def repo(minimal_root: Path) -> Path:
    """The minimal project as a git repository with one commit."""
    git(minimal_root, "init", "-q")
    git(minimal_root, "add", ".")
    git(minimal_root, "commit", "-q", "-m", "records")
    return minimal_root


def edit(root: Path, path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``root/path`` by ``new`` (``old`` must be there)."""
    file = root / path
    text = file.read_text("utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), "utf-8")


from tests.site_fixtures import built_real, built_sample, real_build, sample_root  # noqa: F401

# --- END site fixtures ---
