"""The editors' guide: a field reference from the schemas, a rule catalogue from the rules.

Both pages are generated, never written by hand, so they cannot drift from
what ``privacy check`` enforces:

- the field reference walks ``schemas/*.schema.json`` (every record kind, every
  field, with its description in the page's language, its type or allowed
  values with their ``markdownEnumDescriptions``, and whether it is required);
- the rule catalogue reads each rule module's docstring (what, ``Why:``, and
  the ``Passing::`` / ``Failing::`` examples; in a language other than the
  docstrings' the texts come from :func:`privacy_as_code.i18n.rule_texts`,
  the examples' code stays the docstring's) and collects the rule ids the
  schemas enforce themselves (``x-rule``) with their messages (``x-messages``).

Everything taken from a schema, a docstring or a rule text file is data: it goes through
:func:`~.markdown.inline`, :func:`~.markdown.code` or
:func:`~.markdown.code_block`, never into the page as Markdown.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from privacy_as_code.findings import say
from privacy_as_code.i18n import Words, rule_texts
from privacy_as_code.kinds import KINDS as RECORD_KINDS
from privacy_as_code.render.markdown import Md, anchor, code, code_block, inline

if TYPE_CHECKING:
    from privacy_as_code.rules import Rule
    from privacy_as_code.syntax_rules import Documented

KINDS = tuple((kind.name, kind.schema, kind.record) for kind in RECORD_KINDS)
"""The record kinds (:data:`privacy_as_code.kinds.KINDS`) as (kind, schema file, record path)."""

COMMON = "common.schema.json"
SHARED = ("text", "open_question", "proposed", "open_questions")
"""The shared building blocks the reference explains once, at the end."""

_COMMON_REF = re.compile(r"^(?:common\.schema\.json)?#/\$defs/([A-Za-z0-9_]+)$")


def _single_all_of(node: Any) -> Any:
    """``{"allOf": [{"$ref": ...}], ...}`` read as ``{"$ref": ..., ...}``.

    The schemas write a ``$ref`` that has ``x-`` annotations beside it this way:
    yaml-language-server would otherwise list the referenced block's description
    before the field's own in its hover (see ``tests/test_lsp.py``).
    """
    if (isinstance(node, dict) and "$ref" not in node and isinstance(node.get("allOf"), list)
            and len(node["allOf"]) == 1 and isinstance(node["allOf"][0], dict)):
        return {**{k: v for k, v in node.items() if k != "allOf"}, **node["allOf"][0]}
    return node


def describe(node: dict[str, Any], words: Words) -> str:
    """The ``nb:`` or ``en:`` line of a bilingual description (the fallback language's line
    when this language has none; all of it when not bilingual)."""
    text = str(node.get("description", "")).strip()
    for code_ in (words.lang, words.fallback):
        prefix = f"{code_}: "
        for line in text.splitlines():
            if code_ and line.startswith(prefix):
                return line[len(prefix):].strip()
    return text


@dataclass
class Field:
    """One field of a record kind, flattened: ``legal_basis[].basis``."""

    path: str
    name: str
    depth: int
    required: bool
    description: str
    kind: Md
    values: list[tuple[Md, str]] = field(default_factory=list)
    """Allowed values (already ``code``) with their editor description."""


class Schemas:
    """The schema files of one directory, with ``$ref`` resolution for the reference."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.docs: dict[str, dict[str, Any]] = {
            p.name: json.loads(p.read_text("utf-8")) for p in sorted(directory.glob("*.schema.json"))
        }

    def resolve(self, node: dict[str, Any], file: str) -> tuple[dict[str, Any], str, str | None]:
        """Follow ``$ref`` (within one file or into common); returns (node, file, def name)."""
        node = _single_all_of(node)
        name = None
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 10:
            ref = str(node["$ref"])
            target_file, _, pointer = ref.partition("#")
            target_file = target_file or file
            match = re.match(r"^/\$defs/([A-Za-z0-9_]+)$", pointer)
            if not match or target_file not in self.docs:
                break
            name = match.group(1)
            merged = {k: v for k, v in node.items() if k != "$ref"}
            target = self.docs[target_file]["$defs"][name]
            node = {**target, **merged}
            file = target_file
            seen += 1
        return node, file, name

    # --- type words ----------------------------------------------------------
    def kind_words(self, node: dict[str, Any], file: str, words: Words) -> Md:
        terms = {**words.guide, "or": words.grammar["or"]}
        node = _single_all_of(node)
        if isinstance(node, dict) and "$ref" in node:
            match = _COMMON_REF.match(str(node["$ref"]))
            if match and match.group(1) in terms and (file == COMMON or str(node["$ref"]).startswith(COMMON)):
                return Md(terms[match.group(1)])
        node, file, _ = self.resolve(node, file)
        if "const" in node:
            return Md(terms["const"].format(value=code(node["const"])))
        if "enum" in node:
            return Md(terms["one_of"] + " " + ", ".join(code(v) for v in node["enum"]))
        if "oneOf" in node:
            return Md(f" {terms['or']} ".join(self.kind_words(b, file, words) for b in node["oneOf"]))
        kind = node.get("type")
        if kind == "array":
            item = node.get("items") or {}
            if _COMMON_REF.match(str(item.get("$ref", ""))) and str(item["$ref"]).endswith("/id"):
                return Md(terms["id_list"])
            resolved, _, _ = self.resolve(item, file)
            if resolved.get("type") == "object" and resolved.get("properties"):
                return Md(terms["list_of_objects"])
            return Md(terms["list_of"].format(item=self.kind_words(item, file, words)))
        if kind == "object":
            if "properties" not in node and isinstance(node.get("additionalProperties"), dict):
                return Md(terms["map_of"].format(
                    item=self.kind_words(node["additionalProperties"], file, words)))
            return Md(terms["object"])
        if kind == "boolean":
            return Md(terms["boolean"])
        if kind in ("integer", "number"):
            return Md(terms["number"])
        if kind == "string":
            return Md(terms["string"])
        return Md(terms["any"])

    def _values(self, node: dict[str, Any], file: str) -> list[tuple[Md, str]]:
        node, file, _ = self.resolve(node, file)
        if "enum" in node:
            notes = node.get("markdownEnumDescriptions") or node.get("enumDescriptions") or []
            return [(code(v), str(notes[i]) if i < len(notes) else "")
                    for i, v in enumerate(node["enum"])]
        values: list[tuple[Md, str]] = []
        for branch in node.get("oneOf") or []:
            values += self._values(branch, file)
        return values

    # --- fields --------------------------------------------------------------
    def fields(self, node: dict[str, Any], file: str, words: Words, prefix: str = "",
               depth: int = 0) -> list[Field]:
        """Every field under an object schema, depth first, in schema order."""
        node, file, _ = self.resolve(node, file)
        result: list[Field] = []
        required = set(node.get("required") or [])
        for name, sub in (node.get("properties") or {}).items():
            path = f"{prefix}{name}"
            resolved, sub_file, def_name = self.resolve(sub, file)
            description = describe(sub, words) if "description" in sub else describe(resolved, words)
            result.append(Field(path=path, name=name, depth=depth, required=name in required,
                                description=description, kind=self.kind_words(sub, file, words),
                                values=self._values(sub, file)))
            if sub_file == COMMON and def_name in SHARED:
                continue  # explained once, under the shared building blocks
            result += self._children(resolved, sub_file, words, path, depth + 1)
        return result

    def _children(self, node: dict[str, Any], file: str, words: Words, path: str,
                  depth: int) -> list[Field]:
        """The fields inside an object, a list of objects, a map, or a oneOf branch."""
        node, file, _ = self.resolve(node, file)
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            item, item_file, def_name = self.resolve(node["items"], file)
            if item_file == COMMON and def_name in SHARED:
                return []
            return self._children(item, item_file, words, path + "[]", depth)
        if node.get("properties"):
            return self.fields(node, file, words, path + ".", depth)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            return self._children(extra, file, words, path + ".<key>", depth)
        result: list[Field] = []
        for branch in node.get("oneOf") or []:
            branch, branch_file, def_name = self.resolve(branch, file)
            if branch_file == COMMON and def_name in SHARED:
                continue
            result += self._children(branch, branch_file, words, path, depth)
        return result

    # --- rule ids the schemas enforce ---------------------------------------
    def schema_rules(self) -> dict[str, list[tuple[str, str, str]]]:
        """``x-rule`` id -> [(schema file, field path, message)], plus ``schema`` for the rest."""
        found: dict[str, list[tuple[str, str, str]]] = {}

        def walk(node: Any, file: str, path: str) -> None:
            if isinstance(node, dict):
                if "x-rule" in node or "x-messages" in node:
                    rule = str(node.get("x-rule", "schema"))
                    messages = node.get("x-messages") or {}
                    entries = found.setdefault(rule, [])
                    if not messages:
                        entries.append((file, path, ""))
                    for message in messages.values():
                        entries.append((file, path, str(message)))
                for key, value in node.items():
                    if key == "properties" and isinstance(value, dict):
                        for name, sub in value.items():
                            walk(sub, file, f"{path}.{name}" if path else name)
                    elif key == "$defs" and isinstance(value, dict):
                        for name, sub in value.items():
                            walk(sub, file, f"$defs/{name}")
                    elif isinstance(value, dict | list) and key not in ("x-messages",):
                        walk(value, file, path)
            elif isinstance(node, list):
                for item in node:
                    walk(item, file, path)

        for name, doc in self.docs.items():
            if name in {schema for _, schema, _ in KINDS} or name == COMMON:
                walk(doc, name, "")
        return found


# --- the rule docstrings -----------------------------------------------------

@dataclass
class RuleDoc:
    """A rule module's docstring, split into its parts."""

    id: str
    summary: str
    body: list[str]
    why: str
    examples: list[tuple[str, str, str]]
    """(passing|failing|other, the label's remainder, the code)."""


def parse_docstring(rule_id: str, doc: str | None) -> RuleDoc:
    """Split a yamllint-style docstring: summary, paragraphs, ``Why:``, ``Label::`` + indented code."""
    lines = inspect.cleandoc(doc or "").splitlines()
    paragraphs: list[str] = []
    examples: list[tuple[str, str, str]] = []
    index = 0
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(s.strip() for s in current))
            current.clear()

    while index < len(lines):
        line = lines[index]
        if not line.strip():
            flush()
            index += 1
            continue
        if line.rstrip().endswith("::") and not line.startswith((" ", "\t")):
            current.append(line.rstrip()[:-2])
            label = " ".join(s.strip() for s in current).strip()
            current.clear()
            index += 1
            block: list[str] = []
            while index < len(lines) and (not lines[index].strip() or lines[index][:1] in (" ", "\t")):
                block.append(lines[index])
                index += 1
            lowered = label.lower()
            kind = "passing" if lowered.startswith("passing") else (
                "failing" if lowered.startswith("failing") else "other")
            rest = label[len(kind):].strip() if kind != "other" else label
            examples.append((kind, rest, "\n".join(block)))
            continue
        current.append(line)
        index += 1
    flush()
    summary = paragraphs[0] if paragraphs else ""
    why = next((p for p in paragraphs[1:] if p.startswith("Why:")), "")
    body = [p for p in paragraphs[1:] if p is not why]
    return RuleDoc(rule_id, summary, body, why.removeprefix("Why:").strip(), examples)


_LITERAL = re.compile(r"``(.+?)``|`([^`\n]+)`|(?<![\w*])\*([^*\s](?:[^*]*[^*\s])?)\*(?![\w*])")


def _spaced(text: str) -> Md:
    """:func:`inline`, keeping one space where the text began or ended with whitespace."""
    if not text.strip():
        return Md(" " if text else "")
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return Md(lead + inline(text) + trail)


def prose(text: str) -> Md:
    """Docstring or editor text: escaped; ``literals`` (RST) and `code` become inert code, *x* emphasis."""
    parts: list[str] = []
    last = 0
    for match in _LITERAL.finditer(text):
        parts.append(_spaced(text[last:match.start()]))
        if match.group(3):
            parts.append(Md(f"<em>{inline(match.group(3))}</em>"))
        else:
            parts.append(code(match.group(1) or match.group(2)))
        last = match.end()
    parts.append(_spaced(text[last:]))
    return Md("".join(parts).strip())


def translated(doc: RuleDoc, text: Mapping[str, Any]) -> RuleDoc:
    """``doc`` with its summary, paragraphs, why and example notes taken from ``text``
    (one rule's table of :func:`privacy_as_code.i18n.rule_texts`); the examples'
    code stays the docstring's. Parts ``text`` lacks stay the docstring's."""
    notes = list(text.get("example_notes") or [])
    examples = [(kind, str(notes[i]) if i < len(notes) else rest, code_)
                for i, (kind, rest, code_) in enumerate(doc.examples)]
    return RuleDoc(doc.id, str(text.get("summary", doc.summary)),
                   [str(p) for p in text.get("body", doc.body)], str(text.get("why", doc.why)),
                   examples)


def rules_context(rules: Sequence[Rule | Documented], schemas: Schemas,
                  words: Words) -> dict[str, Any]:
    """The rule catalogue's context: the rule modules and the loader's and schemas' rules
    (:mod:`privacy_as_code.syntax_rules`), each by its id and docstring, in ``words``'
    language (``language.rule_texts_native``: the docstrings'; otherwise the texts of
    :func:`privacy_as_code.i18n.rule_texts`). ``rule_texts_native`` in the result is
    false when some rule had to be shown in the docstrings' English (the page says so)."""
    labels = words.example
    enforced = schemas.schema_rules()
    docstrings_native = bool(words.data["language"]["rule_texts_native"])
    texts = {} if docstrings_native else rule_texts(words.lang)
    catalogue = []
    for rule in sorted(rules, key=lambda r: r.ID):
        doc = parse_docstring(rule.ID, rule.__doc__)
        if rule.ID in texts:
            doc = translated(doc, texts[rule.ID])
        catalogue.append({
            "id": rule.ID,
            "anchor": anchor(rule.ID),
            "summary": prose(doc.summary),
            "body": [prose(p) for p in doc.body],
            "why": prose(doc.why) if doc.why else None,
            "name": code(rule.ID),
            "examples": [{"label": Md(labels[kind] + (" " + inline(rest) if rest else "")),
                          "code": code_block(text)} for kind, rest, text in doc.examples],
            "schema": _schema_entries(enforced.get(rule.ID, []), words),
        })
    module_ids = {r.ID for r in rules}
    schema_only = [{"id": rid, "name": code(rid), "anchor": anchor(rid),
                    "entries": _schema_entries(entries, words)}
                   for rid, entries in sorted(enforced.items()) if rid not in module_ids]
    native = docstrings_native or all(r.ID in texts for r in rules)
    return {"rules": catalogue, "schema_rules": schema_only, "why_label": labels["why"],
            "rule_texts_native": native}


def _schema_entries(entries: list[tuple[str, str, str]], words: Words) -> list[Md]:
    """One line per (schema file, field, message id): ``file: field: message`` (the
    schema's ``x-messages`` name messages of the catalogues, worded in ``words``' language)."""
    def worded(message_id: str) -> str:
        return say(words, message_id, (("value", "…"), ("also", "")))

    return [Md(f"{code(file)}, {code(path)}" + (f": {inline(worded(message))}" if message else ""))
            for file, path, message in entries]


def fields_context(schemas: Schemas, words: Words) -> dict[str, Any]:
    kinds = []
    for kind, file, record in KINDS:
        doc = schemas.docs.get(file)
        if doc is None:
            continue
        title = str(doc.get("title", kind))
        kinds.append({
            "kind": kind,
            "anchor": anchor(kind),
            "title": _title(title, words),
            "record": code(record),
            "schema": code(f"schemas/{file}"),
            "description": describe(doc, words),
            "fields": [_field_view(f, words) for f in schemas.fields(doc, file, words)],
        })
    common = schemas.docs.get(COMMON, {"$defs": {}})
    shared = []
    for name in SHARED:
        node = common["$defs"].get(name)
        if node is None:
            continue
        shared.append({
            "anchor": anchor("shared-" + name),
            "title": _title(str(node.get("title", name)), words),
            "name": code(name),
            "description": describe(node, words),
            "fields": [_field_view(f, words)
                       for f in schemas._children(node, COMMON, words, "", 0)],
        })
    return {"kinds": kinds, "shared": shared}


def _title(title: str, words: Words) -> str:
    """``English / Norsk`` schema titles: the half in the page's language."""
    parts = [p.strip() for p in title.split(" / ")]
    if len(parts) == 2:
        return parts[int(words.data["language"]["schema_title_part"])]
    return title


def _field_view(f: Field, words: Words) -> dict[str, Any]:
    return {
        "path": code(f.path.lstrip(".")),
        "top": f.depth == 0,
        "anchor": anchor(f.path),
        "required": f.required,
        "status": Md(f"**{words.guide['required']}**" if f.required else f"*{words.guide['optional']}*"),
        "description": f.description,
        "kind": f.kind,
        "allowed": [Md(v + (f": {prose(note)}" if note else "")) for v, note in f.values],
    }
