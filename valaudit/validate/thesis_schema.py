"""Checking a thesis against ``thesis.schema.json`` and saying what is wrong in plain words.

jsonschema reports paths, not lines, and messages written for programmers. Each error is
mapped back to the YAML line of its key path and rewritten for a finance reader; the
schema's own ``description`` and ``x-hint`` keywords supply the explanations, so the
schema stays the one source of truth for the format.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from typing import Any

from valaudit.errors import Problem
from valaudit.load.yaml_reader import KeyPath, YamlDocument, format_path
from valaudit.schemas import load_schema
from valaudit.validate.suggest import did_you_mean
from valaudit.validate.thesis_schema_fast import Check, compile_schema

_TYPE_WORDS = {
    "object": "a block of keys",
    "array": "a list",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "null",
}


def _shown(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a block of keys"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _type_words(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    return " or ".join(_TYPE_WORDS.get(str(name), str(name)) for name in names)


def _subject(path: KeyPath, data: Any) -> str:
    """Name what a path points at, adding the KPI id when the path is inside a list item."""
    label = format_path(path)
    if len(path) >= 2 and isinstance(path[1], int) and isinstance(data, dict):
        items = data.get(path[0])
        if isinstance(items, list) and path[1] < len(items) and isinstance(items[path[1]], dict):
            ident = items[path[1]].get("id") or items[path[1]].get("name")
            if isinstance(ident, str):
                return f"{label} (in '{ident}')"
    return label


def _hint(schema: dict[str, Any]) -> str | None:
    hint = schema.get("x-hint")
    return hint if isinstance(hint, str) else None


def _property_schema(schema: dict[str, Any], key: str) -> dict[str, Any]:
    props = schema.get("properties", {})
    result = props.get(key, {}) if isinstance(props, dict) else {}
    return result if isinstance(result, dict) else {}


def _messages(error: Any, data: Any) -> Iterator[tuple[KeyPath, str, str, str | None]]:
    """Yield (path, code, message, hint) for one jsonschema error."""
    path: KeyPath = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    kind = error.validator
    where = _subject(path, data)
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for key in sorted(set(value) - set(allowed)):
            yield (
                (*path, key),
                "unknown_key",
                f"Unknown key '{key}' in {where}.",
                did_you_mean(key, allowed, noun="keys"),
            )
    elif kind == "required":
        for key in error.validator_value:
            if key in value:
                continue
            sub = _property_schema(schema, key)
            about = sub.get("description")
            hint = (
                f"Add '{key}:' ({about[0].lower() + about[1:].rstrip('.')})."
                if isinstance(about, str) and about
                else None
            )
            yield path, "missing_key", f"{where} is missing the required key '{key}'.", hint
    elif kind == "type":
        message = f"{where} must be {_type_words(error.validator_value)}, not {_shown(value)}."
        hint = _hint(schema)
        if isinstance(value, str) and "number" in str(error.validator_value):
            cleaned = value.replace(",", "").replace(" ", "").replace("_", "")
            if cleaned.lstrip("+-").replace(".", "", 1).isdigit():
                hint = f"Write it as a plain number without separators: {cleaned}."
        yield path, "wrong_type", message, hint
    elif kind == "enum":
        options = [str(option) for option in error.validator_value]
        yield (
            path,
            "invalid_value",
            f"{where} must be one of {', '.join(options)}; found {_shown(value)}.",
            # The message lists the values already: the hint only offers a near one.
            did_you_mean(str(value), options, list_all=False) if isinstance(value, str) else None,
        )
    elif kind == "const":
        yield (
            path,
            "invalid_value",
            f"{where} must be {error.validator_value}; found {_shown(value)}.",
            _hint(schema),
        )
    elif kind in ("pattern", "format"):
        yield path, "invalid_value", f"{where} is not valid: {_shown(value)}.", _hint(schema)
    elif kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        words = {
            "minimum": "at least",
            "exclusiveMinimum": "more than",
            "maximum": "at most",
            "exclusiveMaximum": "less than",
        }[kind]
        yield (
            path,
            "invalid_value",
            f"{where} must be {words} {error.validator_value}; found {_shown(value)}.",
            _hint(schema),
        )
    elif kind == "minItems":
        yield (
            path,
            "missing_key",
            f"{where} must list at least {error.validator_value} item(s).",
            None,
        )
    elif kind in ("maxItems", "maxProperties", "maxLength"):
        yield (
            path,
            "too_large",
            f"{where} is longer than this format allows ({error.validator_value}).",
            None,
        )
    elif kind == "minLength":
        yield path, "invalid_value", f"{where} must not be empty.", None
    elif kind == "anyOf":
        hint = _hint(schema)
        yield path, "invalid_value", f"{where} is not valid: {_shown(value)}.", hint
    elif kind == "propertyNames":
        yield path, "invalid_value", f"{where} has a key that is not a valid name.", None
    else:  # pragma: no cover - every keyword the schema uses is handled above
        yield path, "invalid_value", f"{where}: {error.message}", None


def _pattern_to_the_end(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    """``pattern`` with JSON Schema's meaning of a final ``$``: the end of the text.

    Python's ``$`` also matches before a final newline, which let an id such as "csat\\n"
    (and a currency "USD\\n") through the schema's anchored patterns.
    """
    from jsonschema import ValidationError

    if not validator.is_type(instance, "string"):
        return
    anchored = pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern
    if re.search(anchored, instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.cache
def _thesis_validator() -> Any:
    """The thesis schema's validator, built once per process.

    Building one (a validator class extended with :func:`_pattern_to_the_end`, the schema
    checked and indexed) costs about as much as checking a thesis with it; ``batch`` checks
    hundreds. A validator holds no state between calls to ``iter_errors``.
    """
    from jsonschema import Draft202012Validator
    from jsonschema.validators import extend

    strict = extend(Draft202012Validator, {"pattern": _pattern_to_the_end})
    return strict(load_schema("thesis"), format_checker=Draft202012Validator.FORMAT_CHECKER)


@functools.cache
def _thesis_check() -> Check | None:
    """The thesis schema compiled to a fast yes-or-no check (see
    :mod:`~valaudit.validate.thesis_schema_fast`), once per process; None when it cannot be."""
    return compile_schema(load_schema("thesis"), _conforms)


def _conforms(value: str, format_name: str) -> bool:
    """Whether ``value`` meets the format, as jsonschema's format checker answers.

    The thesis schema's only format is ``date``, checked here the way jsonschema checks it
    (four, two and two ASCII digits that make a real date), so that a valid thesis never
    imports jsonschema: the import is 0.05-0.1 s, a tenth of validating a million-row CSV.
    Any other format is asked of jsonschema itself.
    """
    if format_name == "date":
        if _ISO_DATE.fullmatch(value) is None:
            return False
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
        return True
    from jsonschema import Draft202012Validator

    return bool(Draft202012Validator.FORMAT_CHECKER.conforms(value, format_name))


#: jsonschema's pattern for a ``date`` (with ``fullmatch``, its ``$`` cannot end early).
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def schema_problems(document: YamlDocument, file: str) -> list[Problem]:
    """Every way ``document`` breaks the thesis schema, each with its line and key path."""
    check = _thesis_check()
    if check is not None and check(document.data):
        return []  # valid: jsonschema would find nothing to word
    problems: list[Problem] = []
    seen: set[tuple[KeyPath, str, str]] = set()
    for error in _thesis_validator().iter_errors(document.data):
        for path, code, message, hint in _messages(error, document.data):
            if path in document.unreadable or (path, code, message) in seen:
                continue
            if error.validator in ("pattern", "format") and (path, "invalid_value") in {
                (p, c) for p, c, _ in seen
            }:
                continue
            seen.add((path, code, message))
            problems.append(
                Problem(
                    code=code,
                    message=message,
                    file=file,
                    line=document.line_of(path),
                    path=format_path(path),
                    hint=hint,
                )
            )
    return sorted(problems, key=Problem.sort_key)
