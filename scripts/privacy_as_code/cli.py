"""The ``privacy`` command: parses arguments, calls the core, prints, exits.

Exit codes: 0 clean, 1 findings that fail the gate (errors, or warnings with
``--strict``), 2 usage or I/O problems.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from privacy_as_code import __version__
from privacy_as_code.checker import check_project
from privacy_as_code.report import REPORTERS

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
    _, result = check_project(root, only)
    sys.stdout.write(REPORTERS[fmt](result, strict=args.strict))
    return EXIT_FAILED if result.failed(strict=args.strict) else EXIT_OK


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
    check.add_argument("--root", default=".", help="project folder holding records/ (default: .)")
    check.add_argument("--format", choices=sorted(REPORTERS),
                       help="output format (default: text; github under GitHub Actions)")
    check.add_argument("--strict", action="store_true",
                       help="warnings (such as open questions) fail too: the publishing gate")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="report only these record files (the whole project is still loaded)")
    check.set_defaults(handler=cmd_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except UsageError as exc:
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
