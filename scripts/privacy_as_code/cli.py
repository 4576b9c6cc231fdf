"""The ``privacy`` command: parses arguments, calls the core, prints, exits.

Exit codes: 0 clean, 1 findings that fail the gate (errors, or warnings with
``--strict``), 2 usage or I/O problems.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from privacy_as_code import __version__
from privacy_as_code.checker import check_project, not_records
from privacy_as_code.findings import Finding, say
from privacy_as_code.i18n import Words, languages, words
from privacy_as_code.output import IOProblem, reason_of
from privacy_as_code.paths import display_path
from privacy_as_code.report import REPORTERS, printable
from privacy_as_code.schemas import SchemaError

if TYPE_CHECKING:  # the outputs' modules load Jinja2 and more; 'check' needs none of it
    from privacy_as_code.render import RenderOutcome
    from privacy_as_code.ropa import ExportOutcome
    from privacy_as_code.site import BuildOutcome

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A problem with how the command was called (exit 2)."""


def _root(value: str) -> Path:
    """The project folder: ``--root``, or by default the working directory or, as git finds
    its repository, the nearest folder above it holding ``records/`` (an editor's terminal
    often opens in ``records/activities``)."""
    root = Path(value)
    if (root / "records").is_dir():
        return root
    if value == ".":
        here = Path.cwd()
        for steps, folder in enumerate(here.parents, 1):
            if (folder / "records").is_dir():
                return Path(*[os.pardir] * steps)
        raise UsageError(f"no records/ folder in {printable(str(here))} or any folder above it "
                         "(use --root to point at the project)")
    raise UsageError(f"{printable(value)}: no records/ folder here (use --root to point at the project)")


def _paths(root: Path, given: Sequence[str]) -> list[Path] | None:
    """The PATHs of ``check``, each one a record file of the project (else a usage error)."""
    if not given:
        return None
    missing = [p for p in given if not Path(p).is_file()]
    if missing:
        raise UsageError(f"no such file: {', '.join(missing)}")
    strangers = not_records(root, [Path(p) for p in given])
    if strangers:
        raise UsageError(f"not a record file of the project in {root}: "
                         f"{', '.join(str(p) for p in strangers)} (record files are "
                         "records/<kind>.yaml and records/activities/<id>.yaml)")
    return [Path(p) for p in given]


def _words(lang: str | None) -> Words:
    """The language findings are worded in: ``--lang``, else ``PRIVACY_LANG``, else English.

    An unknown ``PRIVACY_LANG`` is a usage error naming the known languages.
    """
    chosen = lang or os.environ.get("PRIVACY_LANG") or "en"
    try:
        return words(chosen)
    except ValueError as exc:
        raise UsageError(f"PRIVACY_LANG: {exc}") from None


def cmd_check(args: argparse.Namespace) -> int:
    root = _root(args.root)
    only = _paths(root, args.paths)
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    project, result = check_project(root, only)
    _keep_until_exit(project, result)
    if args.since:
        from privacy_as_code.history import HistoryError, check_since

        try:
            result = check_since(root, args.since, project, result, only)
        except HistoryError as exc:
            raise UsageError(str(exc)) from None
    verdict = EXIT_FAILED if result.failed(strict=args.strict) else EXIT_OK
    try:
        sys.stdout.write(REPORTERS[fmt](result, strict=args.strict, words=_words(args.lang),
                                        warnings=args.warnings))
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left (``privacy check | head``): the verdict stands
        _discard_stdout()
    return verdict


def cmd_questions(args: argparse.Namespace) -> int:
    from privacy_as_code.checker import gate
    from privacy_as_code.questions import WRITERS, collect, owners

    root = _root(args.root)
    only = _paths(root, args.paths)
    project, errors = gate(root)
    if errors:
        print(_blocked(errors, "privacy questions", "listed"))
        return EXIT_FAILED
    found = collect(project, args.lang, args.owner, only)
    if args.owner is not None and not found:
        named = owners(collect(project, args.lang))
        print(f"privacy questions: no open questions for owner {printable(args.owner)!r}; "
              f"owners named: {printable(', '.join(o for o in named if o)) or 'none'}",
              file=sys.stderr)
    listing = WRITERS[args.format](found, words(args.lang))
    sys.stdout.flush()
    if isinstance(listing, bytes):
        sys.stdout.buffer.write(listing)
    else:
        sys.stdout.write(listing)
    return EXIT_OK


def _blocked(errors: Sequence[Finding], command: str, nothing: str,
             words: Words | None = None) -> str:
    """The errors that stop ``command``, then one line saying so; ``nothing`` is the key
    of what was not made (``outcome.nothing-*``). Worded in ``words``' language (default:
    ``PRIVACY_LANG``, else English), like ``privacy check``'s own lines."""
    words = words or _words(None)
    lines = [f.line_in(words) for f in errors]
    lines.append(say(words, f"outcome.blocked-{'one' if len(errors) == 1 else 'many'}",
                     {"command": command, "count": len(errors),
                      "nothing": say(words, f"outcome.nothing-{nothing}")}.items()))
    return "\n".join(lines)


def _shown_diff(diff: str) -> str:
    """A diff with each line's control characters escaped (a hand edit may hold anything)."""
    return "\n".join(printable(part) for part in diff.split("\n"))


def word_render(outcome: RenderOutcome, *, check: bool = False) -> tuple[int, str]:
    """The exit code and the text for a render outcome."""
    from privacy_as_code.render import RenderStatus

    status, shown = outcome.status, display_path(outcome.docs)
    command = "render --check" if check else "render"
    if status is RenderStatus.BLOCKED:
        return EXIT_FAILED, _blocked(outcome.errors, "render", "rendered")
    if status is RenderStatus.UNRENDERABLE:
        return EXIT_FAILED, f"render: {outcome.problem}"
    if status is RenderStatus.UP_TO_DATE:
        return EXIT_OK, f"{command}: {outcome.pages} pages in {shown} are up to date"
    if status is RenderStatus.STALE:
        names = ", ".join(sorted([*outcome.written, *outcome.removed]))
        text = _shown_diff(outcome.diff) + say(_words(None), "outcome.stale",
                                               {"docs": shown, "names": names}.items())
        if outcome.hand_edited:
            text += ("\nrender --check: edited by hand (the change is lost on the next render; "
                     "move it into records/): " + ", ".join(outcome.hand_edited))
        return EXIT_FAILED, text
    if status is RenderStatus.HAND_EDITED:
        lines = [f"{shown}/{rel}: edited by hand since 'privacy render' wrote it; not overwritten"
                 for rel in outcome.hand_edited]
        lines.append("render: refusing to overwrite hand edits. Move the change into records/ "
                     "(the pages are generated from them), then run 'privacy render --force'. "
                     "The difference:")
        return EXIT_FAILED, "\n".join(lines) + "\n" + _shown_diff(outcome.diff).rstrip("\n")
    done = [f"wrote {shown}/{rel}" for rel in outcome.written]
    done += [f"removed {shown}/{rel}" for rel in outcome.removed]
    forced = (f" (overwrote hand edits in {', '.join(outcome.hand_edited)})"
              if outcome.hand_edited else "")
    return EXIT_OK, "\n".join(done) + f"\nrender: {len(done)} page(s) updated{forced}"


def word_build(outcome: BuildOutcome) -> tuple[int, str]:
    """The exit code and the text for a build outcome."""
    from privacy_as_code.render import RenderStatus
    from privacy_as_code.site import BuildStatus, builds, readability_summary

    if outcome.status is BuildStatus.NO_SITE_EXTRA:
        return EXIT_USAGE, outcome.log
    messages = []
    if outcome.render is not None:
        code, text = word_render(outcome.render)
        messages.append(text)
        if outcome.status is BuildStatus.RENDER_FAILED:
            if outcome.render.status is RenderStatus.BLOCKED:
                messages = [_blocked(outcome.render.errors, "privacy build", "built")]
            return code or EXIT_FAILED, "\n".join(messages)
    if outcome.log:
        messages.append(outcome.log)
    site = display_path(outcome.site_dir)
    if outcome.status is BuildStatus.MKDOCS_FAILED:
        messages.append(f"build: mkdocs build --strict -f {outcome.config} failed "
                        f"(exit {outcome.mkdocs_exit})")
        return EXIT_FAILED, "\n".join(messages)
    if outcome.status is BuildStatus.EXTERNAL_ASSETS:
        messages += [f"{site}/{path}: external asset {url}" for path, url in outcome.leaks]
        messages.append("build: the site would load files from other servers; remove them")
        return EXIT_FAILED, "\n".join(messages)
    if outcome.readability:
        messages.append(readability_summary(outcome.readability))
    where = ", ".join(f"{config} at /{target.relative_to(outcome.site_dir).as_posix()}/".replace("/./", "/")
                      for config, target in builds(outcome.site_dir))  # "/./": the root
    messages.append(f"build: site built in {site} ({where})")
    return EXIT_OK, "\n".join(messages)


def word_export(outcome: ExportOutcome) -> tuple[int, str]:
    """The exit code and the text (for standard error, or standard output when written)."""
    from privacy_as_code.ropa import ExportStatus

    if outcome.status is ExportStatus.BLOCKED:
        return EXIT_FAILED, _blocked(outcome.errors, "privacy export", "exported")
    note = (f"{outcome.activities} activities, {outcome.open_questions} open questions and "
            "proposals, each listed once")
    if outcome.target is None:
        return EXIT_OK, f"privacy export: {note}"
    also = (f" and its open questions to {display_path(outcome.questions_file)}"
            if outcome.questions_file is not None else "")
    return EXIT_OK, f"privacy export: wrote {display_path(outcome.target)}{also} ({note})"


def cmd_render(args: argparse.Namespace) -> int:
    from privacy_as_code.render import render

    code, text = word_render(render(_root(args.root), check=args.check, force=args.force),
                             check=args.check)
    print(text)
    return code


def cmd_build(args: argparse.Namespace) -> int:
    from privacy_as_code.site import build

    code, text = word_build(build(_root(args.root)))
    print(text)
    return code


def cmd_serve(args: argparse.Namespace) -> int:
    from privacy_as_code.preview import serve_and_follow
    from privacy_as_code.site import build, listen

    root = _root(args.root)
    server = listen(args.port)  # a taken port is reported before the build
    try:
        outcome = build(root)
        code, text = word_build(outcome)
        print(text, flush=True)
        if code:
            return code
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        from privacy_as_code.render.layout import SECTIONS

        addresses = "  ".join(f"{url}{section.served(lang)}" for section in SECTIONS
                              for lang in languages())
        print(f"serve: {addresses}  (watching records/; Ctrl-C stops)", flush=True)
    except BaseException:
        server.server_close()
        raise
    # Rebuilds on every save; open pages reload (preview.py).
    serve_and_follow(server, root, outcome.site_dir, lambda text: print(text, flush=True),
                     word_build)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from privacy_as_code.ropa import ExportStatus, export_record

    root = _root(args.root)
    suffixes = {".csv": "csv", ".xlsx": "xlsx", ".json": "json"}
    named = suffixes.get(Path(args.output).suffix.lower()) if args.output else None
    fmt = args.format or named
    if fmt is None:
        raise UsageError("choose --format csv, xlsx or json (or an -o FILE ending in one of them)")
    if named is not None and named != fmt:
        # A spreadsheet program opens a file by its name: CSV text named .xlsx does not open.
        raise UsageError(f"{printable(args.output)} ends in .{named} but --format is {fmt}: "
                         f"name the file .{fmt}, or leave out --format")
    if fmt == "xlsx" and not args.output:
        raise UsageError("--format xlsx writes a workbook: give the file with -o FILE.xlsx")
    if fmt == "csv" and not args.output:
        raise UsageError("--format csv writes two files, the record and its open questions "
                         "(FILE-questions.csv): give the file with -o FILE.csv")
    target = Path(args.output) if args.output else None
    outcome = export_record(root, fmt, lang=args.lang, target=target)
    code, text = word_export(outcome)
    if outcome.status is ExportStatus.READY:
        sys.stdout.flush()
        sys.stdout.buffer.write(outcome.data)
        sys.stdout.flush()
    print(text, file=sys.stdout if outcome.status is ExportStatus.WRITTEN else sys.stderr)
    return code


def cmd_new(args: argparse.Namespace) -> int:
    from privacy_as_code.scaffold import ScaffoldError, new_activity

    try:
        path = new_activity(_root(args.root), args.id, _words(args.lang))
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    print(f"created {display_path(path)}\n"
          f"Fill it in ('privacy check' lists what is missing, line by line), then add "
          f"'{args.id}' to the activities of an audience in "
          f"{Path(args.root) / 'records' / 'statement.yaml'} so the public page shows it.")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from privacy_as_code.newproject import InitError, init_project, update_schemas

    try:
        if args.update_schemas:
            changed = update_schemas(Path(args.dir or "."))
            print(f"privacy init: updated {', '.join(changed)}" if changed
                  else "privacy init: the project's schemas/ already matches this tool")
            return EXIT_OK
        if args.dir is None:
            raise UsageError("give the folder to create, e.g. privacy init my-privacy")
        files = init_project(Path(args.dir))
    except InitError as exc:
        raise UsageError(str(exc)) from None
    print(f"privacy init: created {args.dir} ({len(files)} files)\n"
          f"Next: cd {args.dir}, run 'privacy check' and answer its open questions "
          "(records/organisation.yaml first), then 'privacy build'.")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from privacy_as_code.history import HistoryError, diff

    langs = languages() if args.lang == "both" else (args.lang or _env_lang() or languages()[0],)
    try:
        result = diff(_root(args.root), args.rev, args.rev2, langs)
    except HistoryError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        import json

        # ASCII-escaped JSON: nothing from the records reaches the terminal raw.
        sys.stdout.write(json.dumps(result.as_json(), indent=2) + "\n")
        return EXIT_OK
    # Values from the records are quoted: a line break or escape in one must
    # not split a change over two lines or reach the terminal raw.
    report = result.report(markdown=args.format == "markdown")
    sys.stdout.write("\n".join(printable(x) for x in report.split("\n")))
    return EXIT_OK


def _env_lang() -> str | None:
    """``PRIVACY_LANG`` when it names a language of the catalogues."""
    lang = os.environ.get("PRIVACY_LANG", "")
    return lang if lang in languages() else None


def _port(value: str) -> int:
    """An argparse type: a TCP port, checked before anything is built."""
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port: use 1 to 65535 (0: any free port)")
    return port


def _add_root(command: argparse.ArgumentParser) -> None:
    command.add_argument("--root", default=".", help="project folder holding records/ (default: the "
                         "working directory or the nearest folder above it holding records/)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="privacy",
        description="Cloudberries' privacy statement and Art. 30 records as code.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check", help="validate records/ against the schemas and the legal rules",
        description="Validate the records: YAML, JSON Schema, then the legal rules. "
                    "Exit 0 when clean, 1 on errors (or warnings with --strict), 2 on usage errors.",
    )
    _add_root(check)
    check.add_argument("--format", choices=sorted(REPORTERS),
                       help="output format (default: text; github under GitHub Actions)")
    check.add_argument("--lang", choices=languages(), default=None,
                       help="language of the messages (default: PRIVACY_LANG from the "
                            "environment, else en); --format json keeps 'message' in English")
    check.add_argument("--strict", action="store_true",
                       help="warnings (such as open questions) fail too: the publishing gate")
    check.add_argument("--warnings", action="store_true",
                       help="show every warning on its own line (by default the text output "
                            "lists the errors, then one count line per kind of warning)")
    check.add_argument("--since", metavar="REV",
                       help="also fail when the public content changed since git revision REV "
                            "but version, effective_date and the change log were not updated")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="record files being changed (what pre-commit passes): the whole "
                            "project is still loaded, every error anywhere fails the run, "
                            "warnings are reported for these files only")
    check.set_defaults(handler=cmd_check)

    questions = commands.add_parser(
        "questions", help="list the open questions and proposals by owner, as a checklist",
        description="Every open question and proposal in the records (what privacy check "
                    "counts as open questions), grouped by owner, with file:line, the field in "
                    "words and the question. Refuses (exit 1) when privacy check finds errors.",
    )
    _add_root(questions)
    questions.add_argument("--owner", metavar="ROLE",
                           help="only this owner's questions, e.g. CTO (any case)")
    questions.add_argument("--format", choices=["text", "markdown", "csv"], default="text",
                           help="text (default), markdown (a checklist: - [ ] ...) or csv "
                                "(; separated, UTF-8 with BOM, for Excel)")
    questions.add_argument("--lang", choices=languages(), default=_env_lang() or languages()[0],
                           help="language of the field names and headings (default: "
                                f"$PRIVACY_LANG, else {languages()[0]})")
    questions.add_argument("paths", nargs="*", metavar="PATH",
                           help="only the questions in these record files")
    questions.set_defaults(handler=cmd_questions)

    render = commands.add_parser(
        "render", help="write the pages in docs/ (nb, en, guide/nb, guide/en) from records/",
        description="Render records/ into docs/nb and docs/en, and the editors' guide into "
                    "docs/guide/nb and docs/guide/en (Markdown, committed). Writes only "
                    "pages that changed, and refuses to overwrite a page edited by hand.",
    )
    _add_root(render)
    render.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 with a diff when docs/ is stale")
    render.add_argument("--force", action="store_true",
                        help="overwrite pages that were edited by hand")
    render.set_defaults(handler=cmd_render)

    build = commands.add_parser(
        "build", help="check, render and build the site (nb + en) into site/",
        description="privacy check, privacy render, then the strict MkDocs builds into site/: "
                    "the statement (nb at /, en at /en/) and the editors' guide (/guide/, "
                    "/guide/en/). Needs no network.",
    )
    _add_root(build)
    build.set_defaults(handler=cmd_build)

    serve = commands.add_parser(
        "serve", help="build the site, then serve it on 127.0.0.1",
        description="Build the site, then serve it (both languages, statement and editors' "
                    "guide) on 127.0.0.1 until Ctrl-C.",
    )
    _add_root(serve)
    serve.add_argument("--port", type=_port, default=8000, help="port on 127.0.0.1 (default: 8000)")
    serve.set_defaults(handler=cmd_serve)

    export = commands.add_parser(
        "export", help="export the Art. 30 record (internal fields included) as CSV, XLSX or JSON",
        description="Export the record of processing activities (GDPR Art. 30(1)), one row per "
                    "activity, internal fields included: never publish it. Refuses (exit 1) when "
                    "privacy check finds errors. Open questions and proposals are listed once "
                    "each (own sheet, or FILE-questions.csv); cells refer to them by number.",
    )
    export.add_argument("what", nargs="?", choices=["ropa"], default="ropa",
                        help="what to export: ropa (the Art. 30 record; the default)")
    export.add_argument("--format", choices=["csv", "xlsx", "json"],
                        help="csv (; separated, UTF-8 with BOM, for Excel), xlsx or json "
                             "(default: from the -o file's ending)")
    export.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE (atomically; csv also writes FILE-questions.csv); "
                             "json goes to stdout without it")
    export.add_argument("--lang", choices=languages(), default=_env_lang() or languages()[0],
                        help="language of the texts and labels (default: $PRIVACY_LANG, else "
                             f"{languages()[0]})")
    _add_root(export)
    export.set_defaults(handler=cmd_export)

    new = commands.add_parser(
        "new", help="create a new record file to fill in",
        description="Create records/activities/ID.yaml with every required key as a placeholder "
                    "that privacy check rejects until it is filled in. Never overwrites a file.",
    )
    new.add_argument("kind", choices=["activity"], help="what to create: activity")
    new.add_argument("id", help="the activity id and file name: lower-case letters, digits, - and _")
    new.add_argument("--lang", choices=languages(), default=None,
                     help="the language of the file's comments (default: PRIVACY_LANG, else en)")
    _add_root(new)
    new.set_defaults(handler=cmd_new)

    init = commands.add_parser(
        "init", help="create a new organisation's project in an empty folder",
        description="Create records (every unknown fact an open question), schemas, docs, both "
                    "MkDocs configs, editor settings, a pre-commit config and a CI workflow in "
                    "DIR, which must be new or empty. The project passes 'privacy check' "
                    "(warnings only) and 'privacy build' at once.",
    )
    init.add_argument("dir", metavar="DIR", nargs="?", help="the folder to create")
    init.add_argument("--update-schemas", action="store_true",
                      help="instead, copy this tool's schemas into the schemas/ folder of the "
                           "existing project DIR (default: .)")
    init.set_defaults(handler=cmd_init)

    diff = commands.add_parser(
        "diff", help="what changed in the public statement between two git revisions",
        description="Compare the public content of records/ at git revision REV with REV2 (default: "
                    "the working tree): for each changed place of the pages, the sentences before "
                    "and after, as the pages say them. Internal fields, open questions' "
                    "wording and DPA references are not public and not compared. Always exits 0.",
    )
    diff.add_argument("rev", metavar="REV", help="the earlier revision, e.g. HEAD or origin/main")
    diff.add_argument("rev2", metavar="REV2", nargs="?",
                      help="the later revision (default: the working tree)")
    diff.add_argument("--lang", choices=[*languages(), "both"],
                      help="the pages' language whose sentences are shown; 'both' for every "
                           f"language (default: $PRIVACY_LANG, else {languages()[0]})")
    diff.add_argument("--format", choices=["text", "markdown", "json"], default="text",
                      help="text (default), markdown (for a pull-request comment) or json "
                           "(with the records' keys and paths)")
    _add_root(diff)
    diff.set_defaults(handler=cmd_diff)
    return parser


def _tolerant_streams() -> None:
    """Never crash on the terminal's encoding: show what it cannot encode as an escape.

    Windows uses cp1252 for redirected output (``PYTHONIOENCODING=cp1252``),
    which has no "→"; without this a finding holding one ends the run with a
    UnicodeEncodeError before any finding is printed.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command != "serve":
        # A short-lived run that allocates a great many small, acyclic objects
        # (the records' data and positions): the cyclic garbage collector only
        # rescans them, which costs up to a fifth of a large check.
        gc.disable()
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (UsageError, IOProblem, SchemaError) as exc:
        print(f"privacy {args.command}: error: {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader of the output left (``| head``): nothing to report
        _discard_stdout()
        return EXIT_OK
    except OSError as exc:
        # An I/O failure no command anticipated still names its file, never a traceback.
        where = f" {printable(str(exc.filename))}" if exc.filename else ""
        print(f"privacy {args.command}: error: cannot read or write{where}: {reason_of(exc)}",
              file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - last line of defence: never show a traceback
        print(f"privacy {args.command}: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in the tool, not in your records; please report it.", file=sys.stderr)
        return EXIT_USAGE


def _discard_stdout() -> None:
    """Point standard output at the null device once its reader has gone, so that the
    interpreter's last flush of what is still buffered does not fail again with "Exception
    ignored ... BrokenPipeError" (the Python documentation's recipe, signal module, "Note on
    SIGPIPE")."""
    with contextlib.suppress(OSError, ValueError):  # no file behind stdout (a test's buffer)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


_KEPT: list[object] = []
"""A console run's largest objects, left for the operating system to free (see :func:`run`)."""
_CONSOLE = False
"""Whether this process is the ``privacy`` command itself (:func:`run`), not a test calling
:func:`main`."""


def _keep_until_exit(*objects: object) -> None:
    """Keep ``objects`` (a loaded project, its findings) alive until the process ends, when this
    is the ``privacy`` command: freeing a 10,000-activity project object by object, as the
    command's function returns and again at interpreter exit, took 0.2 s (make bench); the
    operating system frees a process's memory at once. A test calling :func:`main` keeps nothing.
    """
    if _CONSOLE:
        _KEPT.extend(objects)


def run() -> NoReturn:
    """The ``privacy`` command: :func:`main`, then exit with its code.

    The run's objects (a large project's records, their positions and findings:
    hundreds of thousands, many in reference cycles) are left to the operating
    system, which frees a process's memory at once, instead of to the cyclic
    garbage collector at interpreter exit, which took 0.15 s of a 1.6 s check of
    1,000 activities (make bench). ``gc.freeze`` takes them out of its reach;
    output is still flushed and files were closed as usual. A command that kept
    its objects (:func:`_keep_until_exit`: ``check``, which runs no thread and leaves
    no temporary file behind) then ends the process without tearing the interpreter
    down, as mypy does, once its output is flushed. (Not in :func:`main`, which tests
    call in their own process.)
    """
    global _CONSOLE
    _CONSOLE = True
    code = main()
    gc.freeze()
    if _KEPT:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:
            pass  # the reader left (``privacy check | head``): the verdict stands
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
