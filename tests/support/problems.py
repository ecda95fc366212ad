"""Turn openapi-core's nested exceptions into flat, readable problems: where, expected, got."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import ValidationError as SchemaError
from jsonschema.exceptions import best_match
from openapi_core.templating.media_types.exceptions import MediaTypeNotFound
from openapi_core.templating.paths.exceptions import PathError
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.validation.request.exceptions import (
    MissingParameterError,
    MissingRequestBodyError,
    ParameterValidationError,
    SecurityValidationError,
)
from openapi_core.validation.response.exceptions import HeaderValidationError, MissingData

_GOT_LIMIT = 160


@dataclass(frozen=True)
class Problem:
    """One way an exchange breaks the spec."""

    where: str  # e.g. "response body $.result[0].sku", "status", "request query limit"
    expected: str
    got: str

    def __str__(self) -> str:
        return f"{self.where}: expected {self.expected}; got {self.got}"


def json_path(parts: Iterable[str | int]) -> str:
    """``["result", 0, "sku"]`` -> ``$.result[0].sku``."""
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def shorten(value: Any) -> str:
    """A compact rendering of an offending value, cut to a readable length."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= _GOT_LIMIT else text[: _GOT_LIMIT - 1] + "…"


def _expected(error: SchemaError) -> str:
    keyword = str(error.validator)
    if keyword == "required":
        return "required property " + str(error.message).split(" is a required property")[0]
    if keyword == "additionalProperties":
        return "no properties beyond " + shorten(sorted(error.schema.get("properties", {})))
    value = error.validator_value
    if keyword in {"oneOf", "anyOf"}:
        return f"{keyword} of {len(value)} schemas ({error.message})"
    return f"{keyword}={shorten(value)}"


def _innermost(error: SchemaError) -> tuple[SchemaError, int]:
    """For anyOf failures, the branch error that explains the most, and how many branches there were."""
    if error.context and str(error.validator) == "anyOf":
        inner, _ = _innermost(best_match(error.context))
        return inner, len(error.validator_value)
    return error, 0


def schema_problems(section: str, errors: Sequence[Any]) -> list[Problem]:
    problems: list[Problem] = []
    for raw in errors:
        if not isinstance(raw, SchemaError):
            problems.append(Problem(section, "a value valid for its schema", str(raw)))
            continue
        error, branches = _innermost(raw)
        where = f"{section} {json_path(error.absolute_path)}"
        got = "it missing" if str(error.validator) == "required" else shorten(error.instance)
        expected = _expected(error)
        if branches:
            expected = f"one of {branches} alternatives (closest wants {expected})"
        problems.append(Problem(where, expected, got))
    return problems


def problems_from(section: str, error: Exception, status: int | None = None) -> list[Problem]:
    """Problems for one openapi-core error raised while validating ``section`` (request/response)."""
    cause = error.__cause__
    schema_errors = getattr(cause, "schema_errors", None)
    if schema_errors:
        return schema_problems(f"{section} {_part(error)}".rstrip(), list(schema_errors))
    if isinstance(error, ResponseNotFound):
        documented = ", ".join(sorted(str(code) for code in error.availableresponses))
        return [Problem("status", f"one of the documented statuses ({documented})", str(status))]
    media = cause if isinstance(cause, MediaTypeNotFound) else error
    if isinstance(media, MediaTypeNotFound):
        return [Problem(f"{section} content-type", f"one of {media.availableMimetypes}", repr(media.mimetype))]
    if isinstance(error, MissingData):
        return [Problem(f"{section} body", "a body", "none")]
    if isinstance(error, PathError):
        return [Problem("operation", "a path and method the spec declares", str(error))]
    if isinstance(error, SecurityValidationError):
        return [Problem(f"{section} security", "credentials the spec requires (e.g. an Authorization header)", "none")]
    if isinstance(error, MissingParameterError):
        return [Problem(f"{section} {error.location} {error.name}", "the required parameter", "it missing")]
    if isinstance(error, MissingRequestBodyError):
        return [Problem(f"{section} body", "a body", "none")]
    if cause is not None:
        return [Problem(f"{section} {_part(error)}".rstrip(), "a value that decodes as declared", shorten(str(cause)))]
    return [Problem(f"{section} {_part(error)}".rstrip(), "a valid value", str(error))]


def _part(error: Exception) -> str:
    if isinstance(error, ParameterValidationError):
        return f"{error.location} {error.name}"
    if isinstance(error, HeaderValidationError):
        return f"header {error.name}"
    name = type(error).__name__
    return "body" if "Body" in name or "Data" in name else ""
