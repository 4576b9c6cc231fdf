"""The strict loader: every problem is a finding at (line, column), never an exception."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest

from privacy_as_code.loader import MAX_BYTES, load_file, load_text


def problems(text: str) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in load_text(text).findings]


def file_problems(tmp_path: Path, raw: bytes) -> list[tuple[str, int, int]]:
    path = tmp_path / "record.yaml"
    path.write_bytes(raw)
    return [(f.rule, f.line, f.column) for f in load_file(path, "record.yaml").findings]


# YAML 1.2 scalars, as the editors read them.
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("country: NO", "NO"),
        ("country: no", "no"),
        ("answer: yes", "yes"),
        ("switch: off", "off"),
        ("switch: On", "On"),
        ("date: 2026-12-01", "2026-12-01"),
        ("time: 2026-12-01T10:00:00Z", "2026-12-01T10:00:00Z"),
        ("version: '2.0'", "2.0"),
        ("period: P6M", "P6M"),
        ("flag: true", True),
        ("flag: False", False),
        ("empty:", None),
        ("tilde: ~", None),
        ("count: 12", 12),
        ("octal: 0o17", 15),
        ("hex: 0x1F", 31),
        ("ratio: 2.5", 2.5),
        ("sexagesimal: 1:20", "1:20"),
        ("old_octal: 017", 17),
        ("huge: " + "9" * 5000, "9" * 5000),
        ("quoted_bool: 'true'", "true"),
    ],
)
def test_scalars_follow_yaml_1_2(text: str, value: object) -> None:
    loaded = load_text(text)
    assert loaded.findings == []
    assert next(iter(loaded.data.values())) == value


def test_infinity_and_nan() -> None:
    data = load_text("a: .inf\nb: -.Inf\nc: .nan\n").data
    assert data["a"] == math.inf and data["b"] == -math.inf and math.isnan(data["c"])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("name: a\nname: b\n", ("yaml-duplicate-key", 2, 1)),
        ("a:\n  b: 1\n  c: 2\n  b: 3\n", ("yaml-duplicate-key", 4, 3)),
        ("a: b: c\n", ("yaml-syntax", 1, 5)),
        ("a:\n\tb: 1\n", ("yaml-syntax", 2, 1)),
        ("a: [1, 2\n", ("yaml-syntax", 2, 1)),
        ("a: 'open\n", ("yaml-syntax", 2, 1)),
        ("", ("yaml-empty", 1, 1)),
        ("# only a comment\n", ("yaml-empty", 1, 1)),
        ("- a\n- b\n", ("yaml-structure", 1, 1)),
        ("just text\n", ("yaml-structure", 1, 1)),
        ("a: 1\n---\nb: 2\n", ("yaml-structure", 2, 1)),
        ("a: *nowhere\n", ("yaml-alias", 1, 4)),
        ("a: &loop [*loop]\n", ("yaml-alias", 1, 11)),
        ("a: !!python/object:os.system x\n", ("yaml-tag", 1, 4)),
        ("a: !custom x\n", ("yaml-tag", 1, 4)),
        ("a: !!int twelve\n", ("yaml-tag", 1, 4)),
        ("? [a, b]\n: c\n", ("yaml-structure", 1, 3)),
        ("a: \x07bell\n", ("yaml-encoding", 1, 4)),
    ],
)
def test_problem(text: str, problem: tuple[str, int, int]) -> None:
    assert problems(text) == [problem]


def test_duplicate_key_names_both_lines() -> None:
    (finding,) = load_text("purposes: []\nname: x\npurposes: []\n").findings
    assert (finding.line, finding.column) == (3, 1)
    assert "duplicate key 'purposes' (first defined on line 1)" in finding.message


def test_duplicate_key_keeps_first_value_and_other_data() -> None:
    loaded = load_text("a: first\nb: 2\na: second\n")
    assert loaded.data == {"a": "first", "b": 2}
    assert not loaded.ok


def test_tab_indentation_gets_a_hint() -> None:
    (finding,) = load_text("a:\n\tb: 1\n").findings
    assert "tab" in finding.message


def test_unquoted_colon_gets_a_hint() -> None:
    (finding,) = load_text("text: Merk: dette\n").findings
    assert "quotes" in finding.message


def test_positions_of_values_and_keys() -> None:
    loaded = load_text("# comment\nname:\n  nb: Navn\n  en: Name\nlist:\n  - a\n  - b\n")
    assert loaded.position(()) == (2, 1)
    assert loaded.position(("name",)) == (3, 3)
    assert loaded.position(("name", "en")) == (4, 7)
    assert loaded.key_position(("name", "en")) == (4, 3)
    assert loaded.position(("list", 1)) == (7, 5)
    # a path that does not exist falls back to the nearest enclosing value
    assert loaded.position(("name", "nn")) == (3, 3)


def test_aliases_are_expanded_within_bounds() -> None:
    loaded = load_text("a: &x {k: v}\nb: *x\n")
    assert loaded.findings == []
    assert loaded.data == {"a": {"k": "v"}, "b": {"k": "v"}}


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    started = time.perf_counter()
    loaded = load_text("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 2
    assert [f.rule for f in loaded.findings] == ["yaml-too-large"]
    assert loaded.data is None


@pytest.mark.parametrize("depth", [100, 10_000, 200_000])
def test_deep_nesting_is_refused(depth: int) -> None:
    flow = "a: " + "[" * depth + "]" * depth + "\n"
    assert problems(flow) == [("yaml-too-deep", 1, 43)]


def test_deep_block_nesting_is_refused() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "v\n"
    assert [p[0] for p in problems(text)] == ["yaml-too-deep"]


def test_utf8_bom_is_reported(tmp_path: Path) -> None:
    assert file_problems(tmp_path, b"\xef\xbb\xbfname: x\n") == [("yaml-encoding", 1, 1)]


def test_utf16_is_reported(tmp_path: Path) -> None:
    assert file_problems(tmp_path, "name: x\n".encode("utf-16")) == [("yaml-encoding", 1, 1)]


def test_latin1_bytes_are_reported_where_they_are(tmp_path: Path) -> None:
    raw = "name:\n  nb: Rekruttering på nett\n".encode("latin-1")
    assert file_problems(tmp_path, raw) == [("yaml-encoding", 2, 21)]


def test_binary_file_is_reported(tmp_path: Path) -> None:
    assert file_problems(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00") == [("yaml-encoding", 3, 1)]


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    started = time.perf_counter()
    assert [f.rule for f in load_file(path, "huge.yaml").findings] == ["yaml-too-large"]
    assert time.perf_counter() - started < 0.5
    assert MAX_BYTES < 20 * 1024 * 1024


def test_unreadable_path_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    assert [f.rule for f in load_file(tmp_path / "dir.yaml", "dir.yaml").findings] == ["io-error"]
