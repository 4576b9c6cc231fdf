"""``privacy check`` run as a user runs it: exit codes, formats, summary."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import yaml

from privacy_as_code.loader import load_file
from tests.conftest import FIXTURES, PRIVACY, run_privacy

NEWSLETTER = Path("records/activities/newsletter.yaml")


def break_retention(root: Path) -> None:
    path = root / NEWSLETTER
    path.write_text(path.read_text("utf-8").replace("retention:", "retension:"), "utf-8")


def test_clean_project_exits_0_with_a_summary(minimal_root: Path) -> None:
    done = run_privacy("check", cwd=minimal_root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "privacy check: 6 files checked, no problems\n"
    assert done.stderr == ""


def test_errors_exit_1_compiler_style_sorted(minimal_root: Path) -> None:
    break_retention(minimal_root)
    done = run_privacy("check", cwd=minimal_root)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[:-1] == [
        ("records/activities/newsletter.yaml:2:1: error [retention-required] 'retention' is "
        "missing: every activity needs at least one retention rule (Art. 5(1)(e), 13(2)(a))"),
        ("records/activities/newsletter.yaml:11:1: error [unknown-key] unknown key 'retension'; "
        "did you mean 'retention'?"),
    ]
    assert lines[-1] == "privacy check FAILED: 2 errors, 0 warnings in 6 files"


def test_root_option_and_relative_paths(minimal_root: Path) -> None:
    break_retention(minimal_root)
    done = run_privacy("check", "--root", "project", cwd=minimal_root.parent)
    assert done.returncode == 1
    assert done.stdout.startswith("project/records/activities/newsletter.yaml:2:1: error")


def test_the_project_is_found_above_the_working_directory(tmp_path: Path, minimal_root: Path) -> None:
    """As git finds its repository: an editor's terminal often opens in records/activities."""
    inside = minimal_root / "records" / "activities"
    done = run_privacy("check", "newsletter.yaml", cwd=inside)
    assert done.returncode == 0 and "1 file" in done.stdout, done.stdout + done.stderr
    assert run_privacy("check", cwd=inside).stdout == run_privacy("check", cwd=minimal_root).stdout
    (tmp_path / "empty").mkdir()
    nowhere = run_privacy("check", cwd=tmp_path / "empty")
    assert nowhere.returncode == 2 and "no records/ folder in" in nowhere.stderr
    assert "or any folder above it" in nowhere.stderr


def test_usage_errors_exit_2(tmp_path: Path, minimal_root: Path) -> None:
    done = run_privacy("check", "--root", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert "no records/ folder" in done.stderr and "Traceback" not in done.stderr
    assert run_privacy("check", "--format", "xml", cwd=minimal_root).returncode == 2
    missing = run_privacy("check", "records/activities/nope.yaml", cwd=minimal_root)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_paths_limit_warnings_but_every_error_fails(minimal_root: Path) -> None:
    path = minimal_root / "records/organisation.yaml"
    path.write_text(path.read_text("utf-8").replace(
        'organisation_number: "999999999"',
        "organisation_number: {open_question: Confirm in Brønnøysundregistrene, owner: CFO}"),
        "utf-8")
    other = run_privacy("check", "records/activities/accounting.yaml", cwd=minimal_root)
    assert (other.returncode, other.stdout) == (0, "privacy check: 1 file checked, no problems\n")
    # An error elsewhere fails a run on PATHs too: rules cross files (the pre-commit hole).
    break_retention(minimal_root)
    broken = run_privacy("check", "records/activities/accounting.yaml", cwd=minimal_root)
    assert broken.returncode == 1
    assert broken.stdout.splitlines()[0].startswith(
        "records/activities/newsletter.yaml:2:1: error [retention-required]")
    assert broken.stdout.splitlines()[-1] == "privacy check FAILED: 2 errors, 0 warnings in 1 file"


def test_open_questions_warn_and_fail_only_under_strict(minimal_root: Path) -> None:
    path = minimal_root / "records/organisation.yaml"
    path.write_text(path.read_text("utf-8").replace(
        'organisation_number: "999999999"',
        "organisation_number: {open_question: Confirm in Brønnøysundregistrene, owner: CFO}"),
        "utf-8")
    relaxed = run_privacy("check", "--warnings", cwd=minimal_root)
    assert relaxed.returncode == 0
    assert "records/organisation.yaml:5:24: warning [open-question] open question about " \
           "Controller › Organisation number: (CFO) Confirm in Brønnøysundregistrene" in relaxed.stdout
    assert relaxed.stdout.splitlines()[-1] == "privacy check passed: 0 errors, 1 warning in 6 files"
    strict = run_privacy("check", "--strict", cwd=minimal_root)
    assert strict.returncode == 1
    assert strict.stdout.splitlines()[-1].startswith("privacy check FAILED: 0 errors, 1 warning")


def test_json_format(minimal_root: Path) -> None:
    break_retention(minimal_root)
    done = run_privacy("check", "--format", "json", cwd=minimal_root)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["status"] == "fail" and report["errors"] == 2 and report["files"] == 6
    assert report["findings"][0] == {
        "path": "records/activities/newsletter.yaml", "line": 2, "column": 1,
        "severity": "error", "rule": "retention-required",
        "message": "'retention' is missing: every activity needs at least one retention rule "
                   "(Art. 5(1)(e), 13(2)(a))",
        "message_id": "schema-x.activity-retention-required",
    }


def test_github_format_and_automatic_selection(minimal_root: Path) -> None:
    break_retention(minimal_root)
    explicit = run_privacy("check", "--format", "github", cwd=minimal_root)
    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    automatic = run_privacy("check", cwd=minimal_root, env=env)
    for done in (explicit, automatic):
        assert done.returncode == 1
        first = done.stdout.splitlines()[0]
        assert first.startswith("::error file=records/activities/newsletter.yaml,line=2,col=1,"
                                "title=retention-required::'retention' is missing")
    text = run_privacy("check", "--format", "text", cwd=minimal_root, env=env)
    assert text.stdout.startswith("records/")


def test_module_entry_point_is_the_same(minimal_root: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "privacy_as_code", "check"], cwd=minimal_root,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "no problems" in done.stdout


def test_check_never_writes_to_records(minimal_root: Path) -> None:
    break_retention(minimal_root)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in minimal_root.rglob("*")
              if p.is_file()}
    run_privacy("check", cwd=minimal_root)
    run_privacy("check", "--format", "json", "--strict", cwd=minimal_root)
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in minimal_root.rglob("*")
             if p.is_file()}
    assert after == before


def test_hostile_files_give_findings_not_tracebacks(minimal_root: Path) -> None:
    activities = minimal_root / "records/activities"
    (activities / "binary.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (activities / "latin1.yaml").write_bytes("name: {nb: Påmelding}\n".encode("latin-1"))
    bomb = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 9)]
    (activities / "bomb.yaml").write_text("\n".join(bomb) + "\n", "utf-8")
    (activities / "deep.yaml").write_text("a: " + "[" * 50_000 + "]" * 50_000 + "\n", "utf-8")
    (activities / "Bad Name.yaml").write_text("name: x\n", "utf-8")
    (activities / "old.yml").write_text("name: x\n", "utf-8")
    done = run_privacy("check", cwd=minimal_root, timeout=20)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    for expected in (
        "records/activities/binary.yaml:3:1: error [yaml-encoding]",
        "records/activities/latin1.yaml:1:13: error [yaml-encoding]",
        "records/activities/bomb.yaml:2:10: error [yaml-alias]",
        "records/activities/deep.yaml:1:43: error [yaml-too-deep]",
        "records/activities/Bad Name.yaml:1:1: error [file-name]",
        "records/activities/old.yml:1:1: error [file-name] rename old.yml to old.yaml",
    ):
        assert expected in done.stdout


def test_parallel_loading_finds_exactly_what_serial_loading_finds(minimal_root: Path,
                                                                   monkeypatch) -> None:
    from privacy_as_code import project
    from privacy_as_code.checker import check_project

    activities = minimal_root / "records/activities"
    template = (activities / "newsletter.yaml").read_text("utf-8")
    for index in range(40):
        text = template if index % 3 else template.replace("retention:", "retension:")
        if index % 5 == 4:
            # A finding made after loading, by a rule that reads several files: the
            # main process finds the worker's file's positions again from its text.
            text = text.replace("data_categories: [", "data_categories: [nope_", 1)
        (activities / f"clone-{index:02d}.yaml").write_text(text, "utf-8")
    monkeypatch.setattr(project, "PARALLEL_FROM", 10**9)
    alone, serial = check_project(minimal_root)
    monkeypatch.setattr(project, "PARALLEL_FROM", 10)
    shared, parallel = check_project(minimal_root)
    assert parallel.findings == serial.findings
    # the files are dealt out in turn, and come back in their order
    assert list(shared.activities) == list(alone.activities) == sorted(alone.activities)
    assert [doc.data for doc in shared.activities.values()] == [
        doc.data for doc in alone.activities.values()]
    assert len(serial.findings) > 40
    assert len({f.path for f in serial.findings if "nope_contact_details" in f.message}) == 8


def _with_open_questions(root: Path, *owners: str) -> None:
    """The organisation number, then the e-mail, become open questions of ``owners``."""
    path = root / "records/organisation.yaml"
    text = path.read_text("utf-8")
    text = text.replace('organisation_number: "999999999"',
                        f"organisation_number: {{open_question: Confirm the number, owner: {owners[0]}}}")
    if len(owners) > 1:
        text = text.replace("email: personvern@example.no",
                            f"email: {{open_question: Which address?, owner: {owners[1]}}}")
    path.write_text(text, "utf-8")


def test_errors_first_then_one_count_line_per_kind_of_warning(minimal_root: Path) -> None:
    _with_open_questions(minimal_root, "CFO", "CEO")
    break_retention(minimal_root)
    done = run_privacy("check", cwd=minimal_root)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        ("records/activities/newsletter.yaml:2:1: error [retention-required] 'retention' is "
         "missing: every activity needs at least one retention rule (Art. 5(1)(e), 13(2)(a))"),
        ("records/activities/newsletter.yaml:11:1: error [unknown-key] unknown key 'retension'; "
         "did you mean 'retention'?"),
        "2 open questions: `privacy questions` lists them",
        "privacy check FAILED: 2 errors, 2 warnings in 6 files",
    ]
    # --warnings shows every finding in reading order, as before (warnings in between).
    every = run_privacy("check", "--warnings", cwd=minimal_root).stdout.splitlines()
    assert len(every) == 5 and every[2].startswith("records/organisation.yaml:")
    assert every[0].startswith("records/activities/newsletter.yaml:2:1: error")
    # --strict: every warning fails, so every warning is shown like an error.
    strict = run_privacy("check", "--strict", cwd=minimal_root).stdout.splitlines()
    assert strict[:-1] == every[:-1]


def test_one_open_question_and_other_warnings_are_counted_by_rule(minimal_root: Path) -> None:
    _with_open_questions(minimal_root, "CFO")
    # The plain-language rule's failing fixture: hard texts, each a warning of that rule.
    shutil.copy(FIXTURES / "failing/plain-language/activities/newsletter.yaml",
                minimal_root / "records/activities/newsletter.yaml")
    done = run_privacy("check", cwd=minimal_root)
    every = run_privacy("check", "--warnings", cwd=minimal_root)
    rules = Counter(line.split("[", 1)[1].split("]", 1)[0] for line in every.stdout.splitlines()[:-1])
    assert done.returncode == 0 and rules["open-question"] == 1 and rules["plain-language"] >= 1
    lines = done.stdout.splitlines()
    assert "1 open question: `privacy questions` lists it" in lines
    count = rules["plain-language"]
    assert (f"{count} plain-language warning{'s' if count > 1 else ''}: `privacy check --warnings` "
            f"shows {'them' if count > 1 else 'it'}") in lines
    assert len(lines) == len(rules) + 1  # one line per kind of warning, then the summary


def test_json_and_github_formats_still_list_every_warning(minimal_root: Path) -> None:
    _with_open_questions(minimal_root, "CFO", "CEO")
    report = json.loads(run_privacy("check", "--format", "json", cwd=minimal_root).stdout)
    assert report["warnings"] == 2 and len(report["findings"]) == 2
    github = run_privacy("check", "--format", "github", cwd=minimal_root).stdout.splitlines()
    assert sum(line.startswith("::warning file=records/organisation.yaml") for line in github) == 2


def test_a_refused_export_prints_only_the_errors(minimal_root: Path) -> None:
    _with_open_questions(minimal_root, "CFO", "CEO")
    break_retention(minimal_root)
    for command in (("export", "ropa", "--format", "json"), ("render",), ("questions",)):
        done = run_privacy(*command, cwd=minimal_root)
        shown = (done.stdout + done.stderr).splitlines()
        assert done.returncode == 1, command
        assert [line.split(": ", 1)[0] for line in shown[:2]] == [
            "records/activities/newsletter.yaml:2:1", "records/activities/newsletter.yaml:11:1"]
        assert len(shown) == 3 and "the records have 2 errors" in shown[2], shown
        assert "open-question" not in done.stdout + done.stderr


def test_the_command_writes_all_its_output_before_it_ends(repo_copy: Path) -> None:
    """``privacy check`` ends its process without tearing the interpreter down (cli.run):
    everything it wrote still arrives, well past one buffer, and the exit code is its verdict."""
    from privacy_as_code.checker import check_project

    buffered = _buffered_output()
    done = run_privacy("check", "--format", "json", "--warnings", cwd=repo_copy, env=buffered)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout) > 3 * 8192
    report = json.loads(done.stdout)
    assert len(report["findings"]) == len(check_project(repo_copy)[1].findings)
    assert done.stderr == ""
    short = run_privacy("check", cwd=repo_copy, env=buffered)  # less than one buffer
    assert short.stdout.endswith("in 14 files\n") and short.returncode == 0


def _buffered_output() -> dict[str, str]:
    """The environment without PYTHONUNBUFFERED (which CI machines may set): output to a
    pipe is then held in a buffer until flushed, as for most users."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


def _first_line_then_leave(root: Path, *args: str) -> tuple[bytes, int, bytes]:
    """Run ``privacy ARGS`` in ``root``, read one line of its output and close the pipe
    (``privacy ... | head -1``): the first line, the exit code and what went to stderr."""
    copies: dict[str, list[str]] = {}
    for source in sorted((root / "records/activities").glob("*.yaml")):
        for index in range(4):  # more output than a pipe holds (64 KiB), so writing fails
            copy = source.with_name(f"{source.stem}-copy{index}.yaml")
            shutil.copy(source, copy)
            copies.setdefault(source.stem, []).append(copy.stem)
    # each copy is listed where its original is, so the project stays valid
    statement = root / "records/statement.yaml"
    data = load_file(statement, str(statement)).data  # YAML 1.2, as the tool reads it
    for audience in data["audiences"]:
        audience["activities"] += [c for a in audience["activities"] for c in copies.get(a, [])]
    statement.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    with subprocess.Popen([str(PRIVACY), *args], cwd=root, env=_buffered_output(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()  # the reader leaves
        errors = process.stderr.read()
        return first, process.wait(timeout=60), errors


def test_a_reader_that_leaves_early_changes_neither_the_verdict_nor_the_output(
        repo_copy: Path) -> None:
    """``privacy check --warnings | head -1``: no "Exception ignored ... BrokenPipeError" or
    "cannot read or write" noise, and a failing check still exits 1."""
    activity = next((repo_copy / "records/activities").glob("*.yaml"))
    activity.write_text(activity.read_text("utf-8").replace("purposes:", "purposez:", 1), "utf-8")
    first, code, errors = _first_line_then_leave(repo_copy, "check", "--warnings")
    assert first.startswith(b"records/")
    assert (code, errors) == (1, b"")


def test_a_listing_whose_reader_leaves_ends_quietly(repo_copy: Path) -> None:
    """``privacy questions | head -1`` said "error: cannot read or write: Broken pipe" and
    exited 2: the handler for a reader that left came after the one for any I/O error."""
    first, code, errors = _first_line_then_leave(repo_copy, "questions")
    assert first
    assert (code, errors) == (0, b"")
