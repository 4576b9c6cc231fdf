"""Nothing is lost: reading never writes, writing is all-or-nothing, hand edits survive.

* Commands that only read (check in every format, questions, export to stdout,
  diff, render --check) leave records/ and docs/ byte-for-byte and mtime-for-mtime
  as they were.
* A render or export that fails half-way (a full disk, Ctrl-C) leaves every
  page whole, either as it was or as it should be, and no temporary file.
* A failed export does not touch the file it would have replaced.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from privacy_as_code import output as writer
from privacy_as_code import ropa
from privacy_as_code.output import IOProblem
from privacy_as_code.project import load_project
from privacy_as_code.render import output as out
from tests.conftest import REPO, run_privacy
from tests.site_fixtures import edit_yaml, make_project, render


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Content and mtime of every file under ``root`` (outside .git)."""
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                    "-c", "commit.gpgsign=false", *args],
                   cwd=root, capture_output=True, check=True, timeout=30)


@pytest.fixture
def real_project(tmp_path: Path) -> Path:
    """The repository's real records and rendered pages, as a git repository."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "records", root / "records")
    shutil.copytree(REPO / "docs", root / "docs")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "records")
    return root


READ_ONLY_COMMANDS = [
    ["check"],
    ["check", "--format", "json"],
    ["check", "--format", "github"],
    ["check", "--strict"],
    ["check", "--since", "HEAD"],
    ["check", "records/activities/newsletter.yaml"],
    ["export", "ropa", "--format", "json"],
    ["check", "--warnings"],
    ["questions"],
    ["questions", "--format", "csv", "--lang", "en"],
    ["questions", "--format", "markdown", "--owner", "CTO", "records/organisation.yaml"],
    ["diff", "HEAD"],
    ["render", "--check"],
]


def test_commands_that_only_read_never_change_a_file(real_project: Path) -> None:
    before = snapshot(real_project)
    assert any(name.startswith("records/activities/") for name in before)
    for command in READ_ONLY_COMMANDS:
        done = run_privacy(*command, cwd=real_project)
        assert done.returncode in (0, 1), (command, done.stderr)
        assert snapshot(real_project) == before, command


def test_reading_broken_records_never_changes_them(real_project: Path) -> None:
    newsletter = real_project / "records" / "activities" / "newsletter.yaml"
    newsletter.write_text(newsletter.read_text("utf-8") + "retention: [\n", "utf-8")
    before = snapshot(real_project)
    for command in READ_ONLY_COMMANDS:
        run_privacy(*command, cwd=real_project)
        assert snapshot(real_project) == before, command


# --- render: all or nothing ------------------------------------------------------------

@pytest.fixture
def rendered(tmp_path: Path) -> Path:
    """The site sample, rendered once, with a change in the records not yet rendered."""
    root = make_project(tmp_path / "project", with_site_config=False)
    assert render(root).exit_code == 0
    edit_yaml(root / "records" / "statement.yaml", "We reply within one month.",
              "We reply within two weeks.")
    edit_yaml(root / "records" / "statement.yaml", "Vi svarer innen én måned.",
              "Vi svarer innen to uker.")
    return root


def pages(root: Path) -> dict[str, str]:
    docs = root / "docs"
    return {p.relative_to(docs).as_posix(): p.read_text("utf-8")
            for p in sorted(docs.rglob("*")) if p.is_file()}


def stray_files(root: Path) -> list[str]:
    return [p.name for p in (root / "docs").rglob("*") if p.name.startswith(".")]


@pytest.mark.parametrize("interruption", [OSError(28, "No space left on device"),
                                          KeyboardInterrupt()],
                         ids=["disk-full", "ctrl-c"])
def test_an_interrupted_render_leaves_every_page_whole(rendered: Path, interruption: BaseException,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    old = pages(rendered)
    calls = []
    real_replace = os.replace

    def replace_then_fail(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise interruption
        real_replace(src, dst)

    monkeypatch.setattr(writer.os, "replace", replace_then_fail)
    # A disk error is reported as 'cannot write <page>: <reason>'; Ctrl-C passes through.
    with pytest.raises(IOProblem if isinstance(interruption, OSError) else KeyboardInterrupt):
        render(rendered)
    monkeypatch.undo()
    assert len(calls) == 2, "the change should touch more than one page"
    assert stray_files(rendered) == []
    half = pages(rendered)
    assert sorted(half) == sorted(old)
    assert sum(half[p] != old[p] for p in old) == 1  # the first page was replaced, whole
    for rel, text in half.items():
        assert out.is_intact(text, rel) or not out.is_generated(text, rel), rel

    finished = render(rendered)
    assert finished.exit_code == 0, finished.output
    assert "edited by hand" not in finished.output
    assert render(rendered, check=True).exit_code == 0
    assert stray_files(rendered) == []


def test_a_render_refused_for_broken_records_keeps_the_pages(rendered: Path) -> None:
    old = snapshot(rendered / "docs")
    (rendered / "records" / "activities" / "newsletter.yaml").write_text("name: [", "utf-8")
    result = render(rendered)
    assert result.exit_code == 1
    assert result.output.endswith("render: the records have 1 error; nothing was rendered: fix it "
                                  "first (privacy check shows every problem)")
    assert snapshot(rendered / "docs") == old


def test_render_on_the_command_line_refuses_a_hand_edit_and_names_the_page(rendered: Path
                                                                           ) -> None:
    page = rendered / "docs" / "en" / "rights.md"
    edited = page.read_text("utf-8").replace("Your rights", "Your rights (edited)", 1)
    page.write_text(edited, "utf-8")
    before = snapshot(rendered / "docs")
    refused = run_privacy("render", cwd=rendered)
    assert refused.returncode == 1
    assert "docs/en/rights.md: edited by hand" in refused.stdout
    assert snapshot(rendered / "docs") == before  # not even the pages without edits
    forced = run_privacy("render", "--force", cwd=rendered)
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "two weeks" in page.read_text("utf-8")


def test_a_hand_edited_page_is_not_deleted_when_its_record_goes(rendered: Path) -> None:
    page = rendered / "docs" / "nb" / "old-page.md"
    page.write_text(out.with_header("# Gammel side\n") + "Lagt til for hånd.\n", "utf-8")
    refused = render(rendered)
    assert refused.exit_code == 1 and "nb/old-page.md: edited by hand" in refused.output
    assert page.exists()
    assert render(rendered, force=True).exit_code == 0
    assert not page.exists()



def test_a_hand_edit_saved_in_another_encoding_is_refused_not_a_crash(rendered: Path) -> None:
    page = rendered / "docs" / "nb" / "rights.md"
    page.write_bytes("# Dine rettigheter på nett\n".encode("latin-1"))
    refused = run_privacy("render", cwd=rendered)
    assert refused.returncode == 1, refused.stderr
    assert "docs/nb/rights.md: edited by hand" in refused.stdout
    assert page.read_bytes() == "# Dine rettigheter på nett\n".encode("latin-1")
    assert run_privacy("render", "--check", cwd=rendered).returncode == 1
    assert run_privacy("render", "--force", cwd=rendered).returncode == 0
    assert out.is_intact(page.read_text("utf-8"))

# --- export: the old file survives a failed export -------------------------------------

@pytest.mark.parametrize("name", ["ropa.json", "ropa.csv", "ropa.xlsx"])
def test_an_export_refused_for_broken_records_keeps_the_old_file(minimal_root: Path,
                                                                 name: str) -> None:
    target = minimal_root / "exports" / name
    target.parent.mkdir()
    target.write_bytes(b"the previous, good export")
    os.utime(target, ns=(1, 1))
    newsletter = minimal_root / "records" / "activities" / "newsletter.yaml"
    newsletter.write_text(newsletter.read_text("utf-8").replace("retention:", "retension:"),
                          "utf-8")
    done = run_privacy("export", "ropa", "-o", str(target), cwd=minimal_root)
    assert done.returncode == 1
    assert "no Art. 30 record was exported" in done.stderr
    assert target.read_bytes() == b"the previous, good export"
    assert target.stat().st_mtime_ns == 1
    assert [p.name for p in target.parent.iterdir()] == [name]


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_an_export_that_fails_while_writing_keeps_the_old_file(minimal_root: Path, fmt: str,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    target = minimal_root / f"ropa.{fmt}"
    target.write_bytes(b"the previous, good export")
    record = ropa.build_ropa(load_project(minimal_root), "nb")

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.os, "replace", fail)
    with pytest.raises(IOProblem, match=f"cannot write .*ropa.{fmt}: No space left on device"):
        ropa.export(record, fmt, target)
    assert target.read_bytes() == b"the previous, good export"
    assert sorted(p.name for p in minimal_root.iterdir()) == ["records", f"ropa.{fmt}"]
