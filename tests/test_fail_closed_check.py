"""``check``, ``diff`` and ``--since`` fail closed on paths, output formats, encodings and history."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from privacy_as_code.checker import check_project
from privacy_as_code.report import REPORTERS
from tests.conftest import MINIMAL, PRIVACY, run_privacy

ORGANISATION = Path("records/organisation.yaml")
FORGED = "records/x.yaml:1:1: error [forged] all is well"


def edit(root: Path, rel: Path | str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def open_question(root: Path, question: str = "Confirm in Brønnøysundregistrene") -> None:
    edit(root, ORGANISATION, 'organisation_number: "999999999"',
         f"organisation_number: {{open_question: {question}, owner: CFO}}")


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, **extra}


# --- 9.9 paths ---------------------------------------------------------------------------

def test_a_link_to_a_record_is_that_record(minimal_root: Path) -> None:
    open_question(minimal_root)
    (minimal_root / "nl.yaml").symlink_to(ORGANISATION)
    done = run_privacy("check", "--strict", "nl.yaml", cwd=minimal_root)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        ("records/organisation.yaml:5:24: warning [open-question] open question about "
        "Controller › Organisation number: (CFO) Confirm in Brønnøysundregistrene"),
        "privacy check FAILED: 0 errors, 1 warning in 1 file (--strict: warnings fail)",
    ]


@pytest.mark.parametrize("spelling", ["./records/organisation.yaml", "ABSOLUTE",
                                      "records/../records/organisation.yaml"])
def test_any_spelling_of_a_record_path_is_that_record(minimal_root: Path, spelling: str) -> None:
    open_question(minimal_root)
    path = str(minimal_root / ORGANISATION) if spelling == "ABSOLUTE" else spelling
    done = run_privacy("check", "--warnings", path, cwd=minimal_root)
    assert done.returncode == 0
    assert "warning [open-question]" in done.stdout


@pytest.mark.parametrize("path", ["/etc/hostname", "pyproject.toml",
                                  "records/activities/../../outside.yaml"])
def test_a_path_that_is_no_record_of_the_project_is_a_usage_error(minimal_root: Path,
                                                                  path: str) -> None:
    (minimal_root / "pyproject.toml").write_text("", "utf-8")
    (minimal_root / "outside.yaml").write_text("name: x\n", "utf-8")
    done = run_privacy("check", path, cwd=minimal_root)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (f"privacy check: error: not a record file of the project in .: {path} "
                           "(record files are records/<kind>.yaml and "
                           "records/activities/<id>.yaml)\n")


def test_a_record_linking_out_of_the_project_is_a_finding_and_is_not_read(
        minimal_root: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("name: {nb: TOP-SECRET-VALUE, en: x}\nunknown_key: TOP-SECRET-VALUE\n",
                      "utf-8")
    (minimal_root / "records/activities/leak.yaml").symlink_to(secret)
    (minimal_root / ORGANISATION).rename(tmp_path / "organisation.yaml")
    (minimal_root / ORGANISATION).symlink_to(tmp_path / "organisation.yaml")
    done = run_privacy("check", "--format", "json", cwd=minimal_root)
    assert done.returncode == 1
    assert "TOP-SECRET-VALUE" not in done.stdout
    found = [(f["path"], f["line"], f["column"], f["rule"], f["message"])
             for f in json.loads(done.stdout)["findings"]]
    assert found == [
        ("records/activities/leak.yaml", 1, 1, "file-location",
         ("leak.yaml is a link to a file outside the project; it was not read. "
         "Keep each record as a file inside records/")),
        ("records/organisation.yaml", 1, 1, "file-location",
         ("organisation.yaml is a link to a file outside the project; it was not read. "
         "Keep each record as a file inside records/")),
    ]


def test_a_link_inside_the_project_is_read(minimal_root: Path) -> None:
    activities = minimal_root / "records/activities"
    (minimal_root / "kept").mkdir()
    (activities / "newsletter.yaml").rename(minimal_root / "kept/newsletter.yaml")
    (activities / "newsletter.yaml").symlink_to(minimal_root / "kept/newsletter.yaml")
    done = run_privacy("check", cwd=minimal_root)
    assert (done.returncode, done.stdout) == (0, "privacy check: 6 files checked, no problems\n")


@pytest.mark.parametrize(("name", "message"), [
    (".draft.yaml", ("the file name '.draft' is not a valid activity id: use lower-case letters, "
                    "digits, - and _ (e.g. newsletter.yaml)")),
    (".DS_Store", ".DS_Store is not a record file; only <id>.yaml files belong here"),
    (".events.yaml.x1y2.privacy-tmp", (".events.yaml.x1y2.privacy-tmp is a temporary file left by "
                                      "an interrupted 'privacy' command; delete it")),
])
def test_dot_files_among_the_activities_are_reported(minimal_root: Path, name: str,
                                                     message: str) -> None:
    (minimal_root / "records/activities" / name).write_text("name: x\n", "utf-8")
    done = run_privacy("check", cwd=minimal_root)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == f"records/activities/{name}:1:1: error [file-name] {message}"


def test_a_dot_file_beside_the_records_is_reported(minimal_root: Path) -> None:
    (minimal_root / "records/.notes.yaml").write_text("x: 1\n", "utf-8")
    done = run_privacy("check", cwd=minimal_root)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        "records/.notes.yaml:1:1: error [file-name] .notes.yaml is not a known record file; "
        "expected one of organisation.yaml, statement.yaml, recipients.yaml, vocabulary.yaml")


# --- 9.10 the pre-commit hole ------------------------------------------------------------

def test_removing_a_recipient_fails_the_hook_run_on_recipients_yaml(minimal_root: Path) -> None:
    path = minimal_root / "records/recipients.yaml"
    text = path.read_text("utf-8")
    path.write_text(text[:text.index("  accounting_system:")], "utf-8")
    done = run_privacy("check", "records/recipients.yaml", cwd=minimal_root)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        ("records/activities/accounting.yaml:24:14: error [references-exist] 'accounting_system' "
        "is not a known recipient (define it in records/recipients.yaml)"),
        "privacy check FAILED: 1 error, 0 warnings in 1 file",
    ]


def test_warnings_outside_the_paths_stay_out_of_a_hook_run(minimal_root: Path) -> None:
    open_question(minimal_root)
    done = run_privacy("check", "--strict", "records/recipients.yaml", cwd=minimal_root)
    assert (done.returncode, done.stdout) == (0, "privacy check: 1 file checked, no problems\n")


def test_the_since_error_fails_a_hook_run_on_any_file(git_project: Path) -> None:
    edit(git_project, "records/activities/accounting.yaml", "Fakturering og regnskap", "Fakturering og bokføring")
    done = run_privacy("check", "--since", "HEAD", "records/recipients.yaml", cwd=git_project)
    assert done.returncode == 1
    assert "records/statement.yaml:2:1: error [statement-version]" in done.stdout


# --- 9.8 one finding per line, control characters escaped ---------------------------------

def test_a_multi_line_value_cannot_forge_a_finding(minimal_root: Path) -> None:
    edit(minimal_root, ORGANISATION, 'organisation_number: "999999999"',
         "organisation_number:\n    open_question: |\n      Confirm in Brønnøysundregistrene\n"
         f"      {FORGED}\n    owner: CFO")
    done = run_privacy("check", "--warnings", cwd=minimal_root)
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "records/organisation.yaml:6:5: warning [open-question] open question about "
        "Controller › Organisation number: (CFO) Confirm in Brønnøysundregistrene\\n" + FORGED,
        "privacy check passed: 0 errors, 1 warning in 6 files",
    ]
    github = run_privacy("check", "--format", "github", cwd=minimal_root)
    assert len(github.stdout.splitlines()) == 2
    assert "Brønnøysundregistrene\\n" + FORGED in github.stdout


def test_terminal_escapes_in_a_value_are_shown_escaped(minimal_root: Path) -> None:
    edit(minimal_root, ORGANISATION, "  appointed: false", '  appointed: false\n  "x\\e[2J\\u202Ey": 1')
    for fmt in ("text", "github"):
        done = run_privacy("check", "--format", fmt, cwd=minimal_root)
        assert done.returncode == 1
        assert "\x1b" not in done.stdout and "\u202e" not in done.stdout
        assert "unknown key 'x\\x1b[2J\\u202ey' in Data protection officer" in done.stdout
    raw = run_privacy("check", "--format", "json", cwd=minimal_root)
    assert "\x1b" not in raw.stdout  # JSON escapes it itself
    assert "unknown key 'x\x1b[2J\u202ey'" in json.loads(raw.stdout)["findings"][0]["message"]


def test_a_file_name_with_a_line_break_stays_on_one_line(minimal_root: Path) -> None:
    (minimal_root / "records/activities/x\ny.yaml").write_text("name: x\n", "utf-8")
    done = run_privacy("check", cwd=minimal_root)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0].startswith("records/activities/x\\ny.yaml:1:1: error [file-name]")
    assert len(done.stdout.splitlines()) == 2


# --- 9.13 output encodings -----------------------------------------------------------------

def test_check_never_crashes_on_the_terminals_encoding(minimal_root: Path) -> None:
    edit(minimal_root, ORGANISATION, "  appointed: false", "  appointed: false\n  pil→: 1")
    done = run_privacy("check", cwd=minimal_root, env=env(PYTHONIOENCODING="cp1252"))
    assert done.returncode == 1
    assert done.stderr == ""
    assert "unknown key 'pil\\u2192' in Data protection officer" in done.stdout
    assert done.stdout.splitlines()[-1] == "privacy check FAILED: 1 error, 0 warnings in 6 files"


def test_diff_never_crashes_on_the_terminals_encoding(git_project: Path) -> None:
    edit(git_project, "records/activities/accounting.yaml", "Fakturering og regnskap", "Fakturering → bok")
    done = subprocess.run([str(PRIVACY), "diff", "HEAD"], cwd=git_project, capture_output=True,
                          env=env(PYTHONIOENCODING="cp1252"), timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    # What cp1252 has (æ, ø, the › between headings) is written in it; the arrow is escaped.
    assert "  + after:  Fakturering \\u2192 bok" in done.stdout.decode("cp1252")
    keys = run_privacy("diff", "HEAD", "--format", "json", cwd=git_project,
                       env=env(PYTHONIOENCODING="cp1252"))
    assert keys.returncode == 0 and keys.stderr == ""
    assert "\\u2192" in keys.stdout  # ASCII-escaped JSON


def test_usage_errors_never_crash_on_the_terminals_encoding(minimal_root: Path) -> None:
    done = run_privacy("check", "nå→.yaml", cwd=minimal_root, env=env(PYTHONIOENCODING="ascii"))
    assert done.returncode == 2
    assert done.stderr == "privacy check: error: no such file: n\\xe5\\u2192.yaml\n"


# --- 9.7 / 9.14 history read as carefully as the working tree ------------------------------

def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.no", "-c", "user.name=t", *args],
                   cwd=root, check=True, capture_output=True)


@pytest.fixture
def git_project(minimal_root: Path) -> Path:
    git(minimal_root, "init", "-q")
    git(minimal_root, "add", "-A")
    git(minimal_root, "commit", "-qm", "records")
    return minimal_root


def test_since_a_revision_the_schema_would_reject_exits_2(git_project: Path) -> None:
    edit(git_project, "records/statement.yaml", "changelog:", "changelog: 5\nold_changelog:")
    git(git_project, "commit", "-qam", "broken")
    git(git_project, "checkout", "-q", "HEAD~1", "--", "records")
    edit(git_project, "records/activities/accounting.yaml", "Fakturering og regnskap",
         "Fakturering og bokføring")  # a public change: the versions must be compared
    done = run_privacy("check", "--since", "HEAD", cwd=git_project)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "privacy check: error: cannot compare the version with HEAD:records/statement.yaml: it has "
        "'changelog: 5' (a list of entries with a quoted version is expected); --since needs a "
        "revision whose statement passes privacy check\n")


@pytest.mark.parametrize(("old", "new"), [
    ('version: "1.1"', "version: 1.1"),
    ("changelog:", "changelog: 5\nold_changelog:"),
    ('  - version: "1.1"', "  - version: [1, 1]"),
])
def test_since_with_a_malformed_working_tree_reports_the_schema_finding(git_project: Path,
                                                                        old: str, new: str) -> None:
    edit(git_project, "records/statement.yaml", old, new)
    edit(git_project, "records/activities/accounting.yaml", "Fakturering og regnskap", "Fakturering og bokføring")
    done = run_privacy("check", "--since", "HEAD", cwd=git_project)
    assert done.returncode == 1
    assert "internal error" not in done.stderr and done.stderr == ""
    assert "records/statement.yaml:" in done.stdout


def test_a_committed_name_that_is_not_utf8_blocks_nothing(git_project: Path) -> None:
    odd = os.fsencode(git_project / "records/activities") + b"/caf\xe9.yaml"
    with open(odd, "wb") as handle:
        handle.write(b"name: x\n")
    git(git_project, "add", "-A")
    git(git_project, "commit", "-qm", "odd name")
    edit(git_project, "records/activities/accounting.yaml", "Fakturering og regnskap", "Fakturering og bokføring")
    diff = run_privacy("diff", "HEAD", "--format", "json", cwd=git_project)
    assert diff.returncode == 0, diff.stderr
    assert ("Activity 'accounting': name (nb) changed: 'Fakturering og regnskap' → "
            "'Fakturering og bokføring'") in json.loads(diff.stdout)["changes"]
    since = run_privacy("check", "--since", "HEAD", cwd=git_project)
    assert since.returncode == 1 and since.stderr == ""
    assert "records/activities/caf\\udce9.yaml:1:1: error [file-name]" in since.stdout
    assert "error [statement-version]" in since.stdout


def test_history_applies_the_size_limit_of_the_working_tree(git_project: Path) -> None:
    big = git_project / "records/activities/big.yaml"
    big.write_text("name: {nb: x, en: x}\n# " + "x" * (1024 * 1024) + "\n", "utf-8")
    git(git_project, "add", "-A")
    git(git_project, "commit", "-qm", "big")
    check = run_privacy("check", "records/activities/big.yaml", cwd=git_project)
    assert "records/activities/big.yaml:1:1: error [yaml-too-large]" in check.stdout
    big.unlink()
    diff = run_privacy("diff", "HEAD", "--format", "json", cwd=git_project)
    assert diff.returncode == 0
    # Unreadable at HEAD, as in the working tree: its content is never loaded or compared.
    assert "Activity 'big' removed" in json.loads(diff.stdout)["changes"]
    assert "x" * 200 not in diff.stdout


# --- property: one line per finding, whatever a value holds ---------------------------------

@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(question=st.text(min_size=1, max_size=40), key=st.text(min_size=1, max_size=12))
def test_text_output_is_one_line_per_finding_plus_the_summary(tmp_path_factory: pytest.TempPathFactory,
                                                              question: str, key: str) -> None:
    root = tmp_path_factory.mktemp("prop") / "project"
    shutil.copytree(MINIMAL, root)
    # json.dumps gives a valid YAML double-quoted scalar, escapes and all.
    edit(root, ORGANISATION, 'organisation_number: "999999999"',
         f"organisation_number: {{open_question: {json.dumps(question)}, owner: CFO}}")
    edit(root, ORGANISATION, "  appointed: false", f"  appointed: false\n  {json.dumps(key)}: 1")
    _, result = check_project(root)
    for fmt in ("text", "github"):
        lines = REPORTERS[fmt](result, strict=False).split("\n")
        assert lines[-1] == ""
        assert len(lines[:-1]) == len(result.findings) + 1
        assert not any(ch in line for line in lines for ch in "\r\x1b\x85\u2028\u2029\u202e")
