"""Request bodies of the emulated methods, parsed leniently the way Ozon's gateway does.

Ids may come as strings (the spec's type) or integers (what most clients send). Anything that does
not fit becomes an ``OzonApiError`` 400 / code 3, never FastAPI's 422.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from sandbox.ozon.errors import invalid_argument

INT64_MAX = 2**63 - 1
MAX_IDS = 1000
VISIBILITIES = frozenset({
    "ALL", "VISIBLE", "INVISIBLE", "EMPTY_STOCK", "NOT_MODERATED", "MODERATED", "DISABLED", "STATE_FAILED",
    "READY_TO_SUPPLY", "VALIDATION_STATE_PENDING", "VALIDATION_STATE_FAIL", "VALIDATION_STATE_SUCCESS", "TO_SUPPLY",
    "IN_SALE", "REMOVED_FROM_SALE", "BANNED", "OVERPRICED", "CRITICALLY_OVERPRICED", "EMPTY_BARCODE", "BARCODE_EXISTS",
    "QUARANTINE", "ARCHIVED", "OVERPRICED_WITH_STOCK", "PARTIAL_APPROVED", "AUTO_ARCHIVED", "MANUAL_ARCHIVED",
    "SEASONAL_AUTO_ARCHIVED", "VISIBLE_WITH_FBO_STOCK",
})
LANGUAGES = frozenset({"DEFAULT", "RU", "EN", "TR", "ZH_HANS"})


def _int64(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError("must be an integer")
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or not -INT64_MAX - 1 <= value <= INT64_MAX:
        raise ValueError("must be an int64")
    return value


def _text(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


def _visibility(value: object) -> str:
    if value is None or value == "":
        return "ALL"
    if not isinstance(value, str) or value not in VISIBILITIES:
        raise ValueError(f"unknown visibility value {value!r}")
    return value


def _language(value: object) -> str:
    if value is None or value == "":
        return "DEFAULT"
    if not isinstance(value, str) or value not in LANGUAGES:
        raise ValueError(f"unknown language value {value!r}")
    return value


Int64 = Annotated[int, BeforeValidator(_int64)]
Text = Annotated[str, BeforeValidator(_text)]
Visibility = Annotated[str, BeforeValidator(_visibility)]
Language = Annotated[str, BeforeValidator(_language)]
IdList = Annotated[list[Int64], Field(max_length=MAX_IDS)]
TextList = Annotated[list[Text], Field(max_length=MAX_IDS)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ProductFilter(_Body):
    offer_id: TextList | None = None
    product_id: IdList | None = None
    sku: IdList | None = None
    skus: IdList | None = None
    visibility: Visibility = "ALL"


class ProductListBody(_Body):
    filter: ProductFilter | None = None
    last_id: Text | None = None
    limit: Int64 | None = None


class AttributesBody(ProductListBody):
    sort_by: Text | None = None
    sort_dir: Text | None = None


class CursorBody(_Body):
    filter: ProductFilter
    cursor: Text | None = None
    limit: Int64


class InfoListBody(_Body):
    offer_id: TextList | None = None
    product_id: IdList | None = None
    sku: IdList | None = None


class DescriptionBody(_Body):
    offer_id: Text | None = None
    product_id: Int64 | None = None


class TreeBody(_Body):
    language: Language = "DEFAULT"


class CategoryBody(_Body):
    description_category_id: Int64
    type_id: Int64
    language: Language = "DEFAULT"


class AttributeValuesBody(CategoryBody):
    attribute_id: Int64
    last_value_id: Int64 | None = None
    limit: Int64


BodyT = TypeVar("BodyT", bound=BaseModel)


def decode_json(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object; an empty body counts as ``{}`` as it does at Ozon's gateway."""
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise invalid_argument(f"invalid request body: {exc}") from exc
    if not isinstance(data, dict):
        raise invalid_argument("invalid request body: a JSON object is expected")
    return data


def parse_body(model: type[BodyT], data: dict[str, Any]) -> BodyT:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise invalid_argument(f"invalid {model.__name__}.{where}: {first['msg']}") from exc


def check_limit(limit: int | None, maximum: int, *, default: int | None = None) -> int:
    if limit is None or limit == 0:
        if default is not None:
            return default
        raise invalid_argument(f"limit is required and must be inside range [1, {maximum}]")
    if not 1 <= limit <= maximum:
        raise invalid_argument(f"limit must be inside range [1, {maximum}]")
    return limit
