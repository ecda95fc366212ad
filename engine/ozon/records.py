"""The bulk read's parsing: raw Ozon answer items straight into the compact parts a product is joined from.

The typed models in :mod:`engine.ozon.models` validate every field of every answer; for a whole
catalog that is most of the read's CPU and, kept around, tens of kilobytes per product. Here
each item yields only the fields the join uses, with the same lenient reading as the models
(ids and prices as strings or numbers, images as URLs or objects, numbers where text is
declared). A malformed item fails the read as an :class:`UnexpectedResponseError` naming the
field, like a model's validation error would.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple, TypeVar

from engine.errors import UnexpectedResponseError
from engine.http.fields import _image_list, _str_list
from engine.ozon.product import AttributeTable, InfoStatus, Interner, Package, PriceBlock, Stock

DESCRIPTION_ATTRIBUTE = 4191
T = TypeVar("T")
_TRUE = frozenset({"true", "1", "yes", "on", "t", "y"})
_FALSE = frozenset({"false", "0", "no", "off", "f", "n", ""})


class InfoPart(NamedTuple):
    offer_id: str
    sku: int | None
    name: str
    barcodes: tuple[str, ...]
    description_category_id: int | None
    type_id: int | None
    images: tuple[str, ...]
    primary_image: tuple[str, ...]
    price: Decimal | None
    old_price: Decimal | None
    min_price: Decimal | None
    currency_code: str
    vat: Decimal | None
    model_id: int | None
    is_archived: bool
    status: InfoStatus


class DetailsPart(NamedTuple):
    offer_id: str
    sku: int | None
    name: str
    barcodes: tuple[str, ...]
    description_category_id: int | None
    type_id: int | None
    images: tuple[str, ...]
    primary_image: tuple[str, ...]
    model_id: int | None
    attributes: AttributeTable
    description: str  # attribute 4191, values joined
    package: Package


class _FieldError(Exception):
    """A field even lenient reading cannot take; never escapes: :func:`read_item` turns it into the engine's error."""


def read_item(parse: Callable[[dict[str, Any], Interner], T], item: object, interner: Interner, path: str) -> T:
    """``parse(item)``, failing as :class:`UnexpectedResponseError` (field names only, never values)."""
    try:
        if not isinstance(item, dict):
            raise _FieldError("item is not an object")
        return parse(item, interner)
    except (_FieldError, KeyError, TypeError, ValueError, ArithmeticError) as exc:
        reason = f"{exc}" if isinstance(exc, _FieldError) else f"missing or malformed field ({type(exc).__name__})"
        raise UnexpectedResponseError(
            f"unexpected answer shape: {reason}", marketplace="ozon", method="POST", path=path
        ) from None


def parse_info(item: dict[str, Any], interner: Interner) -> tuple[int, InfoPart]:
    statuses = item.get("statuses") or {}
    return _id(item["id"]), InfoPart(
        offer_id=_text(item.get("offer_id")),
        sku=_int(item.get("sku")),
        name=interner.text(_text(item.get("name"))),
        barcodes=_strings(item.get("barcodes")),
        description_category_id=_int(item.get("description_category_id")),
        type_id=_int(item.get("type_id")),
        images=interner.text_tuple(_images(item.get("images"))),
        primary_image=interner.text_tuple(_images(item.get("primary_image"))),
        price=interner.number(_money(item.get("price"))),
        old_price=interner.number(_money(item.get("old_price"))),
        min_price=interner.number(_money(item.get("min_price"))),
        currency_code=interner.text(_text(item.get("currency_code"))),
        vat=interner.number(_money(item.get("vat"))),
        model_id=_int((item.get("model_info") or {}).get("model_id")),
        is_archived=_flag(item.get("is_archived")),
        status=interner.record(InfoStatus(*(_text(statuses.get(key)) for key in InfoStatus._fields))),
    )


def parse_details(item: dict[str, Any], interner: Interner) -> tuple[int, DetailsPart]:
    ids: list[int] = []
    texts: list[tuple[str, ...]] = []
    name = interner.text(_text(item.get("name")))
    # ~15 attributes a product: the common shapes (an int id, text values) are read inline here,
    # anything else goes through the lenient helpers.
    shared_text = interner.shared_texts().setdefault
    shared_tuple = interner.shared_text_tuples().setdefault
    known_tuple = interner.shared_text_tuples().get
    for attribute in item.get("attributes") or ():
        found = attribute["id"]
        ids.append(found if type(found) is int else _id(found))
        values: list[str] = []
        for entry in attribute.get("values") or ():
            value = entry.get("value")
            if type(value) is str:
                if value:
                    values.append(value)
            else:
                values.extend(_value_texts([entry]))
        key = tuple(values)
        # Most value lists were seen before (14,398 distinct among 153,135 in the 10,000-product
        # sample): the shared tuple already holds shared texts.
        shared = known_tuple(key)
        if shared is None:
            key = tuple([shared_text(v, v) for v in values])
            shared = shared_tuple(key, key)
        texts.append(shared)
    table = AttributeTable(interner.ids(tuple(ids)), tuple(texts))
    return _id(item["id"]), DetailsPart(
        offer_id=_text(item.get("offer_id")),
        sku=_int(item.get("sku")),
        name=name,
        barcodes=_strings(item.get("barcodes")),
        description_category_id=_int(item.get("description_category_id")),
        type_id=_int(item.get("type_id")),
        images=interner.text_tuple(_images(item.get("images"))),
        primary_image=interner.text_tuple(_images(item.get("primary_image"))),
        model_id=_int((item.get("model_info") or {}).get("model_id")),
        attributes=table,
        description=interner.text("\n".join(table.texts_of(DESCRIPTION_ATTRIBUTE))),
        package=interner.record(Package(
            depth=_money(item.get("depth")),
            width=_money(item.get("width")),
            height=_money(item.get("height")),
            dimension_unit=_text(item.get("dimension_unit")),
            weight=_money(item.get("weight")),
            weight_unit=_text(item.get("weight_unit")),
        )),
    )


def parse_prices(item: dict[str, Any], interner: Interner) -> tuple[int, PriceBlock]:
    block = item.get("price") or {}
    return _id(item["product_id"]), interner.record(PriceBlock(
        price=_money(block.get("price")),
        old_price=_money(block.get("old_price")),
        min_price=_money(block.get("min_price")),
        currency_code=_text(block.get("currency_code")),
        vat=_money(block.get("vat")),
    ))


def parse_stocks(item: dict[str, Any], interner: Interner) -> tuple[int, tuple[Stock, ...]]:
    stocks = tuple(
        Stock(_text(s.get("type")), _count(s.get("present")), _count(s.get("reserved")))
        for s in item.get("stocks") or ()
    )
    return _id(item["product_id"]), interner.record(stocks)


def _value_texts(values: Any) -> list[str]:
    """The non-empty texts of an attribute's values; numbers count as text, as in the models."""
    found: list[str] = []
    for entry in values or ():
        value = entry.get("value")
        if type(value) is str:
            if value:
                found.append(value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            found.append(str(value))
        elif value is not None:
            raise _FieldError("attributes.values.value is not text")
    return found


def _id(value: Any) -> int:
    found = _int(value)
    if found is None:
        raise _FieldError("an id is missing")
    return found


def _int(value: Any) -> int | None:
    if type(value) is int or value is None:
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            number = Decimal(text)  # "123.0" is still a whole id; garbage raises
    elif isinstance(value, float) and not isinstance(value, bool):
        number = Decimal(repr(value))
    else:
        raise _FieldError("a number field is not a number")
    if number != number.to_integral_value():
        raise _FieldError("a whole-number field has a fraction")
    return int(number)


def _count(value: Any) -> int:
    return _int(value) or 0


def _money(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise _FieldError("a money field is not a number") from None
    if type(value) is float:
        return Decimal(repr(value))  # the shortest text that round-trips, not the binary expansion
    if type(value) is int:
        return Decimal(value)
    raise _FieldError("a money field is not a number")


def _text(value: Any) -> str:
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise _FieldError("a text field is not text")


def _flag(value: Any) -> bool:
    if type(value) is bool:
        return value
    if value is None:
        return False
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise _FieldError("a flag is not true or false")


def _strings(value: Any) -> tuple[str, ...]:
    found = _str_list(value)
    if not isinstance(found, list):
        raise _FieldError("a list of texts is not a list")
    return tuple(found)


def _images(value: Any) -> tuple[str, ...]:
    if type(value) is list and all(type(v) is str for v in value):
        return tuple([v for v in value if v.strip()])  # the usual shape, as _image_list reads it
    found = _image_list(value)
    if not isinstance(found, list):
        raise _FieldError("an image list is not a list")
    return tuple(found)
