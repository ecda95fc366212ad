"""Turning decoded JSON into typed models without leaking raw payloads into errors."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from engine.errors import UnexpectedResponseError

ModelT = TypeVar("ModelT", bound=BaseModel)
T = TypeVar("T")


def _summary(exc: ValidationError) -> str:
    # Locations and messages only: pydantic's default text quotes the input values.
    parts = []
    for error in exc.errors(include_input=False, include_url=False)[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "body"
        parts.append(f"{where}: {error['msg']}")
    more = exc.error_count() - len(parts)
    return "; ".join(parts) + (f" (+{more} more)" if more > 0 else "")


def parse_model(model: type[ModelT], data: Any, *, marketplace: str, method: str, path: str) -> ModelT:
    """``model.model_validate(data)``, failing as :class:`UnexpectedResponseError`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise UnexpectedResponseError(
            f"unexpected answer shape: {_summary(exc)}", marketplace=marketplace, method=method, path=path
        ) from None


def parse_as(adapter: TypeAdapter[T], data: Any, *, marketplace: str, method: str, path: str) -> T:
    """The same for any type (lists of models, unions)."""
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        raise UnexpectedResponseError(
            f"unexpected answer shape: {_summary(exc)}", marketplace=marketplace, method=method, path=path
        ) from None
