"""Benchmark ``privacy check`` against a bare YAML parse and check-jsonschema.

Run by hand or with ``make bench`` (not part of the test suite: timings on a
shared CI machine are noise, not a verdict). It generates projects of N
schema-valid activities in a temporary folder, then times, as separate
processes and best of five (``--runs``):

* parse:             PyYAML's C loader on every record file, nothing else;
* privacy check:     the whole gate (strict loading, schemas, every rule);
* check-jsonschema:  the reference CLI, same schemas, activity files only;
* privacy build:     check + render + every MkDocs build (statement and guide, both
  languages) (``--build``).

The parse and the check are run in turn (parse, check, parse, check, ...), so both
meet the same machine: on a shared host the load changes from one minute to the next,
and timing all parses first, then all checks, compared two different machines.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

import privacy_as_code
from privacy_as_code.loader import load_file
from privacy_as_code.render.layout import config_files

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TEMPLATE = REPO / "records"

PARSE = """
import sys, pathlib, yaml
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


def make_project(target: Path, count: int) -> Path:
    """A copy of the real records with ``count`` activities cloned from the real ones."""
    shutil.copytree(TEMPLATE, target / "records")
    activities = target / "records" / "activities"
    originals = sorted(activities.glob("*.yaml"))
    texts = [(p.stem, p.read_text("utf-8")) for p in originals]
    for path in originals:
        path.unlink()
    names = []
    for index in range(count):
        stem, text = texts[index % len(texts)]
        # The first copy of each activity keeps its own id, so that references
        # between activities (e.g. client relationships -> newsletter) resolve.
        name = stem if index < len(texts) else f"{stem}-{index:05d}"
        names.append((stem, name))
        (activities / f"{name}.yaml").write_text(text, "utf-8")
    # List every clone under the audience its original belongs to, so the
    # project is as valid as the real one.
    statement = target / "records" / "statement.yaml"
    data = load_file(statement, str(statement)).data
    for audience in data["audiences"]:
        audience["activities"] = [n for a in audience["activities"] for s, n in names if s == a]
    statement.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return target


def best_in_turn(runs: int, *commands: tuple[list[str], Path | None]
                 ) -> list[tuple[float, int]]:
    """Best time and last exit code of each command, the commands run in turn ``runs`` times."""
    timings: list[list[float]] = [[] for _ in commands]
    codes = [0] * len(commands)
    for _ in range(runs):
        for index, (command, cwd) in enumerate(commands):
            started = time.perf_counter()
            done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
            timings[index].append(time.perf_counter() - started)
            codes[index] = done.returncode
    return [(min(times), code) for times, code in zip(timings, codes, strict=True)]


def best_of(runs: int, command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Best time and last exit code of ``command`` run ``runs`` times."""
    return best_in_turn(runs, (command, cwd))[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--build-sizes", type=int, nargs="*", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-build", action="store_true", help="skip the site build timings")
    parser.add_argument("--no-reference", action="store_true",
                        help="skip check-jsonschema (minutes per run at 1,000 activities)")
    args = parser.parse_args()

    # Bytecode first, as an installed package has it: the Makefile sets
    # PYTHONDONTWRITEBYTECODE, so a fresh clone would otherwise compile every module
    # from source on every run, while PyYAML (the baseline) comes installed with its own.
    compileall.compile_dir(Path(privacy_as_code.__file__).parent, quiet=1)
    rows = []
    real, code = best_of(args.runs, [str(BIN / "privacy"), "check"], cwd=REPO)
    rows.append(("real records", "privacy check", real, code))
    with tempfile.TemporaryDirectory(prefix="privacy-bench-") as tmp:
        for size in args.sizes:
            root = make_project(Path(tmp) / f"n{size}", size)
            files = sorted(str(p) for p in (root / "records" / "activities").glob("*.yaml"))
            (parse, _), (check, code) = best_in_turn(
                args.runs, ([sys.executable, "-c", PARSE, str(root / "records")], None),
                ([str(BIN / "privacy"), "check"], root))
            rows += [(f"{size} activities", "parse (C loader)", parse, 0),
                     (f"{size} activities", "privacy check", check, code)]
            print(f"{size:>6} activities: check {check:.2f}s = {check / parse:.2f}x parse",
                  file=sys.stderr)
            if not args.no_reference:
                cjs, cjs_code = best_of(1 if size > 2000 else args.runs, [
                    str(BIN / "check-jsonschema"), "--schemafile",
                    str(REPO / "schemas" / "activity.schema.json"), *files])
                rows.append((f"{size} activities", "check-jsonschema", cjs, cjs_code))
                print(f"{size:>6} activities: {cjs / check:.1f}x faster than check-jsonschema",
                      file=sys.stderr)
        if not args.no_build:
            for size in args.build_sizes:
                root = make_project(Path(tmp) / f"b{size}", size)
                for config in config_files():
                    shutil.copy(REPO / config, root)
                shutil.copytree(REPO / "docs", root / "docs")
                if (REPO / "overrides").is_dir():
                    shutil.copytree(REPO / "overrides", root / "overrides")
                build, code = best_of(1, [str(BIN / "privacy"), "build"], cwd=root)
                rows.append((f"{size} activities", "privacy build", build, code))

    # The README's table (between <!-- bench:start --> and <!-- bench:end -->) is this output.
    parse_of = {label: seconds for label, command, seconds, _ in rows if command.startswith("parse")}
    print("| records | command | seconds | vs. parse | exit |")
    print("|---|---|---:|---:|---:|")
    for label, command, seconds, code in rows:
        ratio = f"{seconds / parse_of[label]:.2f}" if label in parse_of else ""
        print(f"| {label} | {command} | {seconds:.2f} | {ratio} | {code} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
