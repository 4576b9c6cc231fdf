"""``privacy diff`` in readers' words: each changed place of the pages, before and after.

The sentences are the rendered pages' own lines (``render.pages.statement_pages`` on
each revision's public view), so every "before" line must stand in the page rendered
from the old records and every "after" line in the page ``privacy render`` writes now.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from privacy_as_code.history import _words_of
from tests.conftest import edit, git, run_privacy

NEWSLETTER = Path("records/activities/newsletter.yaml")
ACCOUNTING = Path("records/activities/accounting.yaml")
VOCABULARY = Path("records/vocabulary.yaml")


def pages(root: Path, lang: str) -> str:
    """Every statement page ``privacy render`` writes for the working tree, in ``lang``."""
    done = run_privacy("render", "--force", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    return "\n".join(p.read_text("utf-8") for p in sorted((root / "docs" / lang).rglob("*.md")))


def changes(root: Path, lang: str) -> list[dict]:
    done = run_privacy("diff", "HEAD", "--format", "json", "--lang", lang, cwd=root)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["pages"][lang]


def assert_rendered(repo: Path, lang: str) -> list[dict]:
    """The changes in ``lang``: each after-line is on the new page, each before-line on the old."""
    found = changes(repo, lang)
    assert found
    new = pages(repo, lang)
    git(repo, "stash", "-q")
    old = pages(repo, lang)
    git(repo, "checkout", "-q", "--", ".")
    git(repo, "stash", "pop", "-q")
    for change in found:
        assert all(line in new for line in change["after"]), change
        assert all(line in old for line in change["before"]), change
    return found


def where(found: list[dict], page: str, label: str) -> dict:
    hits = [c for c in found if c["page"] == page and c["section"][-1] == label]
    assert len(hits) == 1, found
    return hits[0]


def test_a_new_retention_event_shows_both_sentences(repo: Path) -> None:
    edit(repo, VOCABULARY, "  end_of_financial_year:",
         "  invoice_paid:\n    after: {nb: etter at fakturaen er betalt, en: after the invoice is paid}\n"
         "  end_of_financial_year:")
    edit(repo, ACCOUNTING, "from: end_of_financial_year", "from: invoice_paid")
    found = assert_rendered(repo, "en")
    change = where(found, "situations/clients.md", "How long we keep it")
    assert change["before"] == [("- 5 years after the end of the financial year, then we delete it. "
                                "The law (bokføringsloven § 13) requires us to keep it at least this "
                                "long.")]
    assert change["after"] == [("- 5 years after the invoice is paid, then we delete it. The law "
                               "(bokføringsloven § 13) requires us to keep it at least this long.")]
    # One page per situation (issue 11): its heading, then the activity's.
    assert change["section"][0:2] == ["You are a client", "Invoicing and accounting"]


def test_a_new_period_in_norwegian(repo: Path) -> None:
    edit(repo, NEWSLETTER, "period: P0D", "period: P30D")
    found = assert_rendered(repo, "nb")
    change = where(found, "situations/subscribers.md", "Hvor lenge vi lagrer dem")
    assert change["before"] == ["- Opplysningene slettes straks etter at du trekker samtykket tilbake."]
    assert change["after"] == ["- 30 dager etter at du trekker samtykket tilbake, så sletter vi dem."]
    text = run_privacy("diff", "HEAD", "--lang", "nb", cwd=repo).stdout
    assert ("  - before: Opplysningene slettes straks etter at du trekker samtykket tilbake.\n"
            "  + after:  30 dager etter at du trekker samtykket tilbake, så sletter vi dem.\n") in text
    assert "P30D" not in text and "retention" not in text  # no keys outside --format json


def test_a_new_recipient(repo: Path) -> None:
    edit(repo, NEWSLETTER, "recipients: [mail_service]", "recipients: [mail_service, accounting_system]")
    found = assert_rendered(repo, "en")
    change = where(found, "situations/subscribers.md", "Who receives it")
    assert change["before"] == [("**Who receives it:** [E-mail service](../recipients.md#mail-service) "
                                "(processor, Norway).")]
    assert change["after"] == [("**Who receives it:** [E-mail service](../recipients.md#mail-service) "
                               "(processor, Norway) and [Accounting system](../recipients.md#accounting-system) "
                               "(processor, Norway).")]
    # the recipients page names the new user of the accounting system
    assert where(found, "recipients.md", "Accounting system")["after"] == [
        # A comma before the last item, since an item holds "and" itself (issue 11).
        "- **Receives data from:** Invoicing and accounting, and Newsletter"]
    text = run_privacy("diff", "HEAD", "--lang", "en", cwd=repo).stdout
    assert ("  + after:  Who receives it: E-mail service (processor, Norway) and Accounting "
            "system (processor, Norway).") in text  # link targets are not words


def test_a_removed_purpose(repo: Path) -> None:
    edit(repo, ACCOUNTING, "  - id: invoicing\n    text: {nb: Fakturere kunder., en: Invoice clients.}\n", "")
    edit(repo, ACCOUNTING, "  - basis: contract\n    purposes: [invoicing]\n", "")
    found = assert_rendered(repo, "en")
    change = where(found, "situations/clients.md", "Why, and on which lawful basis")
    assert change["after"] == []
    assert change["before"][0] == "- Invoice clients."


def test_a_proposed_value_confirmed(repo: Path) -> None:
    edit(repo, NEWSLETTER, "period: P0D",
         "period: {proposed: P1M, open_question: Is one month enough?, owner: CTO}")
    git(repo, "commit", "-q", "-am", "proposal")
    edit(repo, NEWSLETTER, "period: {proposed: P1M, open_question: Is one month enough?, owner: CTO}",
         "period: P1M")
    found = assert_rendered(repo, "en")
    change = where(found, "situations/subscribers.md", "How long we keep it")
    assert change["before"] == [("- 1 month after you withdraw consent (*proposed, not yet confirmed*), "
                                "then we delete it.")]
    assert change["after"] == ["- 1 month after you withdraw consent, then we delete it."]
    md = run_privacy("diff", "HEAD", "--lang", "en", "--format", "markdown", cwd=repo).stdout
    assert md.startswith("## Public changes in the privacy statement between HEAD and the working tree")
    assert ("> - 1 month after you withdraw consent (*proposed, not yet confirmed*), then we "
            "delete it.  ") in md
    assert "Is one month enough" not in md  # the question's wording is never public


def test_both_languages_on_request_and_keys_only_in_json(repo: Path) -> None:
    edit(repo, NEWSLETTER, "period: P0D", "period: P30D")
    both = run_privacy("diff", "HEAD", "--lang", "both", cwd=repo).stdout
    assert "== Norsk bokmål ==" in both and "== English ==" in both
    assert "30 days after you withdraw consent" in both and "30 dager etter" in both
    data = json.loads(run_privacy("diff", "HEAD", "--format", "json", cwd=repo).stdout)
    assert data["changes"] == [("Activity 'newsletter': retention 1 period changed: 'P0D' "
                               "(immediately) → 'P30D' (30 days)")]
    assert list(data["pages"]) == ["nb"]  # the main language unless asked
    env_lang = run_privacy("diff", "HEAD", cwd=repo,
                           env={"PATH": "/usr/bin:/bin", "PRIVACY_LANG": "en"}).stdout
    assert "30 days after" in env_lang and "30 dager" not in env_lang


def test_changes_the_pages_do_not_show_are_said_to_be_in_the_records_only(repo: Path) -> None:
    edit(repo, VOCABULARY, "  end_of_financial_year:",
         "  unused_event:\n    after: {nb: etter noe, en: after something}\n  end_of_financial_year:")
    text = run_privacy("diff", "HEAD", cwd=repo).stdout
    assert "The pages read the same: the changes are in records/ only" in text
    assert text.rstrip().endswith("0 changed places on the pages. Internal fields, open questions' "
                                  "wording and DPA references are not public and not compared.")


def test_a_revision_whose_pages_cannot_be_rendered_is_said_so(repo: Path) -> None:
    edit(repo, Path("records/statement.yaml"), "activities: [accounting]",
         "activities: [accounting, nowhere]")
    git(repo, "commit", "-q", "-am", "broken audience")
    edit(repo, Path("records/statement.yaml"), "activities: [accounting, nowhere]",
         "activities: [accounting]")
    done = run_privacy("diff", "HEAD", cwd=repo)
    assert done.returncode == 0 and done.stderr == ""
    assert "The pages cannot be rendered at one of the revisions: at HEAD, statement.yaml " \
           "audiences name activities that do not exist: clients -> nowhere" in done.stdout


@pytest.mark.parametrize(("line", "plain"), [
    ("- [Mail](recipients.md#mail) (processor, Norway)", "Mail (processor, Norway)"),
    ("**Not yet confirmed** (the period runs after x)", "Not yet confirmed (the period runs after x)"),
    ("A \\*starred\\* \\[text\\] &lt;b&gt; &#124;", "A *starred* [text] <b> |"),
])
def test_page_lines_in_plain_words(line: str, plain: str) -> None:
    assert _words_of(line, markdown=False) == plain


@pytest.mark.parametrize(("line", "shown"), [
    ("## Hva gjelder deg? {#situations}", "**Hva gjelder deg?**"),  # not a heading in a quote
    ("### Why, and on which lawful basis", "**Why, and on which lawful basis**"),
    ("- [Mail](recipients.md#mail) (processor)", "- Mail (processor)"),
    ("#hashtag is no heading", "#hashtag is no heading"),
])
def test_page_lines_in_a_pull_request_comment(line: str, shown: str) -> None:
    assert _words_of(line, markdown=True) == shown


@pytest.mark.parametrize(("path", "key"), [
    (NEWSLETTER, "retention"), (NEWSLETTER, "purposes"), (NEWSLETTER, "legal_basis"),
    (NEWSLETTER, "sources"), (Path("records/statement.yaml"), "audiences"),
])
def test_a_list_of_the_wrong_shape_is_reported_never_a_crash(repo: Path, path: Path, key: str) -> None:
    # Records at a revision need not pass the schemas; the public view never raises on data.
    edit(repo, path, f"\n{key}:", f"\n{key}: 5\nold_{key}:")
    done = run_privacy("diff", "HEAD", "--lang", "both", cwd=repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "internal error" not in done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("privacy diff: 1 public change in records/")
