"""The package as users get it: a wheel in a fresh virtual environment, and the pre-commit hook.

Slow (about two minutes: a wheel build, two installs, pre-commit building its
own environment), so everything is made once per session and shared. pip
reaches packages the way it is configured on this machine (``pip config
list``: the package registries and local wheel folders); nothing else is
fetched. The fresh environment sees neither this checkout nor its ``.venv``:
no ``PYTHONPATH``, no editable install, and the project has no ``schemas/``
of the repository around it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.installed

CONSTRAINTS = REPO / "constraints.txt"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return {**env, **extra}


def _run(*cmd: str | Path, cwd: Path | None = None, timeout: float = 600,
         **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=_env(**env), capture_output=True,
                          text=True, timeout=timeout, check=False)


def _ok(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert done.returncode == 0, f"{done.args}\n{done.stdout}\n{done.stderr}"
    return done


GIT = {"GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
       "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}


@dataclass(frozen=True)
class HookRun:
    repo: Path
    env: dict[str, str]
    first: subprocess.Popen[str]
    """``pre-commit try-repo`` on the fresh project, started before the wheel is built."""

    def try_repo(self) -> subprocess.CompletedProcess[str]:
        return _run(*_try_repo_args(), cwd=self.repo, **self.env)


def _try_repo_args() -> tuple[str | Path, ...]:
    return (Path(sys.executable).with_name("pre-commit"), "try-repo", REPO, "privacy-check",
            "--all-files")


@pytest.fixture(scope="session")
def hook_run(tmp_path_factory: pytest.TempPathFactory) -> HookRun:
    """A git repository made by ``privacy init``, with pre-commit already building the hook.

    Started first and left running: pre-commit's own environment for the hook
    (a clone of this repository, pip-installed) takes about as long as the
    wheel fixture, and the two mostly wait on pip, so they overlap.
    """
    from privacy_as_code.newproject import init_project

    repo = tmp_path_factory.mktemp("hook") / "org"
    init_project(repo)
    env = {**GIT, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home")}
    _ok(_run("git", "init", "-q", cwd=repo, **env))
    _ok(_run("git", "add", "-A", cwd=repo, **env))
    first = subprocess.Popen([str(a) for a in _try_repo_args()], cwd=repo, env=_env(**env),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return HookRun(repo, env, first)


@dataclass(frozen=True)
class Installed:
    venv: Path
    wheel: Path
    project: Path
    """A project created by the installed ``privacy init`` in an empty folder."""
    build_without_site: subprocess.CompletedProcess[str]
    """``privacy build`` run before the site extra was installed."""

    @property
    def privacy(self) -> Path:
        return self.venv / "bin" / "privacy"


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory, hook_run: HookRun) -> Installed:
    """Build the wheel from a copy of the sources, install it (no extras) into a fresh venv,
    ``privacy init``, try ``privacy build`` without the site extra, then add the extra."""
    base = tmp_path_factory.mktemp("installed")
    source = base / "source"  # a copy: an in-tree build would leave build/ in the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(REPO / name, source / name)
    shutil.copytree(REPO / "scripts", source / "scripts",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    _ok(_run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", base / "dist", source))
    wheel = next((base / "dist").glob("privacy_as_code-*.whl"))
    venv = base / "venv"
    _ok(_run(sys.executable, "-m", "venv", venv))
    pip = venv / "bin" / "pip"
    _ok(_run(pip, "install", "-q", "-c", CONSTRAINTS, wheel))
    project = base / "empty"
    project.mkdir()
    _ok(_run(venv / "bin" / "privacy", "init", "new-org", cwd=project))
    project /= "new-org"
    without_site = _run(venv / "bin" / "privacy", "build", cwd=project)
    _ok(_run(pip, "install", "-q", "-c", CONSTRAINTS, f"privacy-as-code[site] @ {wheel.as_uri()}"))
    return Installed(venv, wheel, project, without_site)


def test_the_installed_package_is_not_this_checkout(installed: Installed) -> None:
    done = _ok(_run(installed.venv / "bin" / "python", "-c",
                    "import privacy_as_code.resources as r; print(r.PACKAGE_DIR)"))
    package = Path(done.stdout.strip())
    assert package.is_relative_to(installed.venv) and "site-packages" in package.parts
    assert sorted(p.name for p in (package / "schemas").iterdir()) == sorted(
        p.name for p in (REPO / "schemas").glob("*.schema.json"))
    assert not (installed.project / ".." / "schemas").exists()


def test_the_installed_privacy_checks_a_new_project(installed: Installed) -> None:
    done = _run(installed.privacy, "check", cwd=installed.project)
    assert done.returncode == 0, done.stdout + done.stderr
    last = done.stdout.splitlines()[-1]
    assert last.startswith("privacy check passed: 0 errors, ") and "warnings in 5 files" in last
    assert "internal error" not in done.stdout + done.stderr
    assert _run(installed.privacy, "render", "--check", cwd=installed.project).returncode == 0


def test_the_installed_privacy_checks_a_project_without_schemas(installed: Installed) -> None:
    bare = installed.project.parent / "bare"
    shutil.copytree(installed.project / "records", bare / "records")
    done = _run(installed.privacy, "check", cwd=bare)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "internal error" not in done.stderr and "schema-copy" not in done.stdout
    broken = bare / "records" / "activities" / "enquiries.yaml"
    broken.write_text(broken.read_text("utf-8").replace("retention:", "retension:"), "utf-8")
    failed = _run(installed.privacy, "check", cwd=bare)
    assert failed.returncode == 1
    assert ("records/activities/enquiries.yaml:7:1: error [retention-required] 'retention' is "
            "missing") in failed.stdout


def test_build_without_the_site_extra_names_the_extra(installed: Installed) -> None:
    done = installed.build_without_site
    assert done.returncode == 2, done.stdout + done.stderr
    assert "pip install 'privacy-as-code[site]'" in done.stdout
    assert "No module named" not in done.stdout + done.stderr


def test_the_installed_privacy_builds_the_new_project(installed: Installed) -> None:
    done = _run(installed.privacy, "build", cwd=installed.project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (installed.project / "site" / "index.html").is_file()
    assert (installed.project / "site" / "en" / "index.html").is_file()
    assert "Personvernerklæring" in (installed.project / "site" / "index.html").read_text("utf-8")


def test_the_published_hook_runs_from_another_repository(hook_run: HookRun) -> None:
    """``pre-commit try-repo <this repository> privacy-check`` in a repo made by ``privacy init``."""
    output, _ = hook_run.first.communicate(timeout=600)
    assert hook_run.first.returncode == 0, output
    assert "privacy check (records of processing)" in output and "Passed" in output
    activity = hook_run.repo / "records" / "activities" / "enquiries.yaml"
    activity.write_text(activity.read_text("utf-8").replace("retention:", "retension:"), "utf-8")
    _ok(_run("git", "add", "-A", cwd=hook_run.repo, **hook_run.env))
    failed = hook_run.try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert ("records/activities/enquiries.yaml:7:1: error [retention-required] 'retention' is "
            "missing") in failed.stdout
