"""The ``privacy`` command: parses arguments, calls the core, prints, exits.

Exit codes: 0 clean, 1 findings that fail the gate (errors, or warnings with
``--strict``), 2 usage or I/O problems.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from privacy_as_code import __version__
from privacy_as_code.checker import check_project
from privacy_as_code.i18n import languages
from privacy_as_code.report import REPORTERS
from privacy_as_code.schemas import SchemaError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A problem with how the command was called (exit 2)."""


def _root(value: str) -> Path:
    root = Path(value)
    if not (root / "records").is_dir():
        raise UsageError(f"{value}: no records/ folder here (use --root to point at the project)")
    return root


def cmd_check(args: argparse.Namespace) -> int:
    root = _root(args.root)
    only = None
    if args.paths:
        missing = [p for p in args.paths if not Path(p).is_file()]
        if missing:
            raise UsageError(f"no such file: {', '.join(missing)}")
        only = [Path(p) for p in args.paths]
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    project, result = check_project(root, only)
    if args.since:
        from privacy_as_code.history import HistoryError, check_since

        try:
            result = check_since(root, args.since, project, result, only)
        except HistoryError as exc:
            raise UsageError(str(exc)) from None
    sys.stdout.write(REPORTERS[fmt](result, strict=args.strict))
    return EXIT_FAILED if result.failed(strict=args.strict) else EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    from privacy_as_code.render import render

    outcome = render(_root(args.root), check=args.check, force=args.force)
    print(outcome.output)
    return outcome.exit_code


def _check_before_build(root: Path) -> int:
    _, result = check_project(root, None)
    if result.failed(strict=False):
        sys.stdout.write(REPORTERS["text"](result, strict=False))
        print("privacy build: the records have errors; nothing was built")
        return EXIT_FAILED
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from privacy_as_code.site import build

    root = _root(args.root)
    if _check_before_build(root):
        return EXIT_FAILED
    outcome = build(root)
    print(outcome.output)
    return outcome.exit_code


def cmd_serve(args: argparse.Namespace) -> int:
    from privacy_as_code.site import serve

    root = _root(args.root)
    if _check_before_build(root):
        return EXIT_FAILED
    return serve(root, args.port, announce=lambda text: print(text, flush=True))


def cmd_export(args: argparse.Namespace) -> int:
    from privacy_as_code import ropa

    root = _root(args.root)
    fmt = args.format or {".csv": "csv", ".xlsx": "xlsx", ".json": "json"}.get(
        Path(args.output).suffix.lower() if args.output else "")
    if fmt is None:
        raise UsageError("choose --format csv, xlsx or json (or an -o FILE ending in one of them)")
    if fmt == "xlsx" and not args.output:
        raise UsageError("--format xlsx writes a workbook: give the file with -o FILE.xlsx")
    target = Path(args.output) if args.output else None
    if target is not None and not target.parent.is_dir():
        raise UsageError(f"{target.parent}: no such folder for the output file")
    project, result = check_project(root, None)
    if result.failed(strict=False):
        sys.stderr.write(REPORTERS["text"](result, strict=False))
        print("privacy export: the records have errors; no Art. 30 record was exported "
              "(a record built from broken data would mislead)", file=sys.stderr)
        return EXIT_FAILED
    record = ropa.build_ropa(project, args.lang)
    note = (f"{len(record.activities)} activities, {ropa.count_open(record)} open questions "
            "marked as such")
    if target is None:
        sys.stdout.buffer.write(ropa.render_bytes(record, fmt))
        sys.stdout.flush()
        print(f"privacy export: {note}", file=sys.stderr)
        return EXIT_OK
    try:
        ropa.export(record, fmt, target)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    print(f"privacy export: wrote {target} ({note})")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from privacy_as_code.scaffold import ScaffoldError, new_activity

    try:
        path = new_activity(_root(args.root), args.id)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    print(f"created {path}\n"
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

    try:
        result = diff(_root(args.root), args.rev, args.rev2)
    except HistoryError as exc:
        raise UsageError(str(exc)) from None
    sys.stdout.write(result.report())
    return EXIT_OK


def _add_root(command: argparse.ArgumentParser) -> None:
    command.add_argument("--root", default=".", help="project folder holding records/ (default: .)")


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
    check.add_argument("--strict", action="store_true",
                       help="warnings (such as open questions) fail too: the publishing gate")
    check.add_argument("--since", metavar="REV",
                       help="also fail when the public content changed since git revision REV "
                            "but version, effective_date and the change log were not updated")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="report only these record files (the whole project is still loaded)")
    check.set_defaults(handler=cmd_check)

    render = commands.add_parser(
        "render", help="write the public pages in docs/nb and docs/en from records/",
        description="Render records/ into docs/nb and docs/en (Markdown, committed). Writes only "
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
        description="privacy check, privacy render, then both strict MkDocs builds into site/ "
                    "(nb at /, en at /en/). Needs no network.",
    )
    _add_root(build)
    build.set_defaults(handler=cmd_build)

    serve = commands.add_parser(
        "serve", help="build the site, then serve it on 127.0.0.1",
        description="Build the site, then serve both languages on 127.0.0.1 until Ctrl-C.",
    )
    _add_root(serve)
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    serve.set_defaults(handler=cmd_serve)

    export = commands.add_parser(
        "export", help="export the Art. 30 record (internal fields included) as CSV, XLSX or JSON",
        description="Export the record of processing activities (GDPR Art. 30(1)), one row per "
                    "activity, internal fields included: never publish it. Refuses (exit 1) when "
                    "privacy check finds errors. Open questions are marked OPEN QUESTION.",
    )
    export.add_argument("what", choices=["ropa"], help="what to export: ropa (the Art. 30 record)")
    export.add_argument("--format", choices=["csv", "xlsx", "json"],
                        help="csv (; separated, UTF-8 with BOM, for Excel), xlsx or json "
                             "(default: from the -o file's ending)")
    export.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE (atomically); csv and json go to stdout without it")
    export.add_argument("--lang", choices=languages(), default=languages()[0],
                        help="language of the texts and labels (default: nb)")
    _add_root(export)
    export.set_defaults(handler=cmd_export)

    new = commands.add_parser(
        "new", help="create a new record file to fill in",
        description="Create records/activities/ID.yaml with every required key as a placeholder "
                    "that privacy check rejects until it is filled in. Never overwrites a file.",
    )
    new.add_argument("kind", choices=["activity"], help="what to create: activity")
    new.add_argument("id", help="the activity id and file name: lower-case letters, digits, - and _")
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
                    "the working tree), section by section. Internal fields, open questions' "
                    "wording and DPA references are not public and not compared. Always exits 0.",
    )
    diff.add_argument("rev", metavar="REV", help="the earlier revision, e.g. HEAD or origin/main")
    diff.add_argument("rev2", metavar="REV2", nargs="?",
                      help="the later revision (default: the working tree)")
    _add_root(diff)
    diff.set_defaults(handler=cmd_diff)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
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
    except (UsageError, SchemaError) as exc:
        print(f"privacy {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - last line of defence: never show a traceback
        print(f"privacy {args.command}: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in the tool, not in your records; please report it.", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    raise SystemExit(main())
