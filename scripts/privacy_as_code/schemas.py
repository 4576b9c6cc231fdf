"""JSON Schema validation of loaded records, reported at file:line:column.

Valid files take a fast path through jsonschema-rs (compiled, about a hundred
times faster); only files that fail are validated again with
python-jsonschema, whose errors carry the schema and instance paths needed to
write a message a lawyer can act on. Both use the same schemas, the copy
packaged with the tool (:data:`privacy_as_code.resources.SCHEMA_DIR`, identical
to the repository's ``schemas/``), loaded into one registry, so no ``$ref``
ever leaves the machine, and the same format checks (``FORMATS``), so
``format`` means one thing in both.

The gate fails closed: when jsonschema-rs rejects a file and python-jsonschema
finds nothing to explain, its own errors become the findings. The schemas'
patterns are ECMA-262 written so that Python's ``re`` and Rust's engine agree
(see the ``$comment`` of ``common.schema.json``; ``tests/test_schemas.py``
runs every pattern on both).

A schema file that cannot be read, parsed, checked against its metaschema or
resolved raises ``SchemaError`` when the ``SchemaSet`` is made, before any
record is read.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import idna
import jsonschema_rs
from email_validator import EmailNotValidError, validate_email
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from jsonschema.exceptions import SchemaError as MetaschemaError
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from privacy_as_code import countries
from privacy_as_code.findings import Finding, Severity
from privacy_as_code.kinds import SCHEMA_FILES
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.resources import SCHEMA_DIR

__all__ = ["SCHEMA_DIR", "SCHEMA_FILES", "SchemaSet"]



class SchemaError(Exception):
    """A schema file that cannot be used; ``str()`` is ``cannot load schema <path>: <reason>``.

    The command line maps it to exit 2: the records cannot be judged at all.
    """

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot load schema {_shown(path)}: {reason}")


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --- formats: one check per format name, used by both validators -----------------

def date_problem(value: str) -> str | None:
    """Why ``value`` is not a calendar date ``YYYY-MM-DD`` (ISO 8601 calendar date), or None."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return f"{_show(value)} is not a date in the form YYYY-MM-DD"
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"{_show(value)} is not a date in the calendar"
    return None


def email_problem(value: str) -> str | None:
    """Why ``value`` is not an e-mail address a mail client would accept, or None.

    email-validator's syntax rules (RFC 5321/5322 with the SMTPUTF8 and IDNA
    extensions; no quoted local parts, no IP-address domains, no special-use
    domains), offline: the domain's DNS is not asked.
    """
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        return f"{_show(value)} is not a valid e-mail address: {exc}"
    return None


_URL_FORBIDDEN = set('<>"{}|\\^`')


def url_problem(value: str) -> str | None:
    """Why ``value`` is not a web address a browser opens as written, or None.

    Absolute ``http``/``https`` URL (RFC 3986; non-ASCII letters in the path
    are allowed as browsers do, RFC 3987), no spaces, line breaks or invisible
    characters, no user name or password, a valid port, and a host that is a
    full domain name valid under IDNA 2008 (UTS #46 mapping). Whether it must
    be ``https`` is the schema's ``pattern``.
    """
    def bad(reason: str) -> str:
        return f"{_show(value)} is not a valid web address: {reason}"

    odd = [c for c in value if c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
    if odd:
        return bad(f"it contains U+{ord(odd[0]):04X} ({unicodedata.name(odd[0], 'a control character')})")
    forbidden = sorted({c for c in value if c in _URL_FORBIDDEN})
    if forbidden:
        return bad(f"it contains {' '.join(forbidden)}, which must be percent-encoded")
    if re.search(r"%(?![0-9A-Fa-f]{2})", value):
        return bad("a % is not followed by two hexadecimal digits")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not value.lower().startswith(parts.scheme + "://"):
        return bad("it does not start with https://")
    if parts.username is not None or parts.password is not None:
        return bad("it contains a user name or password before the host")
    try:
        _ = parts.port  # raises ValueError on a port out of range or not a number
    except ValueError:
        return bad("the port is not a number from 0 to 65535")
    host = parts.hostname or ""
    if not host:
        return bad("it has no host name")
    try:
        idna.encode(host, uts46=True)
    except (idna.IDNAError, UnicodeError) as exc:
        return bad(f"the host name '{host}' is not valid ({exc})")
    labels = host.rstrip(".").split(".")
    top = labels[-1]
    if len(labels) < 2 or not (top.isalpha() or top.startswith("xn--")):
        return bad(f"the host name '{host}' is not a full domain name such as www.example.no")
    return None


def country_problem(value: str) -> str | None:
    """Why ``value`` is not an ISO 3166-1 alpha-2 code, with a hint (``UK`` -> ``GB``), or None."""
    return countries.problem(value)


FORMATS: dict[str, Callable[[str], str | None]] = {
    "date": date_problem,
    "email": email_problem,
    "uri": url_problem,
    "country": country_problem,
}
"""Every ``format`` the schemas use, with the check both validators run.

A ``format`` not named here is an error in the schema (``SchemaSet`` refuses
it): the two validators' own implementations of a format differ.
"""


def format_checks() -> dict[str, Callable[[object], bool]]:
    """``FORMATS`` as the yes/no checks validators call (values other than text pass, as the
    JSON Schema specification says for ``format``): ``{"email": check, ...}``."""
    def check(problem: Callable[[str], str | None]) -> Callable[[object], bool]:
        return lambda value: not isinstance(value, str) or problem(value) is None
    return {name: check(problem) for name, problem in FORMATS.items()}


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for name, check in format_checks().items():
        checker.checks(name)(check)
    return checker


# --- the schema set ----------------------------------------------------------------

def _walk(node: Any, where: str = "#") -> Iterator[tuple[str, str, Any]]:
    """``(json pointer, keyword, value)`` for every keyword in a schema document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield where, key, value
            yield from _walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{where}/{index}")


def _read_schema(path: Path) -> dict[str, Any]:
    """One schema file, parsed and checked against the Draft 2020-12 metaschema."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise SchemaError(path, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(path, getattr(exc, "strerror", None) or str(exc)) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaError(path, f"line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    if not isinstance(document, dict):
        raise SchemaError(path, "the file does not hold a JSON object")
    try:
        # The Rust engine's metaschema check is a few hundred times faster; the
        # Python one runs only to word a failure (or if the engines disagree).
        if not jsonschema_rs.meta.is_valid(document):
            Draft202012Validator.check_schema(document)
    except MetaschemaError as exc:
        pointer = "/".join(["#", *(str(part) for part in exc.absolute_path)])
        raise SchemaError(path, f"at {pointer}: {exc.message}") from None
    for pointer, keyword, value in _walk(document):
        # The Rust metaschema check does not test that a pattern is a regular
        # expression (the Python one does, via format "regex"); say it the same way.
        patterns = ([value] if keyword == "pattern" else
                    list(value) if keyword == "patternProperties" and isinstance(value, dict) else [])
        for pattern in patterns:
            try:
                re.compile(pattern)
            except (re.error, TypeError):
                where = f"{pointer}/{keyword}" + ("" if keyword == "pattern" else f"/{pattern}")
                raise SchemaError(path, f"at {where}: {pattern!r} is not a 'regex'") from None
        if keyword == "format" and isinstance(value, str) and value not in FORMATS:
            raise SchemaError(path, f"at {pointer}: format '{value}' has no check shared by "
                                    f"both validators (known: {', '.join(FORMATS)})")
    return document


@dataclass(frozen=True)
class SchemaSet:
    """The schemas of one project, read and compiled when it is made.

    Raises ``SchemaError`` for a schema file that is missing, not JSON, not a
    valid Draft 2020-12 schema, uses a ``format`` without a shared check, or
    has a ``$ref`` that does not resolve within the folder.
    """

    directory: Path

    def __post_init__(self) -> None:
        self._check_refs()
        for kind, name in SCHEMA_FILES.items():
            try:  # compile both now, so a bad schema stops the run before any record is read
                self._fast[kind]
                self._detailed[kind]
            except Exception as exc:  # noqa: BLE001 - whatever the engines reject, name the file
                text = str(exc).strip()
                raise SchemaError(self.directory / name,
                                  text.splitlines()[0] if text else type(exc).__name__) from None

    @cached_property
    def _documents(self) -> dict[str, dict[str, Any]]:
        return {uri: document for uri, (_, document) in self._files.items()}

    @cached_property
    def _files(self) -> dict[str, tuple[Path, dict[str, Any]]]:
        """``uri -> (path, document)`` for every schema file, each checked on its own."""
        paths = sorted({*self.directory.glob("*.schema.json"),
                        *(self.directory / name for name in SCHEMA_FILES.values())})
        return {path.resolve().as_uri(): (path, _read_schema(path)) for path in paths}

    @cached_property
    def _registry(self) -> Registry:
        return Registry().with_resources(
            (uri, Resource.from_contents(doc, default_specification=DRAFT202012))
            for uri, doc in self._documents.items()
        )

    def _uri(self, kind: str) -> str:
        return (self.directory / SCHEMA_FILES[kind]).resolve().as_uri()

    def _check_refs(self) -> None:
        """Every ``$ref`` resolves to a schema in this folder: nothing is ever fetched."""
        for uri, (path, document) in self._files.items():
            resolver = self._registry.resolver(base_uri=uri)
            for pointer, keyword, value in _walk(document):
                if keyword != "$ref" or not isinstance(value, str):
                    continue
                try:
                    resolver.lookup(value)
                except Unresolvable:
                    raise SchemaError(path, f"at {pointer}: $ref '{value}' does not resolve to a "
                                            "schema in this folder (nothing is fetched from the "
                                            "network)") from None

    @cached_property
    def _fast_registry(self) -> Any:
        return jsonschema_rs.Registry(list(self._documents.items()))

    @cached_property
    def _fast(self) -> dict[str, Any]:
        return _LazyDict(lambda kind: jsonschema_rs.Draft202012Validator(
            self._documents[self._uri(kind)],
            registry=self._fast_registry,
            base_uri=self._uri(kind),
            validate_formats=True,
            formats=format_checks(),
        ))

    @cached_property
    def _detailed(self) -> dict[str, Draft202012Validator]:
        # The files carry no $id (editors resolve their relative $refs
        # against the file's location); give the validator that base URI.
        return _LazyDict(lambda kind: Draft202012Validator(
            {**self._documents[self._uri(kind)], "$id": self._uri(kind)},
            registry=self._registry,
            format_checker=_format_checker(),
        ))

    def schema(self, kind: str) -> dict[str, Any]:
        return self._documents[self._uri(kind)]

    def validate(self, kind: str, doc: LoadedYaml) -> list[Finding]:
        """Schema findings for one loaded file (none when it is valid).

        Fails closed: a file jsonschema-rs rejects always gets at least one
        finding, even when python-jsonschema (asked for the explanation)
        finds nothing.
        """
        if doc.data is None:
            return []
        try:
            if self._fast[kind].is_valid(doc.data):
                return []
        except ValueError:
            pass  # data jsonschema-rs cannot represent: python-jsonschema judges alone
        errors = list(self._detailed[kind].iter_errors(doc.data))
        explained_formats = {tuple(e.absolute_path) for e in errors
                             if e.validator == "format" and e.validator_value in FORMATS}
        findings: list[Finding] = []
        for error in errors:
            if error.validator == "pattern" and tuple(error.absolute_path) in explained_formats \
                    and isinstance(error.schema, dict) and error.schema.get("format") in FORMATS:
                continue  # the format's own explanation says more than the pattern's
            findings.extend(_explain(error, doc))
        if not findings:
            findings = self._disagreement(kind, doc)
        return list(dict.fromkeys(findings))

    def _disagreement(self, kind: str, doc: LoadedYaml) -> list[Finding]:
        """Findings from jsonschema-rs's own errors, for a file only it rejects."""
        findings = []
        try:
            errors = list(self._fast[kind].iter_errors(doc.data))
        except ValueError as exc:
            errors = []
            reason = str(exc)
        else:
            reason = "no reason given"
        for error in errors or [None]:
            path = tuple(error.instance_path) if error is not None else ()
            line, column = doc.position(path)
            where = _describe_path(path) or "the file"
            message = error.message if error is not None else reason
            findings.append(Finding(
                doc.path, line, column, Severity.ERROR, "schema",
                f"{where}: {message} (the two schema validators disagree about this value; "
                "it is refused to be safe: please report it)"))
        return findings


class _LazyDict(dict):
    """A dict that builds a missing value from its key once (compiled validators per kind)."""

    def __init__(self, make: Callable[[str], Any]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: str) -> Any:
        value = self[key] = self._make(key)
        return value


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
        required = error.validator_value if isinstance(error.validator_value, list) else []
        for name in required:
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
    fmt = schema.get("format")
    if error.validator in ("format", "pattern") and fmt in FORMATS and isinstance(value, str):
        problem = FORMATS[fmt](value)
        if problem:
            return [at(doc.position(path), rule, f"{where}: {problem}" if where else problem)]
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
    kind = _question_kind(value)
    # Errors from the alternative the value was evidently meant as: the same
    # shape (not a type or const mismatch at the top), and an open question or a
    # proposal only when the value looks like one.
    candidates = [
        sub for sub in error.context
        if kind == _branch_kind(branches, sub)
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
    "proposed": "a proposal ({proposed: ..., open_question: ...})",
    "id_list": "a list of keys",
    "duration": "a period such as P6M",
    "country": "a country code such as NO",
    "statute": "the statute as text",
    "non_empty_string": "text",
    "reference": "a reference as text",
    "email": "an e-mail address",
}


def _branch_ref(branch: Any) -> str:
    """A ``oneOf`` branch's ``$ref``, also when written as a one-entry ``allOf`` (the way
    the schemas give a proposal branch its own ``properties`` and still the field's hover)."""
    if not isinstance(branch, dict):
        return ""
    single = branch.get("allOf")
    if "$ref" not in branch and isinstance(single, list) and len(single) == 1 \
            and isinstance(single[0], dict):
        branch = single[0]
    return str(branch.get("$ref", ""))


def _branch_phrase(branch: Any) -> str:
    if not isinstance(branch, dict):
        return "another value"
    if "const" in branch:
        return f"'{branch['const']}'"
    ref = _branch_ref(branch)
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return _REF_PHRASES.get(name, name.replace("_", " "))
    return {"array": "a list", "object": "a mapping", "string": "text"}.get(
        str(branch.get("type")), "another value"
    )


def _question_kind(value: Any) -> str:
    """``proposed``, ``open_question`` or ``""``: which unconfirmed shape a value looks like."""
    if isinstance(value, dict) and "proposed" in value:
        return "proposed"
    return "open_question" if isinstance(value, dict) and "open_question" in value else ""


def _branch_kind(branches: list[Any], error: ValidationError) -> str:
    """The same for the ``oneOf`` branch an error comes from (``""``: a real value's branch)."""
    index = error.relative_schema_path[0] if error.relative_schema_path else None
    if not isinstance(index, int) or index >= len(branches):
        return ""
    ref = _branch_ref(branches[index])
    return next((k for k in ("proposed", "open_question") if ref.endswith("/" + k)), "")


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
        allowed = error.validator_value if isinstance(error.validator_value, list) else []
        options = [str(o) for o in allowed]
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
    # Line breaks and control characters are shown escaped: one finding, one line.
    text = f"'{value}'" if isinstance(value, str) and value.isprintable() else repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"
