"""The strict loader: every problem is a finding at (line, column), never an exception."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest

from privacy_as_code.loader import MAX_BYTES, TEXT_VALUES, load_file, load_text
from privacy_as_code.rules._base import text_values


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
        ("a: 'open\n", ("yaml-syntax", 1, 4)),
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
        ("a: \x07bell\n", ("yaml-character", 1, 4)),
        ("a: \x9b[2J\n", ("yaml-character", 1, 4)),  # C1: the terminal's one-byte CSI
        ("a: x\ufffe\n", ("yaml-character", 1, 5)),  # a non-character libyaml refuses
        ("a:\n  b: \x7f\n", ("yaml-character", 2, 6)),
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


@pytest.mark.parametrize("text", [
    "a: first\nb: 2\na: second\n",                 # a repeated key's text
    "a: first\nb: 2\na: [second, third]\n",        # ... and its list
    "a: first\nb: 2\na: {c: second}\n",            # ... and its mapping
    "? [a, b]\n: hidden\nc: shown\n",              # a list as a key
])
def test_values_left_out_of_the_data_never_reach_the_rules(text: str) -> None:
    """What the rules read as the file's texts is what the data holds."""
    loaded = load_text(text)
    assert [value for _, value in text_values(loaded)] == [
        value for value in ("first", "shown") if value in str(loaded.data)]


def test_the_texts_come_with_their_paths_in_file_order() -> None:
    loaded = load_text('b: "x"\na:\n  - 1\n  - y\n  - {nb: z, en: true}\nc: ~\n')
    assert loaded.cache[TEXT_VALUES] == [(("b",), "x"), (("a", 1), "y"), (("a", 2, "nb"), "z")]


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


def test_an_internal_note_cannot_reach_a_public_text_through_an_alias() -> None:
    (finding,) = load_text('internal: {notes: &n "ZZSECRET"}\nsummary: {nb: *n, en: *n}\n').findings
    assert (finding.rule, finding.line, finding.column) == ("yaml-alias", 2, 15)
    assert "'&n' on line 1" in finding.message and "write the value out" in finding.message


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # a block mapping value, a list item, and the merge key that YAML 1.1 tools expand
        ("internal:\n  notes: &n secret\nsummary:\n  nb: *n\n", ("yaml-alias", 4, 7)),
        ("a: &x [1]\nb:\n  - 0\n  - *x\n", ("yaml-alias", 4, 5)),
        ("base: &b {k: v}\nother:\n  <<: *b\n", ("yaml-alias", 3, 7)),
        ("&k key: 1\nother: *k\n", ("yaml-alias", 2, 8)),
    ],
)
def test_aliases_are_refused(text: str, problem: tuple[str, int, int]) -> None:
    loaded = load_text(text)
    assert problems(text) == [problem]
    assert loaded.data is None


def test_an_anchor_without_an_alias_changes_nothing() -> None:
    loaded = load_text("a: &x {k: v}\nb: 1\n")
    assert loaded.findings == []
    assert loaded.data == {"a": {"k": "v"}, "b": 1}


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    started = time.perf_counter()
    loaded = load_text("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 2
    assert problems("\n".join(lines) + "\n") == [("yaml-alias", 2, 10)]
    assert loaded.data is None


def test_many_values_are_refused_without_talking_of_aliases() -> None:
    (finding,) = load_text("".join(f"k{i}: {i}\n" for i in range(60_000))).findings
    assert finding.rule == "yaml-too-large" and "alias" not in finding.message


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


# --- characters: judged as decoded, reported where they are written -------------------

def character_findings(text: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.message) for f in load_text(text).findings
            if f.rule == "yaml-character"]


@pytest.mark.parametrize(
    ("text", "where", "named"),
    [
        # issue 9 class 2: escapes in double quotes walk around a check of the source text
        ('name: {nb: "Nyhetsbrev\\x01\\x07", en: "Newsletter"}\n', (1, 23), ["U+0001", "U+0007"]),
        ('reference: "G:\\felles\\avtaler\\vurdering.docx"\n', (1, 15),
         ["U+000C", "U+0007", "U+000B"]),
        # siblings: the terminal escape, NUL, DEL, C1 controls, a carriage return, the
        # escapes YAML has for U+0085 and U+2028, a bidi override, in values and keys
        ('text: "clear screen \\e[2J"\n', (1, 21), ["U+001B"]),
        ('text: "a\\0b"\n', (1, 9), ["U+0000"]),
        ('text: "a\\x7Fb"\n', (1, 9), ["U+007F"]),
        ('text: "a\\x9bb"\n', (1, 9), ["U+009B"]),
        ('text: "a\\u0085b"\n', (1, 9), ["U+0085"]),
        ('text: "line\\rbreak"\n', (1, 12), ["U+000D"]),
        ('text: "a\\Nb\\Lc"\n', (1, 9), ["U+0085", "U+2028"]),
        ('text: "30 \\u202Edays"\n', (1, 11), ["U+202E"]),
        ('text: "zero\\U0000200Bwidth"\n', (1, 12), ["U+200B"]),
        ('"na\\x01me": x\n', (1, 4), ["U+0001"]),
        ('"data\\tsubjects": x\n', (1, 6), ["U+0009"]),
        ('"data\\_subjects": x\n', (1, 6), ["U+00A0"]),
        # a Windows path in double quotes is wrong whatever its escapes stand for
        ('reference: "G:\\nye avtaler\\tilbud.docx"\n', (1, 15), ["U+000A", "U+0009"]),
        ('reference: "C:\\xdata"\n', (1, 15), ["U+00DA"]),
        ('reference: "\\\\\\\\server\\\\share\\new"\n', (1, 30), ["U+000A"]),
        # a multi-line double-quoted text: the escape on its second line
        ('text: "first line\n  then \\x07 here"\n', (2, 8), ["U+0007"]),
    ],
)
def test_escaped_characters_nobody_sees_are_reported_at_the_escape(
        text: str, where: tuple[int, int], named: list[str]) -> None:
    (finding,) = load_text(text).findings
    assert (finding.rule, finding.line, finding.column) == ("yaml-character", *where)
    for code in named:
        assert code in finding.message


@pytest.mark.parametrize("path", ['"G:\\felles\\avtaler\\vurdering.docx"', '"C:\\xdata"',
                                  '"\\\\\\\\server\\\\share\\new"'])
def test_a_windows_path_in_double_quotes_gets_the_single_quote_hint(path: str) -> None:
    (finding,) = load_text(f"reference: {path}\n").findings
    assert "Windows path" in finding.message and "single quotes" in finding.message
    (other,) = load_text('text: "a\\x01"\n').findings
    assert "single quotes" not in other.message


@pytest.mark.parametrize(
    "text",
    [
        "reference: 'G:\\felles\\avtaler\\vurdering.docx'\n",  # single quotes: no escapes
        "reference: G:\\felles\\avtaler\\vurdering.docx\n",  # plain: no escapes
        'reference: "C:\\\\Users\\\\new"\n',  # every backslash escaped: a true path
        'text: "tab\\there, new\\nline, quote \\" and backslash \\\\ and \\x3c"\n',
        'text: "joined \\\n  over two lines"\n',  # an escaped line break stands for nothing
        'text: "kr\\_100"\n',  # a non-breaking space in running text is good typography
        "text: 'kr\u00a0100 per\u202fmåned'\n",
        "text: |\n  Tabs\tand\n  lines\n",
        "text: \"Norsk: æøå ÆØÅ «sitat» – § 13 … €\"\n",
    ],
)
def test_ordinary_text_has_no_character_findings(text: str) -> None:
    assert load_text(text).findings == []


def test_values_are_decoded_and_files_with_escapes_are_marked() -> None:
    loaded = load_text('nb: "Nyhetsbrev \\x3cscript\\x3e"\nen: plain\n')
    assert loaded.findings == []
    assert loaded.data == {"nb": "Nyhetsbrev <script>", "en": "plain"}
    assert loaded.escaped
    assert not load_text("nb: 'G:\\felles'\n").escaped


# issue 9 class 3: bidi controls, zero-width and other invisible format characters (Cf)
@pytest.mark.parametrize(
    "char",
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
     "\u200e", "\u200f", "\u061c", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",
     "\u2064", "\U000e0041"],
    ids=lambda c: f"U+{ord(c):04X}",
)
def test_invisible_format_characters_are_reported_where_they_are(char: str) -> None:
    text = f"# comment\nretention:\n  text: 30 {char}days\n"
    (finding,) = load_text(text).findings
    assert (finding.rule, finding.line, finding.column) == ("yaml-character", 3, 12)
    assert f"U+{ord(char):04X}" in finding.message
    assert load_text(text).data == {"retention": {"text": f"30 {char}days"}}


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("# reviewed \u202e by legal\na: 1\n", [(1, 12)]),  # in a comment (Trojan Source)
        ("name\u200b: x\n", [(1, 5)]),  # in a key
        ("a: 'quoted \u2067text\u2069'\n", [(1, 12), (1, 17)]),  # isolate and its end
    ],
)
def test_invisible_characters_anywhere_in_the_file(text: str, where: list[tuple[int, int]]) -> None:
    assert [f[:2] for f in character_findings(text)] == where


def test_one_finding_per_run_of_one_character() -> None:
    assert [f[:2] for f in character_findings("a: x\u200b\u200b\u200by\u200bz\n")] == [(1, 5), (1, 9)]


@pytest.mark.parametrize(
    ("text", "where", "context"),
    [
        ("a:\n\u00a0\u00a0b: 1\n", (2, 1), "indentation"),
        ("a:\n  - \u00a0b\n", (2, 5), "indentation"),
        ("a:\n\u202f b: 1\n", (2, 1), "indentation"),
        ("data\u00a0subjects: [x]\n", (1, 5), "inside a key"),
        ("a:\n  data\u2007subjects: [x]\n", (2, 7), "inside a key"),
        ("name:\u00a0Nyhetsbrev\n", (1, 6), "after ':'"),
        ("list:\n  - id:\u00a0send\n", (2, 8), "after ':'"),
    ],
)
def test_non_breaking_spaces_as_indentation_or_in_keys(
        text: str, where: tuple[int, int], context: str) -> None:
    (found, *_) = character_findings(text)
    assert found[:2] == where
    assert context in found[2] and "U+" in found[2]


def test_non_breaking_spaces_in_running_text_are_fine() -> None:
    assert load_text("a: kr\u00a0100 og §\u00a013\nb: 'x\u2007y'\n").findings == []


# issue 9 class 4: line numbers are the editor's (only \n, \r\n and \r end a line)
def test_a_line_separator_in_a_text_does_not_shift_later_lines() -> None:
    lines = [f"key{i}: value {i}" for i in range(1, 30)]
    lines[10] = "key11: first\u2028second"
    text = "\n".join(lines) + "\nkey1: again\n"
    assert problems(text) == [("yaml-character", 11, 13), ("yaml-duplicate-key", 30, 1)]
    loaded = load_text(text)
    assert loaded.position(("key29",)) == (29, 8)
    assert "U+2028" in loaded.findings[0].message


def test_a_line_separator_in_a_comment_is_not_a_line_break() -> None:
    text = "# Behandling av\u2028personopplysninger\nname: x\nother: y\n"
    assert problems(text) == [("yaml-character", 1, 16)]
    assert load_text(text).data == {"name": "x", "other": "y"}


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"], ids=lambda c: f"U+{ord(c):04X}")
def test_line_separators_are_reported_and_values_keep_them(char: str) -> None:
    text = f"a: x{char}y\nb: |\n  p{char}q\n  r\nc: d: e\n"
    loaded = load_text(text)
    assert problems(text) == [("yaml-character", 1, 5), ("yaml-character", 3, 4),
                              ("yaml-syntax", 5, 5)]
    assert f"U+{ord(char):04X}" in loaded.findings[0].message
    valid = load_text(f"a: \"x{char}y\"\nb: |\n  p{char}q\n  r\n")
    assert valid.data == {"a": f"x{char}y", "b": f"p{char}q\nr\n"}


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_positions_in_windows_and_old_mac_files(newline: str) -> None:
    text = newline.join(["a: 1", "b: x\u200by", "c:", "  d: \"\\x01\"", "a: 2", ""])
    assert problems(text) == [("yaml-character", 2, 5), ("yaml-character", 4, 7),
                              ("yaml-duplicate-key", 5, 1)]


def test_control_characters_typed_into_the_file_are_all_reported() -> None:
    assert problems("a: \x07\x07 x\nb: \x81\nc: \x7f\n") == [
        ("yaml-character", 1, 4), ("yaml-character", 2, 4), ("yaml-character", 3, 4)]


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        ("a: " + "x\u200b" * 200_000 + "\n", 21),
        ("a:\n" + " \u00a0-\u00a0" * 100_000 + "\n", 21),  # one long "indentation"
        ("a: " + "-\u00a0" * 200_000 + "\n", 0),  # running text: fine, and not slow
        ("a: " + "x\u2028" * 200_000 + "\n", 21),
        ('a: "' + "x\\x01" * 100_000 + '"\n', 1),
        ("a: " + "\ue000\u2028" * 3_000 + "\n", 21),  # stand-ins avoid the file's own
        ("a: " + "\x07x" * 200_000 + "\n", 21),
    ],
)
def test_a_flood_of_characters_is_reported_quickly_and_boundedly(text: str, listed: int) -> None:
    # Linear work takes well under a second here; a quadratic slip takes minutes.
    started = time.perf_counter()
    found = load_text(text).findings
    assert time.perf_counter() - started < 5
    assert len(found) == listed
    assert all(f.rule == "yaml-character" for f in found)
    if listed == 21:
        assert "more places" in found[-1].message


# issue 9 class 14: a %YAML 1.1 directive is reported, and not obeyed
def test_yaml_1_1_directive_is_reported() -> None:
    loaded = load_text("# record\n%YAML 1.1\n---\nanswer: yes\ncountry: NO\n")
    assert problems("# record\n%YAML 1.1\n---\nanswer: yes\ncountry: NO\n") == [
        ("yaml-version", 2, 1)]
    assert "YAML 1.2" in loaded.findings[0].message and "yes" in loaded.findings[0].message
    assert loaded.data == {"answer": "yes", "country": "NO"}


def test_yaml_1_2_directive_is_fine_and_other_versions_are_refused() -> None:
    assert problems("%YAML 1.2\n---\na: 1\n") == []
    assert problems("%YAML 2.0\n---\na: 1\n") == [("yaml-syntax", 1, 1)]


def test_dropped_positions_are_found_again_from_the_text() -> None:
    # What a worker process does before sending a loaded file back (project._load_chunk).
    text = ("name: {nb: Navn, en: Name}\n"
            "purposes:\n  - id: a\n    text: {nb: \"x\\u00e5\", en: y}\n"
            "list: [1, 2, {key: v}]\n")
    doc = load_text(text, "f.yaml")
    paths = list(doc.positions)
    expected = [doc.position(p) for p in paths] + [doc.key_position(p) for p in paths]
    doc.drop_positions()
    assert doc.positions == {} and doc.positions_dropped
    assert [doc.position(p) for p in paths] + [doc.key_position(p) for p in paths] == expected
    assert doc.position(("purposes", 0, "text", "nb")) == (4, 16)
