"""Lenient field types for marketplace payloads whose types drift from their specs.

Real answers send ids and totals as strings or numbers, prices as ``"1299.00"`` or
``1299.0``, image lists as URL strings or ``{default, file_name, index}`` objects, and a
single image as a string in one method and an array in the next. These types accept all
of that and hand the rest of ozwb one shape.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict


class WireModel(BaseModel):
    """Base for answer models: unknown fields ignored, numbers accepted where text is declared."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, coerce_numbers_to_str=True)


def _blank_to_none(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


def _int_or_none(value: Any) -> Any:
    value = _blank_to_none(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            return int(Decimal(text))  # "123.0": still a whole id; garbage raises and fails validation
    return value


def _decimal_or_none(value: Any) -> Any:
    value = _blank_to_none(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest text that round-trips, not the binary expansion
    if isinstance(value, str):
        try:
            return Decimal(value.strip().replace(",", "."))
        except InvalidOperation:
            return value  # let pydantic report it
    return value


def _str_list(value: Any) -> Any:
    """A string, a list of strings, ``None`` or ``""`` -> a list without empty entries."""
    value = _blank_to_none(value)
    if value is None:
        return []
    if isinstance(value, str | int):
        return [str(value)]
    if isinstance(value, list):
        return [str(v) for v in value if v is not None and str(v).strip()]
    return value


def _image_list(value: Any) -> Any:
    """URL strings or ``{default, file_name, index}`` objects -> URLs in display order."""
    value = _blank_to_none(value)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        return value
    plain: list[str] = []
    objects: list[tuple[int, bool, str]] = []
    for position, item in enumerate(value):
        if isinstance(item, str):
            if item.strip():
                plain.append(item)
        elif isinstance(item, dict):
            url = item.get("file_name") or item.get("url") or ""
            if isinstance(url, str) and url.strip():
                index = item.get("index")
                objects.append((index if isinstance(index, int) else position, bool(item.get("default")), url))
    objects.sort(key=lambda o: o[0])
    # The default (main) image leads, as it does on the storefront.
    ordered = [o for o in objects if o[1]] + [o for o in objects if not o[1]]
    return plain + [url for _, _, url in ordered]


LenientInt = Annotated[int | None, BeforeValidator(_int_or_none)]
Money = Annotated[Decimal | None, BeforeValidator(_decimal_or_none)]
StrList = Annotated[list[str], BeforeValidator(_str_list)]
ImageList = Annotated[list[str], BeforeValidator(_image_list)]
Text = Annotated[str, BeforeValidator(lambda v: "" if v is None else v)]
