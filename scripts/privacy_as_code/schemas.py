"""JSON Schema validation of loaded records, reported at file:line:column.

Valid files take a fast path through jsonschema-rs (compiled, about a hundred
times faster); only files that fail are validated again with
python-jsonschema, whose errors carry the schema and instance paths needed to
write a message a lawyer can act on. Both use the same schemas, loaded from
``schemas/`` into one registry, so no ``$ref`` ever leaves the machine.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from privacy_as_code.findings import Finding, Severity
from privacy_as_code.loader import LoadedYaml

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"
"""The repository's schemas; a project root with its own ``schemas/`` uses those."""

SCHEMA_FILES = {
    "organisation": "organisation.schema.json",
    "statement": "statement.schema.json",
    "recipients": "recipients.schema.json",
    "vocabulary": "vocabulary.schema.json",
    "activity": "activity.schema.json",
}


@dataclass(frozen=True)
class SchemaSet:
    """The schemas of one project, compiled once per run."""

    directory: Path

    @cached_property
    def _documents(self) -> dict[str, dict[str, Any]]:
        return {
            path.resolve().as_uri(): json.loads(path.read_text("utf-8"))
            for path in sorted(self.directory.glob("*.schema.json"))
        }

    @cached_property
    def _registry(self) -> Registry:
        return Registry().with_resources(
            (uri, Resource.from_contents(doc, default_specification=DRAFT202012))
            for uri, doc in self._documents.items()
        )

    def _uri(self, kind: str) -> str:
        return (self.directory / SCHEMA_FILES[kind]).resolve().as_uri()

    @cached_property
    def _fast(self) -> dict[str, Any]:
        registry = jsonschema_rs.Registry(list(self._documents.items()))
        return {
            kind: jsonschema_rs.Draft202012Validator(
                self._documents[self._uri(kind)],
                registry=registry,
                base_uri=self._uri(kind),
                validate_formats=True,
            )
            for kind in SCHEMA_FILES
        }

    @cached_property
    def _detailed(self) -> dict[str, Draft202012Validator]:
        return {
            # The files carry no $id (editors resolve their relative $refs
            # against the file's location); give the validator that base URI.
            kind: Draft202012Validator(
                {**self._documents[self._uri(kind)], "$id": self._uri(kind)},
                registry=self._registry,
                format_checker=FormatChecker(),
            )
            for kind in SCHEMA_FILES
        }

    def schema(self, kind: str) -> dict[str, Any]:
        return self._documents[self._uri(kind)]

    def validate(self, kind: str, doc: LoadedYaml) -> list[Finding]:
        """Schema findings for one loaded file (none when it is valid)."""
        if doc.data is None or self._fast[kind].is_valid(doc.data):
            return []
        findings: list[Finding] = []
        for error in self._detailed[kind].iter_errors(doc.data):
            findings.extend(_explain(error, doc))
        return findings


def _explain(error: ValidationError, doc: LoadedYaml) -> list[Finding]:
    """Turn one jsonschema error into findings in plain words."""
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    messages = schema.get("x-messages", {})
    rule = schema.get("x-rule", "schema")
    where = _describe_path(path)

    def at(position: tuple[int, int], rule_id: str, message: str) -> Finding:
        return Finding(doc.path, position[0], position[1], Severity.ERROR, rule_id, message)

    if error.validator == "required":
        # One finding per rule the missing keys belong to (retention-required,
        # transfers-declared, ...), at the mapping that should hold them.
        properties = schema.get("properties", {})
        instance = error.instance if isinstance(error.instance, dict) else {}
        by_rule: dict[str, list[str]] = {}
        for name in error.validator_value:
            if name not in instance:
                by_rule.setdefault(properties.get(name, {}).get("x-rule", "schema"), []).append(name)
        found = []
        for rule_id, names in by_rule.items():
            first = properties.get(names[0], {})
            text = first.get("x-messages", {}).get("required") or (
                f"'{names[0]}' is missing{' in ' + where if where else ''}"
            )
            if len(names) > 1:
                text += f" (also missing: {', '.join(names[1:])})"
            found.append(at(doc.position(path), rule_id, text))
        return found

    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = list(schema.get("properties", {}))
        found = []
        for key in error.instance:
            if key in known:
                continue
            suggestion = _suggest(str(key), known)
            text = f"unknown key '{key}'{' in ' + where if where else ''}"
            text += f"; did you mean '{suggestion}'?" if suggestion else (
                f"; expected one of: {', '.join(known)}" if known else ""
            )
            found.append(at(doc.key_position((*path, key)), "unknown-key", text))
        return found

    value = error.instance
    if error.validator in messages:
        text = messages[error.validator].format(value=_show(value))
        return [at(doc.position(path), rule, text)]

    if error.validator == "oneOf":
        return _explain_one_of(error, doc, rule, where)

    text = _plain_message(error, where)
    return [at(doc.position(path), rule, text)]


def _explain_one_of(error: ValidationError, doc: LoadedYaml, rule: str, where: str) -> list[Finding]:
    """Explain a value that matches none of its alternatives.

    Most alternatives are "a real value, or an open question". When the value
    is not shaped like an open question, the useful explanation is why it is
    not a valid real value.
    """
    value = error.instance
    branches = error.validator_value if isinstance(error.validator_value, list) else []
    is_question = isinstance(value, dict) and "open_question" in value
    # Errors from the alternative the value was evidently meant as: the same
    # shape (not a type or const mismatch at the top), and an open question
    # only when the value looks like one.
    candidates = [
        sub for sub in error.context
        if is_question == _is_open_question_branch(branches, sub)
        and (sub.relative_path or sub.validator not in ("type", "const"))
    ]
    if candidates:
        deepest = best_match(candidates)
        if deepest is not None:
            return _explain(deepest, doc)
    alternatives = " or ".join(_branch_phrase(b) for b in branches)
    text = f"{where or 'the value'} is {_describe_value(value)}; expected {alternatives}"
    position = doc.position(tuple(error.absolute_path))
    return [Finding(doc.path, position[0], position[1], Severity.ERROR, rule, text)]


_REF_PHRASES = {
    "open_question": "an open question ({open_question: ...})",
    "id_list": "a list of keys",
    "duration": "a period such as P6M",
    "country": "a country code such as NO",
    "statute": "the statute as text",
    "non_empty_string": "text",
    "reference": "a reference as text",
    "email": "an e-mail address",
}


def _branch_phrase(branch: Any) -> str:
    if not isinstance(branch, dict):
        return "another value"
    if "const" in branch:
        return f"'{branch['const']}'"
    ref = str(branch.get("$ref", ""))
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return _REF_PHRASES.get(name, name.replace("_", " "))
    return {"array": "a list", "object": "a mapping", "string": "text"}.get(
        str(branch.get("type")), "another value"
    )


def _is_open_question_branch(branches: list[Any], error: ValidationError) -> bool:
    index = error.relative_schema_path[0] if error.relative_schema_path else None
    if not isinstance(index, int) or index >= len(branches):
        return False
    branch = branches[index]
    return isinstance(branch, dict) and str(branch.get("$ref", "")).endswith("/open_question")


def _plain_message(error: ValidationError, where: str) -> str:
    value = error.instance
    subject = where or "the value"
    validator = error.validator
    if validator == "type":
        expected = error.validator_value
        wanted = {
            "string": "text", "object": "a mapping (keys with values)", "array": "a list",
            "boolean": "true or false", "integer": "a whole number", "number": "a number",
        }.get(expected if isinstance(expected, str) else "", str(expected))
        hint = ""
        if isinstance(value, bool) and expected == "string":
            hint = " (unquoted yes/no/true/false are read as true or false: put the text in quotes)"
        elif isinstance(value, int | float) and expected == "string":
            hint = " (put numbers that are meant as text in quotes, e.g. \"2.0\")"
        return f"{subject} should be {wanted}, but is {_describe_value(value)}{hint}"
    if validator == "enum":
        options = [str(o) for o in error.validator_value]
        suggestion = _suggest(str(value), options)
        text = f"{subject}: {_show(value)} is not an allowed value; choose one of: {', '.join(options)}"
        return text + (f" (did you mean '{suggestion}'?)" if suggestion else "")
    if validator == "const":
        return f"{subject} should be '{error.validator_value}'"
    if validator in ("minLength", "pattern") and isinstance(value, str) and not value.strip():
        return f"{subject} is empty; write the text"
    if validator == "pattern":
        return f"{subject}: {_show(value)} is not in the expected form ({_form_hint(error)})"
    if validator == "minItems":
        return f"{subject} is an empty list; it needs at least {error.validator_value} item"
    if validator == "uniqueItems":
        return f"{subject} lists the same value more than once"
    if validator == "maxLength":
        return f"{subject} is longer than {error.validator_value} characters"
    if validator == "format":
        return f"{subject}: {_show(value)} is not a valid {error.validator_value}"
    if validator == "propertyNames":
        return f"{subject}: the key {_show(value)} is not a valid key (use lower-case letters, digits, - and _)"
    return f"{subject}: {error.message}"


def _form_hint(error: ValidationError) -> str:
    description = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
    english = [line[4:] for line in description.splitlines() if line.startswith("en: ")]
    return english[0].rstrip(".") if english else f"pattern {error.validator_value}"


def _suggest(word: str, options: list[str]) -> str | None:
    cutoff = 0.5 if len(word) <= 3 else 0.6
    close = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    return close[0] if close else None


def _describe_path(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return f"'{text}'" if text else ""


def _describe_value(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"the text {_show(value)}"


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "...'"
