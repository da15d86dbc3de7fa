"""Whether a thesis meets its schema, answered fast: the common case of a valid thesis.

jsonschema builds a validator object for every subschema it descends into; on a small
thesis that is most of the cost of checking it, and ``batch`` checks hundreds. A valid
thesis has no errors to word, so all it needs is a yes. This module compiles the schema
once into plain functions, one per subschema, that answer only that: valid or not. When
the answer is no, :mod:`valaudit.validate.thesis_schema` asks jsonschema for the errors
and words them, so every message is exactly what it was.

The compiled check knows only the keywords the thesis schema uses, with jsonschema's
meaning of each (its type rules — 1.0 is an integer, true is not a number —, its date
format checker, and valaudit's own ``pattern``, whose final ``$`` is the end of the text).
A schema that uses any other keyword is not compiled at all (:func:`compile_schema`
returns None) and every thesis goes to jsonschema, so a change to the schema can make the
check slower but never wrong. A test compares both answers on generated theses.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]
"""A compiled subschema: True when the value meets it."""

#: Keywords that say nothing about validity.
_ANNOTATIONS = frozenset({"$schema", "$id", "title", "description", "default", "x-hint"})

_KNOWN = _ANNOTATIONS | {
    "type",
    "enum",
    "const",
    "pattern",
    "format",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "properties",
    "additionalProperties",
    "required",
    "maxProperties",
    "propertyNames",
    "items",
    "minItems",
    "maxItems",
    "anyOf",
}


class _Unsupported(Exception):
    """The schema uses something this module does not compile."""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


#: jsonschema's type rules (Draft 2020-12).
_TYPES: dict[str, Check] = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "number": _is_number,
    "integer": lambda value: (
        not isinstance(value, bool)
        and (isinstance(value, int) or (isinstance(value, float) and value.is_integer()))
    ),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
}


def compile_schema(schema: Any, conforms: Callable[[Any, str], bool]) -> Check | None:
    """The check for ``schema``, or None when it uses a keyword this module does not know.

    ``conforms(value, format)`` is the format checker jsonschema is given (it checks
    strings only, as jsonschema's does).
    """
    try:
        return _compile(schema, conforms)
    except _Unsupported:
        return None


def _compile(schema: Any, conforms: Callable[[Any, str], bool]) -> Check:
    if schema is True or schema == {}:
        return lambda value: True
    if schema is False:
        return lambda value: False
    if not isinstance(schema, dict) or not set(schema) <= _KNOWN:
        raise _Unsupported
    checks: list[Check] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not all(name in _TYPES for name in names):
            raise _Unsupported
        tests = [_TYPES[name] for name in names]
        checks.append(tests[0] if len(tests) == 1 else _any_of(tests))
    if "enum" in schema:
        options = schema["enum"]
        if not all(isinstance(option, str) for option in options):
            raise _Unsupported  # jsonschema's equality of numbers and booleans: not needed
        allowed = frozenset(options)
        checks.append(lambda value: isinstance(value, str) and value in allowed)
    if "const" in schema:
        checks.append(_const(schema["const"]))
    checks.extend(_string_checks(schema, conforms))
    checks.extend(_number_checks(schema))
    checks.extend(_object_checks(schema, conforms))
    checks.extend(_array_checks(schema, conforms))
    if "anyOf" in schema:
        options_checks = [_compile(option, conforms) for option in schema["anyOf"]]
        checks.append(_any_of(options_checks))
    return _all_of(checks)


def _all_of(checks: list[Check]) -> Check:
    """A check that passes when every one of ``checks`` does (loops, not generators: a
    thesis is checked against some fifty subschemas)."""
    if not checks:
        return lambda value: True
    if len(checks) == 1:
        return checks[0]

    def every(value: Any) -> bool:
        for check in checks:  # noqa: SIM110 - a loop costs less than all() of a generator
            if not check(value):
                return False
        return True

    return every


def _any_of(checks: list[Check]) -> Check:
    def some(value: Any) -> bool:
        for check in checks:  # noqa: SIM110 - as in _all_of
            if check(value):
                return True
        return False

    return some


def _const(expected: Any) -> Check:
    if isinstance(expected, str):
        return lambda value: isinstance(value, str) and value == expected
    if _is_number(expected):
        return lambda value: _is_number(value) and value == expected
    raise _Unsupported


def _string_checks(schema: dict[str, Any], conforms: Callable[[Any, str], bool]) -> list[Check]:
    checks: list[Check] = []
    if "pattern" in schema:
        pattern = schema["pattern"]
        # As thesis_schema._pattern_to_the_end: a final "$" is the end of the text.
        anchored = re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern)
        checks.append(lambda value: not isinstance(value, str) or bool(anchored.search(value)))
    if "format" in schema:
        name = schema["format"]
        checks.append(lambda value: not isinstance(value, str) or conforms(value, name))
    if "minLength" in schema:
        shortest = schema["minLength"]
        checks.append(lambda value: not isinstance(value, str) or len(value) >= shortest)
    if "maxLength" in schema:
        longest = schema["maxLength"]
        checks.append(lambda value: not isinstance(value, str) or len(value) <= longest)
    return checks


def _number_checks(schema: dict[str, Any]) -> list[Check]:
    bounds = {
        "minimum": operator.ge,
        "maximum": operator.le,
        "exclusiveMinimum": operator.gt,
        "exclusiveMaximum": operator.lt,
    }
    return [
        _bounded(within, schema[keyword]) for keyword, within in bounds.items() if keyword in schema
    ]


def _bounded(within: Callable[[Any, Any], bool], bound: Any) -> Check:
    """Numbers ``within`` the bound (anything else is not this keyword's business)."""
    return lambda value: not _is_number(value) or within(value, bound)


def _object_checks(schema: dict[str, Any], conforms: Callable[[Any, str], bool]) -> list[Check]:
    checks: list[Check] = []
    properties = {
        key: _compile(subschema, conforms)
        for key, subschema in schema.get("properties", {}).items()
    }
    if properties:

        def each_property(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            for key, check in properties.items():
                if key in value and not check(value[key]):
                    return False
            return True

        checks.append(each_property)
    if "additionalProperties" in schema:
        other = _compile(schema["additionalProperties"], conforms)

        def the_others(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            for key, item in value.items():
                if key not in properties and not other(item):
                    return False
            return True

        checks.append(the_others)
    if "required" in schema:
        required = tuple(schema["required"])
        checks.append(
            lambda value: not isinstance(value, dict) or all(key in value for key in required)
        )
    if "maxProperties" in schema:
        most = schema["maxProperties"]
        checks.append(lambda value: not isinstance(value, dict) or len(value) <= most)
    if "propertyNames" in schema:
        name_check = _compile(schema["propertyNames"], conforms)
        checks.append(
            lambda value: not isinstance(value, dict) or all(name_check(key) for key in value)
        )
    return checks


def _array_checks(schema: dict[str, Any], conforms: Callable[[Any, str], bool]) -> list[Check]:
    checks: list[Check] = []
    if "items" in schema:
        item_check = _compile(schema["items"], conforms)

        def each_item(value: Any) -> bool:
            if not isinstance(value, list):
                return True
            for item in value:  # noqa: SIM110 - as in _all_of
                if not item_check(item):
                    return False
            return True

        checks.append(each_item)
    if "minItems" in schema:
        fewest = schema["minItems"]
        checks.append(lambda value: not isinstance(value, list) or len(value) >= fewest)
    if "maxItems" in schema:
        most = schema["maxItems"]
        checks.append(lambda value: not isinstance(value, list) or len(value) <= most)
    return checks
