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

import dataclasses
import difflib
import functools
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import idna
import jsonschema_rs

from privacy_as_code import countries
from privacy_as_code.fieldpath import FieldPath
from privacy_as_code.findings import Finding, Listing, Message, Severity
from privacy_as_code.i18n import period_of_words
from privacy_as_code.kinds import SCHEMA_FILES
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.resources import SCHEMA_DIR

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, FormatChecker, ValidationError
    from referencing import Registry

# python-jsonschema is imported where it is used: only to explain a file the Rust engine
# rejects (or a schema its metaschema check rejects). A clean check never needs it, and
# importing it is a fifth of the start-up every pre-commit run waits for (make bench).

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

_WRITTEN_DATE = re.compile(r"([0-9]{1,2})[./]([0-9]{1,2})[./]([0-9]{4})")


def date_problem(value: str) -> Message | None:
    """Why ``value`` is not a calendar date ``YYYY-MM-DD`` (ISO 8601 calendar date), or None.

    A date written the Norwegian way (``01.12.2026``, ``1/12/2026``: day, month,
    year) is answered with the same date in ISO form (``write 2026-12-01``).
    """
    written = _WRITTEN_DATE.fullmatch(value.strip())
    if written:
        day, month, year = (int(part) for part in written.groups())
        try:
            iso = date(year, month, day).isoformat()
        except ValueError:
            pass
        else:
            return Message.of("schema.date-dotted", value=_show(value), iso=iso)
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return Message.of("schema.date-form", value=_show(value))
    try:
        date.fromisoformat(value)
    except ValueError:
        return Message.of("schema.date-calendar", value=_show(value))
    return None


def email_problem(value: str) -> Message | None:
    """Why ``value`` is not an e-mail address a mail client would accept, or None.

    email-validator's syntax rules (RFC 5321/5322 with the SMTPUTF8 and IDNA
    extensions; no quoted local parts, no IP-address domains, no special-use
    domains), offline: the domain's DNS is not asked.
    """
    # Imported here: its regular expressions take ~30 ms to compile, on every run, and
    # most runs (every activity file) hold no e-mail address (make bench).
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        return Message.of("schema.email", value=_show(value), reason=str(exc))
    return None


_URL_FORBIDDEN = set('<>"{}|\\^`')


def url_problem(value: str) -> Message | None:
    """Why ``value`` is not a web address a browser opens as written, or None.

    Absolute ``http``/``https`` URL (RFC 3986; non-ASCII letters in the path
    are allowed as browsers do, RFC 3987), no spaces, line breaks or invisible
    characters, no user name or password, a valid port, and a host that is a
    full domain name valid under IDNA 2008 (UTS #46 mapping). Whether it must
    be ``https`` is the schema's ``pattern``.
    """
    def bad(which: str, /, **args: Any) -> Message:
        return Message.of("schema.url", value=_show(value),
                          reason=Message.of(f"schema.url-{which}", **args))

    odd = [c for c in value if c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
    if odd:
        return bad("character", char=f"U+{ord(odd[0]):04X} "
                   f"({unicodedata.name(odd[0], 'a control character')})")
    forbidden = sorted({c for c in value if c in _URL_FORBIDDEN})
    if forbidden:
        return bad("forbidden", chars=" ".join(forbidden))
    if re.search(r"%(?![0-9A-Fa-f]{2})", value):
        return bad("percent")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not value.lower().startswith(parts.scheme + "://"):
        return bad("scheme")
    if parts.username is not None or parts.password is not None:
        return bad("user")
    try:
        _ = parts.port  # raises ValueError on a port out of range or not a number
    except ValueError:
        return bad("port")
    host = parts.hostname or ""
    if not host:
        return bad("no-host")
    try:
        idna.encode(host, uts46=True)
    except (idna.IDNAError, UnicodeError) as exc:
        return bad("host", host=host, reason=str(exc))
    labels = host.rstrip(".").split(".")
    top = labels[-1]
    if len(labels) < 2 or not (top.isalpha() or top.startswith("xn--")):
        return bad("domain", host=host)
    return None


def country_problem(value: str) -> Message | None:
    """Why ``value`` is not an ISO 3166-1 alpha-2 code, with a hint (``UK`` -> ``GB``), or None."""
    return countries.problem(value)


FORMATS: dict[str, Callable[[str], Message | None]] = {
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
    def check(problem: Callable[[str], Message | None]) -> Callable[[object], bool]:
        return lambda value: not isinstance(value, str) or problem(value) is None
    return {name: check(problem) for name, problem in FORMATS.items()}


def _format_checker() -> FormatChecker:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, check in format_checks().items():
        checker.checks(name)(check)
    return checker


DURATION_MESSAGE = "schema-x.common-duration-pattern"
"""The ``x-messages`` of a period (``common.schema.json#/$defs/duration``): one written in
words gets its ISO 8601 form as the hint (:func:`i18n.period_of_words`)."""


# --- the schema set ----------------------------------------------------------------

def _follows(documents: dict[str, Any], base: str, ref: str) -> bool:
    """Whether ``ref`` (a ``$ref`` in the document at URI ``base``) names a document of
    ``documents`` (URI -> schema) and, after ``#``, a JSON Pointer (RFC 6901, percent-encoded
    as in a URI fragment) that exists in it. False means "not by this simple reading"."""
    target, fragment = urldefrag(urljoin(base, ref))
    node = documents.get(target)
    if node is None or (fragment and not fragment.startswith("/")):
        return False
    for token in unquote(fragment).split("/")[1:]:
        step = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and step.isdigit() and int(step) < len(node):
            node = node[int(step)]
        else:
            return False
    return True


def _walk(document: Any) -> list[tuple[str, str, Any]]:
    """``(json pointer, keyword, value)`` for every keyword in a schema document, in
    document order (a keyword before those inside its value)."""
    found: list[tuple[str, str, Any]] = []

    def visit(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                found.append((where, key, value))
                if isinstance(value, dict | list):
                    visit(value, f"{where}/{key}")
        else:
            for index, value in enumerate(node):
                if isinstance(value, dict | list):
                    visit(value, f"{where}/{index}")

    if isinstance(document, dict | list):
        visit(document, "#")
    return found


def _read_schema(path: Path) -> tuple[dict[str, Any], list[tuple[str, str, Any]]]:
    """One schema file, parsed and checked against the Draft 2020-12 metaschema, with its
    keywords (:func:`_walk`)."""
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
    # The Rust engine's metaschema check is a few hundred times faster; the
    # Python one runs only to word a failure (or if the engines disagree).
    if not jsonschema_rs.meta.is_valid(document):
        from jsonschema import Draft202012Validator
        from jsonschema.exceptions import SchemaError as MetaschemaError

        try:
            Draft202012Validator.check_schema(document)
        except MetaschemaError as exc:
            pointer = "/".join(["#", *(str(part) for part in exc.absolute_path)])
            raise SchemaError(path, f"at {pointer}: {exc.message}") from None
    keywords = _walk(document)
    for pointer, keyword, value in keywords:
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
    return document, keywords


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
            # Compiled now, so a bad schema stops the run before any record is read. (The
            # Python engine's validator, made when a file needs explaining, checks nothing
            # more when it is made: the metaschema and $ref checks above are its checks.)
            try:
                self.compile(kind)
            except Exception as exc:  # noqa: BLE001 - whatever the engines reject, name the file
                text = str(exc).strip()
                raise SchemaError(self.directory / name,
                                  text.splitlines()[0] if text else type(exc).__name__) from None

    @cached_property
    def _documents(self) -> dict[str, dict[str, Any]]:
        return {uri: document for uri, (_, document, _) in self._files.items()}

    @cached_property
    def _files(self) -> dict[str, tuple[Path, dict[str, Any], list[tuple[str, str, Any]]]]:
        """``uri -> (path, document, keywords)`` for every schema file, each checked on its own."""
        paths = sorted({*self.directory.glob("*.schema.json"),
                        *(self.directory / name for name in SCHEMA_FILES.values())})
        return {path.resolve().as_uri(): (path, *_read_schema(path)) for path in paths}

    @cached_property
    def _registry(self) -> Registry:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        return Registry().with_resources(
            (uri, Resource.from_contents(doc, default_specification=DRAFT202012))
            for uri, doc in self._documents.items()
        )

    def _uri(self, kind: str) -> str:
        return (self.directory / SCHEMA_FILES[kind]).resolve().as_uri()

    def _check_refs(self) -> None:
        """Every ``$ref`` resolves to a schema in this folder: nothing is ever fetched.

        A ``$ref`` of the plain form ``file#/json/pointer`` (all the tool's own schemas
        use) is followed directly; any other form, and any that does not resolve so, is
        judged by the ``referencing`` library, whose verdict stands. (Importing and
        building its registry costs ~50 ms, on every run: make bench.)
        """
        plain = not any(keyword in ("$id", "$anchor", "$dynamicAnchor")
                        for _, _, keywords in self._files.values() for _, keyword, _ in keywords)
        followed: set[tuple[str, str]] = set()  # the same $ref recurs hundreds of times
        for uri, (path, _, keywords) in self._files.items():
            for pointer, keyword, value in keywords:
                if keyword != "$ref" or not isinstance(value, str) or (uri, value) in followed:
                    continue
                if plain and _follows(self._documents, uri, value):
                    followed.add((uri, value))
                    continue
                from referencing.exceptions import Unresolvable

                try:
                    self._registry.resolver(base_uri=uri).lookup(value)
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

    def compile(self, kind: str) -> None:
        """Compile the validator of ``kind`` now (before forking workers, which then share it)."""
        self._fast[kind]

    @cached_property
    def _detailed(self) -> dict[str, Draft202012Validator]:
        from jsonschema import Draft202012Validator

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
        for error in [_deepest_rs(e) for e in errors] or [None]:
            path = tuple(error.instance_path) if error is not None else ()
            line, column = doc.position(path)
            message = error.message if error is not None else reason
            findings.append(Finding.worded(
                doc.path, line, column, Severity.ERROR, "schema", "schema.disagree",
                where=FieldPath(path), problem=message))
        return findings


def _deepest_rs(error: Any) -> Any:
    """A jsonschema-rs error, or the deepest error of the alternatives of a ``oneOf``/``anyOf``
    it reports (``kind.context``): a value that may also be an open question is refused at the
    part that is wrong (``retention[0].period``), not at the whole list."""
    for _ in range(50):
        context = getattr(error.kind, "context", None)
        inner = [e for branch in context or [] for e in branch] if isinstance(context, list) else []
        deeper = max(inner, key=lambda e: len(e.instance_path), default=None)
        if deeper is None or len(deeper.instance_path) <= len(error.instance_path):
            return error
        error = deeper
    return error


class _LazyDict(dict):
    """A dict that builds a missing value from its key once (compiled validators per kind)."""

    def __init__(self, make: Callable[[str], Any]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: str) -> Any:
        value = self[key] = self._make(key)
        return value


def _explain(error: ValidationError, doc: LoadedYaml) -> list[Finding]:
    """Turn one jsonschema error into findings in plain words (``[messages.schema]``)."""
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    messages = schema.get("x-messages", {})
    rule = schema.get("x-rule", "schema")
    where = FieldPath(path)

    def at(position: tuple[int, int], rule_id: str, message_id: str, **args: Any) -> Finding:
        return Finding.worded(doc.path, position[0], position[1], Severity.ERROR, rule_id,
                              message_id, **args)

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
            also = Message.of("schema.also-missing", names=", ".join(names[1:])) \
                if len(names) > 1 else ""
            own = first.get("x-messages", {}).get("required")
            if own:
                found.append(at(doc.position(path), rule_id, own, also=also))
            else:
                found.append(at(doc.position(path), rule_id,
                                "schema.missing-in" if path else "schema.missing",
                                key=names[0], where=where, also=also))
        return found

    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = list(schema.get("properties", {}))
        found = []
        for key in error.instance:
            if key in known:
                continue
            suggestion = _suggest(str(key), known)
            place = Message.of("schema.in", where=where) if path else ""
            if suggestion:
                found.append(at(doc.key_position((*path, key)), "unknown-key", "unknown-key.close",
                                key=key, place=place, suggestion=suggestion))
            else:
                found.append(at(doc.key_position((*path, key)), "unknown-key", "unknown-key.known",
                                key=key, place=place, known=", ".join(known)))
        return found

    value = error.instance
    fmt = schema.get("format")
    if error.validator in ("format", "pattern") and fmt in FORMATS and isinstance(value, str):
        problem = FORMATS[fmt](value)
        if problem:
            return [at(doc.position(path), rule, "schema.at", where=where, problem=problem)]
    if error.validator in messages:
        message = Message.of(messages[error.validator], value=_show(value), also="")
        if error.validator == "pattern" and messages["pattern"] == DURATION_MESSAGE \
                and isinstance(value, str) and (iso := period_of_words(value)) is not None:
            message = Message.of("schema-x.common-duration-words", value=_show(value), iso=iso)
        if error.validator == "pattern":  # a value of the wrong form: say which field holds it
            return [at(doc.position(path), rule, "schema.at", where=where, problem=message)]
        return [at(doc.position(path), rule, message.message_id, **dict(message.args))]

    if error.validator == "oneOf":
        return _explain_one_of(error, doc, rule, where)

    message_id, args = _plain_message(error, where)
    return [at(doc.position(path), rule, message_id, **args)]


def _explain_one_of(error: ValidationError, doc: LoadedYaml, rule: str,
                    where: FieldPath) -> list[Finding]:
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
        from jsonschema.exceptions import best_match

        deepest = best_match(candidates)
        if deepest is not None:
            # Every error of that alternative (a text's nb and en both wrong: two findings).
            branch = deepest.relative_schema_path[0] if deepest.relative_schema_path else None
            same = [sub for sub in candidates if sub.relative_schema_path
                    and sub.relative_schema_path[0] == branch] or [deepest]
            return list(dict.fromkeys(f for sub in same for f in _explain(sub, doc)))
    # A number or yes/no where the value is text: the text branch's own hint (put it in quotes).
    unquoted = [sub for sub in error.context if not sub.relative_path and sub.validator == "type"
                and sub.validator_value == "string" and _branch_kind(branches, sub) == ""
                and isinstance(value, int | float) and not kind]
    if unquoted:  # said under the field's own rule, like any other wrong value of it
        return [dataclasses.replace(f, rule=rule) for f in _explain(unquoted[0], doc)]
    position = doc.position(tuple(error.absolute_path))
    if isinstance(value, str) and any(_is_boolean(b) for b in branches):
        # "ja", "nei", or "true" in quotes where the field takes true or false.
        yes_no = _yes_no(value)
        if yes_no:
            message_id, code = yes_no
            return [Finding.worded(doc.path, position[0], position[1], Severity.ERROR, rule,
                                   message_id, where=where, value=_show(value), code=code)]
    consts = [str(b["const"]) for b in branches if isinstance(b, dict) and "const" in b]
    suggestion = _code_for(value, consts) if isinstance(value, str) else None
    if suggestion:
        return [Finding.worded(doc.path, position[0], position[1], Severity.ERROR, rule,
                               "schema.code-for", where=where, value=_show(value),
                               code=suggestion)]
    alternatives = Listing(tuple(_branch_phrase(b) for b in branches))
    return [Finding.worded(doc.path, position[0], position[1], Severity.ERROR, rule,
                           "schema.one-of", where=where, value=_describe_value(value),
                           expected=alternatives)]


_REF_PHRASES = {
    "open_question", "proposed", "id_list", "duration", "country", "statute",
    "non_empty_string", "reference", "email", "text",
}
"""``$defs`` with a phrase of their own (``schema.branch-<name>``) in a list of alternatives."""


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


def _branch_phrase(branch: Any) -> Any:
    if not isinstance(branch, dict):
        return Message.of("schema.branch-other")
    if "const" in branch:
        return f"'{branch['const']}'"
    ref = _branch_ref(branch)
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return Message.of(f"schema.branch-{name}") if name in _REF_PHRASES \
            else name.replace("_", " ")
    kind = str(branch.get("type"))
    return Message.of(f"schema.branch-{kind}" if kind in ("array", "object", "string", "boolean")
                      else "schema.branch-other")


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


_YES = frozenset({"ja", "yes", "y", "sant", "on", "j"})
_NO = frozenset({"nei", "no", "n", "usant", "off"})
"""Words for yes and no (Norwegian and English) written where YAML 1.2 wants true or false."""

_TYPES = frozenset({"string", "object", "array", "boolean", "integer", "number"})


def _is_boolean(branch: Any) -> bool:
    """Whether a ``oneOf`` branch takes true or false (``{"type": "boolean"}``)."""
    return isinstance(branch, dict) and branch.get("type") == "boolean"


def _yes_no(value: str) -> tuple[str, str] | None:
    """The message id and the code for a yes/no written as text where true or false is
    wanted: ``ja``/``nei`` and their kin (``schema.yes-no``), or ``"true"`` in quotes
    (``schema.quoted-bool``); None for any other text."""
    lowered = value.strip().lower()
    if lowered in ("true", "false"):
        return "schema.quoted-bool", lowered
    if lowered in _YES | _NO:
        return "schema.yes-no", "true" if lowered in _YES else "false"
    return None


def _plain_message(error: ValidationError, where: FieldPath) -> tuple[str, dict[str, Any]]:
    """The message id and arguments for an error no ``x-messages`` explains."""
    value = error.instance
    validator = error.validator
    if validator == "type":
        expected = error.validator_value
        wanted = Message.of(f"schema.type-{expected}") if expected in _TYPES else str(expected)
        if isinstance(value, str) and expected == "boolean" and (yes_no := _yes_no(value)):
            return yes_no[0], {"where": where, "value": _show(value), "code": yes_no[1]}
        hint: Any = ""
        if isinstance(value, bool) and expected == "string":
            hint = Message.of("schema.hint-bool")
        elif isinstance(value, int | float) and expected == "string":
            hint = Message.of("schema.hint-number", value=str(value))
        return "schema.type", {"where": where, "wanted": wanted,
                               "value": _describe_value(value), "hint": hint}
    if validator == "enum":
        allowed = error.validator_value if isinstance(error.validator_value, list) else []
        options = [str(o).lower() if isinstance(o, bool) else str(o) for o in allowed]
        code = _code_for(value, options, error.schema) if isinstance(value, str) else None
        if isinstance(value, str) and value.strip().lower() in _YES | _NO:
            answer = "true" if value.strip().lower() in _YES else "false"
            code = answer if answer in options else code
        if code:
            return "schema.code-for", {"where": where, "value": _show(value), "code": code}
        return "schema.enum", {"where": where, "value": _show(value), "options": ", ".join(options)}
    if validator == "const":
        return "schema.const", {"where": where, "value": str(error.validator_value)}
    if validator in ("minLength", "pattern") and isinstance(value, str) and not value.strip():
        return "schema.empty-text", {"where": where}
    if validator == "pattern":
        return "schema.pattern", {"where": where, "value": _show(value),
                                  "form": _FormHint(error.schema if isinstance(error.schema, dict)
                                                    else {}, str(error.validator_value))}
    if validator == "minItems":
        count = error.validator_value
        return f"schema.min-items{'' if count == 1 else '-many'}", {"where": where, "count": count}
    if validator == "uniqueItems":
        return "schema.unique", {"where": where}
    if validator == "maxLength":
        return "schema.max-length", {"where": where, "count": error.validator_value}
    if validator == "format":
        return "schema.format", {"where": where, "value": _show(value),
                                 "format": str(error.validator_value)}
    if validator == "propertyNames":
        return "schema.key-name", {"where": where, "value": _show(value)}
    return "schema.other", {"where": where, "problem": error.message}


@dataclass(frozen=True)
class _FormHint:
    """The expected form of a pattern, from its schema's description in the reporter's language."""

    schema: dict[str, Any]
    pattern: str

    def __call__(self, words: Any) -> str:
        description = str(self.schema.get("description", ""))
        for lang in (words.lang, "en"):
            lines = [line[len(lang) + 2:] for line in description.splitlines()
                     if line.startswith(f"{lang}: ")]
            if lines:
                return lines[0].rstrip(".")
        return f"pattern {self.pattern}"


def _normal(text: str) -> str:
    """A term or a value compared loosely: lower case, without parentheses, articles and punctuation."""
    text = re.sub(r"\([^)]*\)", " ", text.lower())
    text = re.sub(r"[^\w\s-]", " ", text)
    words = [w for w in text.split() if w not in ("the", "a", "an")]
    return " ".join(words)


def _code_for(value: str, options: list[str], schema: Any = None) -> str | None:
    """The code among ``options`` that ``value`` names in words or misspells, or None.

    The words are the catalogues' terms for each code in every language
    (``samtykke`` -> ``consent``), a framework an adequacy decision covers
    (``EU-US Data Privacy Framework`` -> ``adequacy``), the schema's own
    ``markdownEnumDescriptions`` (``slettes`` -> ``delete``), then difflib for typos.
    """
    wanted = _normal(value)
    if not wanted:
        return None
    names = _code_names()
    if isinstance(schema, dict):
        codes = schema.get("enum", [])
        for code, described in zip(codes, schema.get("markdownEnumDescriptions", []), strict=False):
            for part in str(described).split(" / "):
                names.setdefault(_normal(part), set()).add(str(code).lower()
                                                           if isinstance(code, bool) else str(code))
    for name, codes in names.items():
        if wanted == name or (len(wanted) >= 4 and name.startswith(wanted + " ")):
            hit = [code for code in options if code in codes]
            if hit:
                return hit[0]
    close = _suggest(value, options) or _suggest(wanted, options)
    if close:
        return close
    near = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.8)
    if near:
        hit = [code for code in options if code in names[near[0]]]
        if hit:
            return hit[0]
    return None


def _code_names() -> dict[str, set[str]]:
    """Every catalogue term, loosely written, -> the codes it names (a fresh copy)."""
    return {name: set(codes) for name, codes in _catalogue_names().items()}


@functools.cache
def _catalogue_names() -> dict[str, frozenset[str]]:
    from privacy_as_code.i18n import all_words  # the catalogues: one place for every term

    found: dict[str, set[str]] = {}
    for words in all_words():
        for kind, table in words.data.get("term", {}).items():
            for code, term in table.items():
                # A framework an adequacy decision covers is written 'mechanism: adequacy'.
                target = "adequacy" if kind == "framework" else code
                found.setdefault(_normal(str(term)), set()).add(target)
                found.setdefault(_normal(code.replace("_", " ")), set()).add(target)
    return {name: frozenset(codes) for name, codes in found.items()}


def _suggest(word: str, options: list[str]) -> str | None:
    cutoff = 0.5 if len(word) <= 3 else 0.6
    close = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    return close[0] if close else None


def _describe_value(value: Any) -> Any:
    if value is None:
        return Message.of("schema.value-empty")
    if isinstance(value, bool):
        return Message.of("schema.value-bool", value=str(value).lower())
    if isinstance(value, dict):
        return Message.of("schema.value-mapping")
    if isinstance(value, list):
        return Message.of("schema.value-list" if value else "schema.value-empty-list")
    if isinstance(value, int | float):
        return Message.of("schema.value-number", value=str(value))
    return Message.of("schema.value-text", value=_show(value))


def _show(value: Any) -> str:
    # Line breaks and control characters are shown escaped: one finding, one line.
    text = f"'{value}'" if isinstance(value, str) and value.isprintable() else repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"
