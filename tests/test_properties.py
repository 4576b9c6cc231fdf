"""Properties that hold for any input, checked with Hypothesis.

* Every document the schemas allow (generated from the schemas themselves) is
  read back by the loader unchanged and passes schema validation, unless it
  holds characters nobody sees (a control or invisible format character), which
  the loader reports and nothing else.
* No mutation of a valid record (a deleted key, a value of another type,
  random characters, a truncated file, a duplicated line) makes a command
  crash: there are findings instead.
* The loader never raises, and places every finding at line >= 1, column >= 1.

Runs are deterministic (``derandomize``, no example database) and small, so
the whole file takes well under a minute.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.internal.conjecture import utils as conjecture_utils
from hypothesis_jsonschema import from_schema

from privacy_as_code import characters, ropa
from privacy_as_code.checker import check_project
from privacy_as_code.loader import MAX_DEPTH, load_text, resolve_plain
from privacy_as_code.render import render
from privacy_as_code.schemas import SCHEMA_DIR, SchemaSet
from tests.conftest import FIXTURES, MINIMAL, run_privacy
from tests.site_fixtures import SAMPLE

DETERMINISTIC = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": list(HealthCheck),
}
KINDS = ("activity", "recipients", "vocabulary", "organisation", "statement")


# --- hypothesis-jsonschema 0.23 on Hypothesis 6.170 ------------------------------
# hypothesis-jsonschema draws object properties with the old ``many.more()``
# loop; newer Hypothesis only offers ``with many(...) as e: for _ in e``.
# This adapter gives the old method on top of the new protocol.

if not hasattr(conjecture_utils.many, "more"):
    _END = object()

    def _more(self: Any) -> bool:
        if self._depth is None:
            self.__enter__()
            self._compat_iterator = iter(self)
        if next(self._compat_iterator, _END) is _END:
            self.__exit__(None)
            return False
        return True

    conjecture_utils.many.more = _more


# --- schemas as generators -------------------------------------------------------

ANNOTATIONS = {"$schema", "$comment", "title", "description", "examples", "defaultSnippets",
               "markdownEnumDescriptions"}
DURATION_WITHOUT_LOOKAHEAD = (
    r"^P(\d+Y(\d+M)?(\d+W)?(\d+D)?|\d+M(\d+W)?(\d+D)?|\d+W(\d+D)?|\d+D)$"
)
"""The same language as common.schema.json's ``^P(?=\\d)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?$``."""
VALID_DATE = r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$"
SIMPLE_EMAIL = r"^[a-z]{1,10}@[a-z]{1,10}\.(no|com)$"


def self_contained(kind: str) -> dict[str, Any]:
    """The schema of ``kind`` with every ``$ref`` (local or into common.schema.json)
    inlined, and annotations and our ``x-*`` keywords dropped."""
    documents = {p.name: json.loads(p.read_text("utf-8")) for p in SCHEMA_DIR.glob("*.schema.json")}

    def resolve(ref: str, current: str) -> tuple[Any, str]:
        name, _, pointer = ref.partition("#")
        node = documents[name or current]
        for part in pointer.strip("/").split("/"):
            node = node[part]
        return node, name or current

    def inline(node: Any, current: str) -> Any:
        if isinstance(node, list):
            return [inline(item, current) for item in node]
        if not isinstance(node, dict):
            return node
        result: dict[str, Any] = {}
        if "$ref" in node:
            target, where = resolve(node["$ref"], current)
            result.update(inline(target, where))
        for key, value in node.items():
            if key in ("$ref", "$defs") or key in ANNOTATIONS or key.startswith("x-"):
                continue
            if key in ("properties", "patternProperties"):
                result[key] = {name: inline(sub, current) for name, sub in value.items()}
            else:
                result[key] = inline(value, current)
        return result

    return inline(documents[f"{kind}.schema.json"], f"{kind}.schema.json")


def generable(node: Any) -> Any:
    """A subset of the schema that Hypothesis can generate quickly.

    Every value it allows is allowed by the original: the duration pattern
    without its lookahead, valid dates and plain e-mail addresses instead of
    ``format`` filtering, ``anyOf`` for ``oneOf`` (our alternatives are disjoint
    by type), and small sizes.
    """
    if isinstance(node, list):
        return [generable(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: generable(value) for key, value in node.items()}
    if "(?=" in node.get("pattern", ""):
        node["pattern"] = DURATION_WITHOUT_LOOKAHEAD
    if node.get("format") == "date":
        del node["format"]
        node["pattern"] = VALID_DATE
    if node.get("format") == "email":
        del node["format"]
        node["pattern"] = SIMPLE_EMAIL
    if "oneOf" in node:
        node["anyOf"] = node.pop("oneOf")
    if node.get("maxLength", 0) > 80:
        node["maxLength"] = 80
    if node.get("type") == "array" or "items" in node:
        node["maxItems"] = max(node.get("minItems", 0), 2)
    if "properties" in node or "additionalProperties" in node:
        node["maxProperties"] = len(node.get("required", [])) + 2
    return node


def test_the_generation_schema_keeps_the_duration_language() -> None:
    original = re.compile(r"^P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$")
    simpler = re.compile(DURATION_WITHOUT_LOOKAHEAD)
    for text in ("P", "P6M", "P0D", "P3Y6M", "P1Y2M3W4D", "P2W", "PY", "P6", "6M", "P1D2Y", "P1Y1Y"):
        assert bool(original.match(text)) == bool(simpler.match(text)), text


class RecordDumper(yaml.SafeDumper):
    """``yaml.safe_dump`` as an editor would save: quotes what YAML 1.2 would retype.

    PyYAML's dumper follows YAML 1.1, so it writes ``1e3`` or ``0o17`` unquoted
    (text in 1.1, numbers in 1.2, which our loader follows), and writes NEL,
    LS and PS raw where libyaml reads them as line breaks.
    """


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    if any(c in text for c in "\x85\u2028\u2029"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    if not isinstance(resolve_plain(text), str):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="'")
    return dumper.represent_str(text)


RecordDumper.add_representer(str, _represent_text)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=RecordDumper, allow_unicode=True, sort_keys=False)


def _strings(value: Any, *, key: bool = False) -> Iterator[tuple[str, bool]]:
    if isinstance(value, str):
        yield value, key
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k, key=True)
            yield from _strings(v)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def assert_loads_back(data: Any, loaded: Any) -> None:
    """``loaded`` (the loader's reading of ``dump(data)``) is ``data`` itself, or
    only character findings when ``data`` holds characters the loader refuses.

    Such characters must be reported; an unusual space (U+00A0, ...) may be,
    depending on where the dumper puts it (as indentation or in a key it is).
    """
    texts = list(_strings(data))
    hidden = any(characters.hidden_in_scalar(c, key=key) for text, key in texts for c in text)
    unusual = any(characters.kind(c) == "space" for text, _ in texts for c in text)
    if hidden:
        assert loaded.findings, "a hidden character was not reported"
    if hidden or unusual:
        assert all(f.rule == "yaml-character" for f in loaded.findings), loaded.findings
        return
    assert loaded.findings == []
    assert loaded.data == data


SCHEMAS = SchemaSet(SCHEMA_DIR)
GENERATORS = {kind: from_schema(generable(self_contained(kind))) for kind in KINDS}


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=10, **DETERMINISTIC)
@given(data=st.data())
def test_documents_the_schemas_allow_load_unchanged_and_validate(kind: str, data: st.DataObject
                                                                 ) -> None:
    document = data.draw(GENERATORS[kind], label=kind)
    loaded = load_text(dump(document), f"{kind}.yaml")
    assert_loads_back(document, loaded)
    if not loaded.findings:
        assert SCHEMAS.validate(kind, loaded) == []


# --- the loader ----------------------------------------------------------------------

YAMLISH = st.text(alphabet=st.sampled_from(list("abNOyes01.:-?[]{},&*!|>'\"#%@`~\\ \t\n\r")),
                  max_size=80)


@settings(max_examples=200, **DETERMINISTIC)
@given(st.one_of(st.text(max_size=200), YAMLISH))
def test_any_text_loads_without_raising_and_findings_point_into_the_text(text: str) -> None:
    loaded = load_text(text, "any.yaml")
    lines = len(re.split("\r\n|[\n\r\x85\u2028\u2029]", text))
    for finding in loaded.findings:
        assert finding.line >= 1 and finding.column >= 1, finding
        assert finding.line <= lines + 1, finding
    assert loaded.data is None or isinstance(loaded.data, dict)
    assert loaded.findings or loaded.data is not None


JSON_SCALARS = (st.none() | st.booleans() | st.integers() | st.text(max_size=20)
                | st.floats(allow_nan=False))
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10),
                                                                      children, max_size=4),
    max_leaves=25,
)
JSON_MAPPINGS = st.dictionaries(st.text(max_size=10), JSON_VALUES, max_size=5)


def depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    return 0


@settings(max_examples=200, **DETERMINISTIC)
@given(JSON_MAPPINGS)
def test_json_like_data_round_trips_through_yaml(data: dict[str, Any]) -> None:
    assume(depth(data) < MAX_DEPTH)
    assert_loads_back(data, load_text(dump(data), "data.yaml"))


def test_yaml_1_1_words_survive_a_round_trip() -> None:
    data = {"country": "NO", "answer": "yes", "off": "on", "date": "2026-01-01", "n": "1e3",
            "octal": "0o17", "version": "2.0", "empty": "", "null": "null", "tilde": "~"}
    assert load_text(dump(data)).data == data


# --- mutations of valid records ----------------------------------------------------

BASES = (MINIMAL, SAMPLE)
RECORD_FILES = [(base.name, path.relative_to(base).as_posix())
                for base in BASES for path in sorted(base.rglob("*.yaml"))]


def paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, (*path, index))


def replace_at(data: Any, path: tuple[Any, ...], change: Any) -> Any:
    """``data`` with the value at ``path`` given to ``change`` (which returns the new value,
    or ``DELETE``)."""
    if not path:
        return change(data)
    head, *rest = path
    copy = dict(data) if isinstance(data, dict) else list(data)
    new = replace_at(copy[head], tuple(rest), change)
    if new is DELETE:
        del copy[head]
    else:
        copy[head] = new
    return copy


DELETE = object()


def value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data

SWAPS = (
    lambda v: [v],
    lambda v: {"nb": v, "en": v},
    lambda v: str(v),
    lambda v: None,
    lambda v: 0,
    lambda v: True,
    lambda v: "",
    lambda v: [],
    lambda v: {},
)


@st.composite
def mutated_record(draw: st.DrawFn) -> tuple[str, bytes]:
    """One record file of a valid project (minimal or site-sample), damaged in one way:
    ``(project, file, new content)``."""
    base, name = draw(st.sampled_from(RECORD_FILES), label="file")
    raw = (FIXTURES / base / name).read_bytes()
    kind = draw(st.sampled_from(["truncate", "insert-text", "insert-bytes", "duplicate-line",
                                 "swap-lines", "delete-key", "replace-value", "swap-type",
                                 "swap-every-value"]), label="mutation")
    if kind == "truncate":
        return base, name, raw[: draw(st.integers(0, len(raw)))]
    if kind in ("insert-text", "insert-bytes"):
        at = draw(st.integers(0, len(raw)))
        extra = (draw(st.text(min_size=1, max_size=6)).encode("utf-8") if kind == "insert-text"
                 else draw(st.binary(min_size=1, max_size=6)))
        return base, name, raw[:at] + extra + raw[at:]
    lines = raw.splitlines(keepends=True)
    if kind == "duplicate-line":
        index = draw(st.integers(0, len(lines) - 1))
        target = draw(st.integers(0, len(lines)))
        lines.insert(target, lines[index])
        return base, name, b"".join(lines)
    if kind == "swap-lines":
        a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines[a], lines[b] = lines[b], lines[a]
        return base, name, b"".join(lines)
    data = load_text(raw.decode("utf-8")).data
    if kind == "swap-every-value":
        swap = draw(st.sampled_from(SWAPS), label="swap")
        for leaf in [p for p in paths(data) if p and not isinstance(value_at(data, p), dict | list)]:
            data = replace_at(data, leaf, swap)
        return base, name, dump(data).encode("utf-8")
    path = draw(st.sampled_from(list(paths(data))[1:]), label="path")
    if kind == "delete-key":
        changed = replace_at(data, path, lambda _: DELETE)
    elif kind == "replace-value":
        value = draw(JSON_VALUES, label="value")
        changed = replace_at(data, path, lambda _: value)
    else:
        swap = draw(st.sampled_from(SWAPS), label="swap")
        changed = replace_at(data, path, swap)
    return base, name, dump(changed).encode("utf-8")


@pytest.fixture(scope="module")
def scratch_projects(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copies of the valid projects; each example damages one file and restores it."""
    scratch = tmp_path_factory.mktemp("mutations")
    for base in BASES:
        shutil.copytree(base / "records", scratch / base.name / "records")
    return scratch


@settings(max_examples=200, **DETERMINISTIC)
@given(mutation=mutated_record())
def test_a_damaged_record_gives_findings_not_exceptions(scratch_projects: Path,
                                                        mutation: tuple[str, str, bytes]) -> None:
    base, name, raw = mutation
    root = scratch_projects / base
    target = root / name
    target.write_bytes(raw)
    try:
        project, result = check_project(root)
        for finding in result.findings:
            assert finding.line >= 1 and finding.column >= 1, finding
            assert finding.rule != "internal-error", finding
        assert render(root, check=True).exit_code in (0, 1)
        assert not (root / "docs").exists()
        if not result.failed(strict=False):
            for fmt in ("json", "csv"):
                assert ropa.render_bytes(ropa.build_ropa(project, "en"), fmt)
    finally:
        shutil.copyfile(FIXTURES / base / name, target)


@settings(max_examples=3, **DETERMINISTIC)
@given(mutation=mutated_record())
def test_the_commands_never_show_a_traceback_on_damaged_records(
        mutation: tuple[str, str, bytes]) -> None:
    base, name, raw = mutation
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(FIXTURES / base / "records", root / "records")
        (root / name).write_bytes(raw)
        for command in (["check"], ["render", "--check"], ["export", "ropa", "--format", "json"]):
            done = run_privacy(*command, cwd=root, timeout=20)
            assert done.returncode in (0, 1), (command, done.stdout, done.stderr)
            assert "Traceback" not in done.stdout + done.stderr
            assert "internal error" not in done.stderr
