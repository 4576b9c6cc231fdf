"""Writing fails closed: whole files with the umask's mode, or a clear 'cannot ...' and exit 2.

Full disks are simulated two ways: in-process by making a write raise
``OSError(ENOSPC)``, and for real in a subprocess with ``RLIMIT_FSIZE`` (the
kernel then refuses to grow any file, as a full disk does; SIGXFSZ is ignored
so the write fails with EFBIG instead of killing the process).
"""

from __future__ import annotations

import errno
import os
import resource
import signal
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from privacy_as_code import cli
from privacy_as_code import output as writer
from privacy_as_code.output import IOProblem, write_all, write_atomic
from tests.conftest import PRIVACY, run_privacy
from tests.site_fixtures import make_project, render


def run_limited(*args: str, cwd: Path, max_bytes: int) -> subprocess.CompletedProcess[str]:
    """``privacy ARGS`` unable to write more than ``max_bytes`` into any file (a full disk)."""
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))
    return subprocess.run([str(PRIVACY), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False, preexec_fn=limit)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob(f"*{writer.TEMP_SUFFIX}")]


@pytest.fixture
def umask_022() -> object:
    old = os.umask(0o022)
    yield
    os.umask(old)


# --- the one writer ---------------------------------------------------------------------

@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_written_files_get_the_mode_of_a_normal_write(tmp_path: Path, umask: int,
                                                       mode: int) -> None:
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "new.md", "text")
        (tmp_path / "old.md").write_text("before", "utf-8")
        (tmp_path / "old.md").chmod(0o600)
        write_atomic(tmp_path / "old.md", "after")
        write_all({tmp_path / "a" / "b.md": "b"})
    finally:
        os.umask(old)
    for name in ("new.md", "old.md", "a/b.md"):
        assert (tmp_path / name).stat().st_mode & 0o777 == mode, name


def test_render_leaves_pages_readable_by_others(tmp_path: Path, umask_022: object) -> None:
    root = make_project(tmp_path / "project", with_site_config=False)
    assert render(root).exit_code == 0
    modes = {p.stat().st_mode & 0o777 for p in (root / "docs").rglob("*") if p.is_file()}
    assert modes == {0o644}


def test_a_failed_rename_keeps_the_old_file_and_leaves_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "page.md"
    target.write_text("old", "utf-8")

    def fail(*_args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(writer.os, "replace", fail)
    with pytest.raises(IOProblem, match=r"^cannot write .*page\.md: Input/output error$"):
        write_atomic(target, "new")
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]
    monkeypatch.undo()
    write_atomic(target, "new")
    assert target.read_text("utf-8") == "new"


def test_a_full_disk_while_staging_changes_no_file(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    files = {tmp_path / f"{n}.md": f"new {n}" for n in range(4)}
    for path in files:
        path.write_text("old", "utf-8")
    calls = []

    def full_on_the_third(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writer.os, "fsync", full_on_the_third)
    with pytest.raises(IOProblem, match=r"cannot write .*2\.md: No space left on device"):
        write_all(files)
    assert {p.read_text("utf-8") for p in files} == {"old"}
    assert temp_files(tmp_path) == []


# --- render -----------------------------------------------------------------------------

@pytest.fixture
def rendered(tmp_path: Path) -> Path:
    """The site sample rendered once, then changed so that render has pages to write."""
    root = make_project(tmp_path / "project", with_site_config=False)
    assert render(root).exit_code == 0
    statement = root / "records" / "statement.yaml"
    statement.write_text(statement.read_text("utf-8").replace(
        "We reply within one month.", "We reply within two weeks."), "utf-8")
    return root


def test_render_on_a_full_disk_exits_2_and_changes_nothing(rendered: Path) -> None:
    before = snapshot(rendered / "docs")
    done = run_limited("render", cwd=rendered, max_bytes=1000)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith("privacy render: error: cannot write docs/en/")
    assert done.stderr.rstrip().endswith(": File too large")
    assert "Traceback" not in done.stderr
    assert snapshot(rendered / "docs") == before
    assert temp_files(rendered) == []


def test_render_into_a_read_only_docs_folder_exits_2(rendered: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, for whom chmod does not protect: fail the way the kernel would.
    def denied(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    before = snapshot(rendered / "docs")
    monkeypatch.chdir(rendered)
    monkeypatch.setattr(writer.tempfile, "mkstemp", denied)
    assert cli.main(["render"]) == 2
    err = capsys.readouterr().err
    assert err == "privacy render: error: cannot write docs/en/rights.md: Permission denied\n"
    assert snapshot(rendered / "docs") == before


def test_a_file_where_a_folder_of_pages_belongs_exits_2(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", with_site_config=False)
    (root / "docs" / "guide").mkdir(parents=True)
    (root / "docs" / "guide" / "nb").write_text("not a folder", "utf-8")
    done = run_privacy("render", cwd=root)
    assert done.returncode == 2
    assert done.stderr == ("privacy render: error: cannot write docs/guide/nb/fields.md: "
                           "docs/guide/nb is a file, not a folder\n")
    # Nothing was written: every other page is staged first and taken back.
    assert snapshot(root / "docs") == {"guide/nb": b"not a folder"}


def test_render_removes_what_a_killed_render_left(rendered: Path) -> None:
    # SIGKILL cannot be caught: all a killed render leaves is a recognisable temporary file.
    left = rendered / "docs" / "nb" / f".rights.md.k1ll3d{writer.TEMP_SUFFIX}"
    left.write_bytes(b"")
    assert render(rendered, check=True).exit_code == 1  # --check reads only; the file is ignored
    assert left.exists()
    assert render(rendered).exit_code == 0
    assert not left.exists()
    assert temp_files(rendered) == []
    # An up-to-date render cleans up too.
    left.write_bytes(b"")
    said = render(rendered)
    assert said.outcome.status == "up to date" and not left.exists()


def test_build_on_a_full_disk_exits_2(rendered: Path, tmp_path: Path) -> None:
    done = run_limited("build", cwd=rendered, max_bytes=1000)
    assert done.returncode == 2
    assert "privacy build: error: cannot write docs/" in done.stderr
    assert "Traceback" not in done.stderr


# --- export -----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_export_on_a_full_disk_exits_2_without_a_traceback(minimal_root: Path, fmt: str) -> None:
    target = minimal_root / f"ropa.{fmt}"
    target.write_bytes(b"old")
    done = run_limited("export", "ropa", "-o", target.name, cwd=minimal_root, max_bytes=100)
    assert done.returncode == 2
    assert done.stderr == f"privacy export: error: cannot write ropa.{fmt}: File too large\n"
    assert target.read_bytes() == b"old"
    assert temp_files(minimal_root) == []


@pytest.mark.parametrize("target", ["records/activities/newsletter.yaml", "records/ropa.json",
                                    "linked/newsletter.yaml"])
def test_export_never_writes_inside_records(minimal_root: Path, target: str) -> None:
    (minimal_root / "linked").symlink_to("records/activities")
    before = snapshot(minimal_root / "records")
    done = run_privacy("export", "ropa", "--format", "json", "-o", target, cwd=minimal_root)
    assert done.returncode == 2
    assert done.stderr == (f"privacy export: error: cannot write {target}: the export never goes "
                           "inside records/ (it would replace or add a record); choose a file "
                           "outside records/\n")
    assert snapshot(minimal_root / "records") == before


def test_export_onto_a_folder_exits_2(minimal_root: Path) -> None:
    (minimal_root / "out.json").mkdir()
    done = run_privacy("export", "ropa", "-o", "out.json", cwd=minimal_root)
    assert (done.returncode, done.stderr) == (
        2, "privacy export: error: cannot write out.json: it is a folder; give a file name\n")


# --- new activity -----------------------------------------------------------------------

def test_new_activity_on_a_full_disk_leaves_nothing_behind(minimal_root: Path) -> None:
    before = sorted(p.name for p in (minimal_root / "records" / "activities").iterdir())
    done = run_limited("new", "activity", "events", cwd=minimal_root, max_bytes=200)
    assert done.returncode == 2
    assert done.stderr == ("privacy new: error: cannot write records/activities/events.yaml: "
                           "File too large\n")
    assert sorted(p.name for p in (minimal_root / "records" / "activities").iterdir()) == before
    again = run_privacy("new", "activity", "events", cwd=minimal_root)
    assert again.returncode == 0, again.stderr
    assert (minimal_root / "records/activities/events.yaml").read_text("utf-8").startswith(
        "# yaml-language-server: $schema=../../schemas/activity.schema.json")


def test_new_activity_in_process_on_a_full_disk(minimal_root: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.chdir(minimal_root)
    monkeypatch.setattr(writer.os, "fsync", full)
    assert cli.main(["new", "activity", "events"]) == 2
    assert capsys.readouterr().err == ("privacy new: error: cannot write "
                                       "records/activities/events.yaml: No space left on device\n")
    assert not (minimal_root / "records/activities/events.yaml").exists()
    assert temp_files(minimal_root) == []


def test_new_activity_has_the_mode_of_a_normal_write(minimal_root: Path, umask_022: object) -> None:
    assert run_privacy("new", "activity", "events", cwd=minimal_root).returncode == 0
    assert (minimal_root / "records/activities/events.yaml").stat().st_mode & 0o777 == 0o644


def test_new_activity_clears_what_a_killed_run_left(minimal_root: Path) -> None:
    left = minimal_root / "records/activities" / f".events.yaml.k1ll3d{writer.TEMP_SUFFIX}"
    left.write_bytes(b"")
    check = run_privacy("check", cwd=minimal_root)
    assert check.returncode == 1
    assert (f"records/activities/{left.name}:1:1: error [file-name] {left.name} is a temporary "
            "file left by an interrupted 'privacy' command; delete it") in check.stdout
    assert run_privacy("new", "activity", "events", cwd=minimal_root).returncode == 0
    assert not left.exists()


# --- serve ------------------------------------------------------------------------------

@pytest.mark.parametrize(("port", "message"), [
    ("70000", "argument --port: 70000 is not a port: use 1 to 65535 (0: any free port)"),
    ("-1", "argument --port: -1 is not a port: use 1 to 65535 (0: any free port)"),
    ("http", "argument --port: 'http' is not a port number"),
])
def test_serve_refuses_a_bad_port_before_building(minimal_root: Path, port: str,
                                                  message: str) -> None:
    done = run_privacy("serve", "--port", port, cwd=minimal_root, timeout=20)
    assert done.returncode == 2
    assert done.stderr.rstrip().endswith(f"privacy serve: error: {message}")
    assert not (minimal_root / "docs").exists() and not (minimal_root / "site").exists()


def test_serve_reports_a_taken_port_before_building(minimal_root: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_privacy("serve", "--port", str(port), cwd=minimal_root, timeout=20)
    assert done.returncode == 2
    assert done.stderr == (f"privacy serve: error: cannot listen on 127.0.0.1:{port}: "
                           "Address already in use\n")
    assert not (minimal_root / "docs").exists() and not (minimal_root / "site").exists()


def test_a_hand_edit_with_terminal_escapes_is_shown_escaped(rendered: Path) -> None:
    page = rendered / "docs" / "en" / "rights.md"
    page.write_text(page.read_text("utf-8") + "\x1b[2J\u202egotcha\n", "utf-8")
    for said in (render(rendered, check=True), render(rendered)):
        assert said.exit_code == 1
        assert "\x1b" not in said.output and "\u202e" not in said.output
        assert "-\\x1b[2J\\u202egotcha" in said.output


@pytest.mark.parametrize(("make", "message"), [
    (lambda docs: docs.write_text("a file", "utf-8"),
     "cannot write docs/en/changes.md: docs is a file, not a folder"),
    (lambda docs: (docs / "nb" / "rights.md").mkdir(parents=True),
     "cannot write docs/nb/rights.md: it is a folder"),
])
def test_things_in_the_way_of_the_pages_exit_2(tmp_path: Path, make: Callable[[Path], object],
                                               message: str) -> None:
    root = make_project(tmp_path / "project", with_site_config=False)
    make(root / "docs")
    before = snapshot(root) if (root / "docs").is_file() else snapshot(root / "docs")
    done = run_privacy("render", "--root", "project", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"privacy render: error: {message.replace('docs', 'project/docs')}\n"
    after = snapshot(root) if (root / "docs").is_file() else snapshot(root / "docs")
    assert after == before and temp_files(root) == []
