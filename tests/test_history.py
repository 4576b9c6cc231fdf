"""``privacy diff`` and ``privacy check --since``: public changes need a new version."""

from __future__ import annotations

import json
from pathlib import Path

from privacy_as_code.history import public_view
from privacy_as_code.public import OPEN
from tests.conftest import edit, git, run_privacy

NEWSLETTER = Path("records/activities/newsletter.yaml")
STATEMENT = Path("records/statement.yaml")


def change_purpose(root: Path) -> None:
    edit(root, NEWSLETTER, "en: Send newsletters to subscribers.}",
         "en: Send newsletters with articles and invitations to subscribers.}")


def bump_version(root: Path) -> None:
    edit(root, STATEMENT, 'version: "1.1"\neffective_date: "2026-12-01"',
         'version: "1.2"\neffective_date: "2027-01-15"')
    edit(root, STATEMENT, "changelog:\n",
         'changelog:\n  - version: "1.2"\n    date: "2027-01-15"\n'
         "    changes: {nb: Nyhetsbrevet har fått et tydeligere formål., "
         "en: The newsletter's purpose is clearer.}\n")


def test_public_change_without_a_new_version_fails(repo: Path) -> None:
    change_purpose(repo)
    assert run_privacy("check", cwd=repo).returncode == 0
    done = run_privacy("check", "--since", "HEAD", cwd=repo)
    assert done.returncode == 1
    line = done.stdout.splitlines()[0]
    assert line.startswith("records/statement.yaml:2:1: error [statement-version] "
                           "the public statement changed since HEAD (Activity 'newsletter': "
                           "purpose 'send' text (en) changed")
    assert "'version' (still '1.1'), 'effective_date' (still 2026-12-01) and a new change-log " \
           "entry were not updated" in line
    assert "'privacy diff HEAD'" in line


def test_a_committed_change_without_a_new_version_fails_since_the_previous_commit(
    repo: Path,
) -> None:
    change_purpose(repo)
    git(repo, "commit", "-q", "-am", "clearer newsletter purpose")
    assert run_privacy("check", "--since", "HEAD~1", cwd=repo).returncode == 1
    bump_version(repo)
    git(repo, "commit", "-q", "-am", "version 1.2")
    assert run_privacy("check", "--since", "HEAD~2", cwd=repo).returncode == 0


def test_bumping_version_date_and_changelog_passes(repo: Path) -> None:
    change_purpose(repo)
    bump_version(repo)
    done = run_privacy("check", "--since", "HEAD", cwd=repo)
    assert done.returncode == 0, done.stdout


def test_a_partial_bump_names_what_is_missing(repo: Path) -> None:
    change_purpose(repo)
    edit(repo, STATEMENT, 'version: "1.1"', 'version: "1.2"')
    done = run_privacy("check", "--since", "HEAD", cwd=repo)
    assert done.returncode == 1
    assert "'effective_date' (still 2026-12-01) and a new change-log entry were not updated" \
        in done.stdout


def test_internal_changes_need_no_new_version(repo: Path) -> None:
    edit(repo, NEWSLETTER, "direct_marketing: true",
         "direct_marketing: true\ninternal:\n  security_measures: [Two-factor login.]\n"
         "  owner: CTO\nopen_questions:\n  - question: Which tool sends it?\n    owner: CTO")
    edit(repo, Path("records/recipients.yaml"), "dpa: DPA-2026-01", "dpa: DPA-2027-07")
    done = run_privacy("check", "--since", "HEAD", cwd=repo)
    assert done.returncode == 0, done.stdout  # the new open question is only a warning
    assert "[statement-version]" not in done.stdout
    diff = run_privacy("diff", "HEAD", cwd=repo)
    assert diff.returncode == 0
    assert diff.stdout == "privacy diff: no public changes in records/ between HEAD and the working tree\n"


def test_open_questions_compare_by_being_open(repo: Path) -> None:
    edit(repo, NEWSLETTER, "transfers: none",
         "transfers:\n  open_question: Does the tool store data in the US?")
    git(repo, "commit", "-q", "-am", "transfers unknown")
    edit(repo, NEWSLETTER, "Does the tool store data in the US?",
         "Where does the mail service store data?")
    assert "no public changes" in run_privacy("diff", "HEAD", cwd=repo).stdout
    edit(repo, NEWSLETTER, "transfers:\n  open_question: Where does the mail service store data?",
         "transfers: none")
    report = json.loads(run_privacy("diff", "HEAD", "--format", "json", cwd=repo).stdout)
    assert report["changes"] == ["Activity 'newsletter': transfers changed: (open question) → 'none'"]


def test_diff_reports_changes_readably(repo: Path) -> None:
    change_purpose(repo)
    edit(repo, NEWSLETTER, "period: P0D", "period: P30D")
    edit(repo, NEWSLETTER, "recipients: [mail_service]", "recipients: [mail_service, accounting_system]")
    (repo / "records" / "activities" / "accounting.yaml").unlink()
    edit(repo, STATEMENT, "activities: [accounting]", "activities: [newsletter]")
    bump_version(repo)
    done = run_privacy("diff", "HEAD", "--format", "json", cwd=repo)
    assert done.returncode == 0
    report = json.loads(done.stdout)
    assert (report["from"], report["to"]) == ("HEAD", "the working tree")
    lines = report["changes"]
    assert ("Activity 'newsletter': purpose 'send' text (en) changed: "
            "'Send newsletters to subscribers.' → "
            "'Send newsletters with articles and invitations to subscribers.'") in lines
    assert ("Activity 'newsletter': retention 1 period changed: 'P0D' (immediately) → "
            "'P30D' (30 days)") in lines
    assert "Activity 'newsletter': recipients added: 'accounting_system'" in lines
    assert "Activity 'accounting' removed" in lines
    assert ("Statement: audience 'clients' activities added: 'newsletter'") in lines
    assert "Statement: audience 'clients' activities removed: 'accounting'" in lines
    assert len(lines) == 6
    assert report["release"][0] == "Statement: version changed: '1.1' → '1.2'"
    text = run_privacy("diff", "HEAD", cwd=repo).stdout.splitlines()
    assert text[0] == ("Public changes in the privacy statement between HEAD and the working tree, "
                       "as the pages say them:")
    assert text[-1].startswith("privacy diff: 6 public changes in records/ (plus version, date or "
                               "change log), ")


def test_diff_between_two_revisions(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD").strip()
    change_purpose(repo)
    bump_version(repo)
    git(repo, "commit", "-q", "-am", "clearer purpose")
    (repo / NEWSLETTER).write_text("broken: [", "utf-8")  # the working tree is not compared
    done = run_privacy("diff", first, "HEAD", cwd=repo)
    assert done.returncode == 0
    assert f"between {first} and HEAD" in done.stdout
    assert "  + after:  Sende nyhetsbrev til deg som har meldt deg på." not in done.stdout
    assert "Send newsletters with articles and invitations to subscribers." in run_privacy(
        "diff", first, "HEAD", "--lang", "en", cwd=repo).stdout
    assert run_privacy("diff", "HEAD", "HEAD", cwd=repo).stdout.startswith(
        "privacy diff: no public changes")


def test_unknown_revision_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    for args in (["diff", "no-such-branch"], ["check", "--since", "no-such-branch"]):
        done = run_privacy(*args, cwd=repo)
        assert done.returncode == 2
        assert "'no-such-branch' is not a revision" in done.stderr
        assert "Traceback" not in done.stderr


def test_not_a_git_repository(minimal_root: Path) -> None:
    done = run_privacy("diff", "HEAD", cwd=minimal_root)
    assert done.returncode == 2 and "is not a revision" in done.stderr


def test_public_view_leaves_out_what_is_never_published() -> None:
    records = {
        "organisation": {"controller": {"legal_name": "X AS"}, "internal_owner": {"role": "CTO"},
                         "open_questions": [{"question": "q"}]},
        "statement": {"version": "1.0", "effective_date": "2026-01-01", "changelog": [],
                      "intro": {"nb": "a", "en": "b"}},
        "recipients": {"recipients": {"mail": {"name": "M", "dpa": "DPA-1",
                                               "vendor": {"open_question": "who?"}}}},
        "vocabulary": {},
        "activities": {"a": {"name": "A", "internal": {"owner": "CTO"}, "open_questions": [],
                             "transfers": [{"country": "US", "documentation": "DOC-1"}]}},
    }
    view = public_view(records)
    assert view["organisation"] == {"controller": {"legal_name": "X AS"}}
    assert view["statement"] == {"intro": {"nb": "a", "en": "b"}}
    assert view["release"]["version"] == "1.0"
    assert view["recipients"] == {"mail": {"name": "M", "vendor": OPEN}}
    assert view["activities"]["a"] == {"name": "A", "transfers": [{"country": "US"}]}
