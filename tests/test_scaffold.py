"""``privacy new activity ID``: a file that fails the check until a lawyer fills it in."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import run_privacy

NEW = "records/activities/job-fair.yaml"


def test_scaffold_fails_the_check_with_guiding_findings(minimal_root: Path) -> None:
    done = run_privacy("new", "activity", "job-fair", cwd=minimal_root)
    assert done.returncode == 0, done.stderr
    assert f"created {NEW}" in done.stdout
    assert "records/statement.yaml" in done.stdout and "audience" in done.stdout
    text = (minimal_root / NEW).read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/activity.schema.json\n")

    check = run_privacy("check", "--warnings", cwd=minimal_root)
    assert check.returncode == 1
    ours = [line for line in check.stdout.splitlines() if line.startswith(NEW)]
    rules = {line.split("[", 1)[1].split("]", 1)[0] for line in ours}
    assert {"purposes-required", "legal-basis-required", "retention-required",
            "data-subjects-required", "data-categories-required", "source-declared",
            "recipients-declared", "automated-decisions-declared", "references-exist"} <= rules
    assert any("'purposes' is empty: every activity needs at least one purpose" in line
               for line in ours)
    assert not [line for line in check.stdout.splitlines()[:-1] if not line.startswith(NEW)]
    # One finding per unanswered required field (plus the audience it still lacks and the
    # open question about transfers): the same problems the editor shows (tests/test_lsp.py).
    assert len(ours) == 11, ours
    assert sum("[open-question]" in line for line in ours) == 1


def test_in_norwegian_the_comments_change_and_nothing_else(minimal_root: Path) -> None:
    """--lang nb (or PRIVACY_LANG=nb) writes the guiding comments and the open question in
    Norwegian; the keys, placeholders and so the findings are those of the English file."""
    assert run_privacy("new", "activity", "job-fair", cwd=minimal_root).returncode == 0
    english = (minimal_root / NEW).read_text("utf-8")
    english_findings = _findings_of_new(minimal_root)
    (minimal_root / NEW).unlink()
    env = {**os.environ, "PRIVACY_LANG": "nb"}
    assert run_privacy("new", "activity", "job-fair", cwd=minimal_root, env=env).returncode == 0
    norwegian = (minimal_root / NEW).read_text("utf-8")
    assert "# Behandlingsgrunnlaget etter art. 6 nr. 1 for hvert formål" in norwegian
    assert "The lawful basis" not in norwegian and "Overføres disse opplysningene" in norwegian

    def keys(text: str) -> list[str]:
        return [line for line in text.splitlines()
                if line and not line.lstrip().startswith(("#", "open_question:"))]

    assert keys(norwegian) == keys(english)
    assert _findings_of_new(minimal_root) == english_findings


def _findings_of_new(root: Path) -> list[tuple[str, str]]:
    """Each finding ``privacy check`` reports in the new file: its rule, and the key of the line
    it points at (the comments above differ in length between languages; the YAML does not)."""
    text = (root / NEW).read_text("utf-8").splitlines()
    found = []
    for line in run_privacy("check", "--warnings", cwd=root).stdout.splitlines():
        if line.startswith(f"{NEW}:"):
            number = int(line.split(":")[1])
            found.append((line.split("]", 1)[0].rsplit("[", 1)[1], text[number - 1].split(":")[0]))
    return sorted(found)


def test_filled_in_from_an_example_it_passes(minimal_root: Path) -> None:
    assert run_privacy("new", "activity", "job-fair", cwd=minimal_root).returncode == 0
    path = minimal_root / NEW
    text = path.read_text("utf-8")
    answers = {
        "name: TODO": "name: {nb: Jobbmesse, en: Job fair}",
        '#   summary: {nb: "...", en: "..."}':
            "summary: {nb: Vi registrerer deg på jobbmessen., en: We register you for the job fair.}",
        "data_subjects: []": "data_subjects: [subscribers]",
        "data_categories: []": "data_categories: [contact_details]",
        "purposes: []": "purposes:\n  - id: register\n"
                        "    text: {nb: Registrere påmeldingen., en: Record the registration.}",
        "legal_basis: []": "legal_basis:\n  - basis: consent\n"
                           "    withdrawal: {nb: Send oss en e-post., en: Send us an e-mail.}",
        "retention: []": "retention:\n  - {period: P0D, from: consent_withdrawn, then: delete}",
        "sources: []": "sources:\n  - kind: data_subject",
        "recipients: TODO": "recipients: [mail_service]",
        "automated_decisions: TODO": "automated_decisions: none",
    }
    for placeholder, answer in answers.items():
        assert placeholder in text, placeholder
        text = text.replace(placeholder, answer)
    # The open question about transfers is answered: none leave the EEA.
    text, answered = re.subn(r"transfers:\n  open_question: .*\n  owner: CTO\n", "transfers: none\n",
                             text)
    assert answered == 1
    path.write_text(text, "utf-8")
    statement = minimal_root / "records" / "statement.yaml"
    statement.write_text(statement.read_text("utf-8").replace(
        "activities: [newsletter]", "activities: [newsletter, job-fair]"), "utf-8")
    check = run_privacy("check", cwd=minimal_root)
    assert check.returncode == 0, check.stdout


def test_never_overwrites(minimal_root: Path) -> None:
    path = minimal_root / "records" / "activities" / "newsletter.yaml"
    before = path.read_bytes()
    done = run_privacy("new", "activity", "newsletter", cwd=minimal_root)
    assert done.returncode == 2
    assert "already exists" in done.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("bad", ["Job-Fair", "job fair", "../escape", "1st", "job_", "jobb.yaml", ""])
def test_rejects_bad_ids(minimal_root: Path, bad: str) -> None:
    done = run_privacy("new", "activity", bad, cwd=minimal_root)
    assert done.returncode == 2, done.stdout
    assert "not a valid activity id" in done.stderr
    assert sorted(p.name for p in (minimal_root / "records" / "activities").iterdir()) == [
        "accounting.yaml", "newsletter.yaml"]


def test_root_option(minimal_root: Path) -> None:
    done = run_privacy("new", "activity", "events", "--root", str(minimal_root))
    assert done.returncode == 0, done.stderr
    assert (minimal_root / "records" / "activities" / "events.yaml").is_file()
    assert run_privacy("new", "activity", "x", "--root", str(minimal_root / "nope")).returncode == 2
