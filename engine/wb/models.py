"""Typed WB answers and requests outside the cards themselves: directories, prices, stocks.

Field names are snake_case with WB's camelCase as aliases; build requests with either and
send ``model_dump(by_alias=True)``.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from engine.http.fields import LenientInt, Text, WireModel


class Parent(WireModel):
    id: int
    name: Text = ""
    is_visible: bool = Field(default=True, alias="isVisible")


class Subject(WireModel):
    subject_id: int = Field(alias="subjectID")
    parent_id: LenientInt = Field(default=None, alias="parentID")
    subject_name: Text = Field(default="", alias="subjectName")
    parent_name: Text = Field(default="", alias="parentName")


class Charc(WireModel):
    """A subject's characteristic: ``charc_type`` 1 takes a list of strings, 4 one number."""

    charc_id: int = Field(alias="charcID")
    subject_name: Text = Field(default="", alias="subjectName")
    subject_id: LenientInt = Field(default=None, alias="subjectID")
    name: Text = ""
    required: bool = False
    unit_name: Text = Field(default="", alias="unitName")
    max_count: int = Field(default=0, alias="maxCount")
    popular: bool = False
    charc_type: int = Field(default=1, alias="charcType")
    has_filter: bool = Field(default=False, alias="hasFilter")
    is_variable: bool = Field(default=False, alias="isVariable")
    exist_named_field: bool = Field(default=False, alias="existNamedField")
    # WB's 2026 flag: without this value the card is not even created. Not in the saved spec yet.
    is_required_for_create: bool = Field(default=False, alias="isRequiredForCreate")


class Color(WireModel):
    name: Text = ""
    parent_name: Text = Field(default="", alias="parentName")


class Country(WireModel):
    id: LenientInt = None
    name: Text = ""
    full_name: Text = Field(default="", alias="fullName")


class Tnved(WireModel):
    tnved: Text = ""
    is_kiz: bool = Field(default=False, alias="isKiz")


class Brand(WireModel):
    id: int
    name: Text = ""
    logo_url: Text = Field(default="", alias="logoUrl")


class BrandsPage(WireModel):
    brands: list[Brand] = Field(default_factory=list)
    next: LenientInt = None
    total: LenientInt = None


class CardLimits(WireModel):
    free_limits: int = Field(default=0, alias="freeLimits")
    paid_limits: int = Field(default=0, alias="paidLimits")


class PriceItem(WireModel):
    """One ``upload/task`` line: a whole-card price (integer, account currency) and/or discount %."""

    nm_id: int = Field(alias="nmID")
    price: int | None = None
    discount: int | None = None


class PriceTaskRef(WireModel):
    """``upload/task``'s answer; ``already_exists`` when the very same upload was sent before (208)."""

    id: int
    already_exists: bool = Field(default=False, alias="alreadyExists")


class PriceTask(WireModel):
    """``history/tasks``: status 3 = done, 4 = cancelled, 5 = some items failed, 6 = all failed."""

    upload_id: int = Field(alias="uploadID")
    status: int
    upload_date: Text = Field(default="", alias="uploadDate")
    activation_date: Text = Field(default="", alias="activationDate")
    over_all_goods_number: int = Field(default=0, alias="overAllGoodsNumber")
    success_goods_number: int = Field(default=0, alias="successGoodsNumber")


class PriceTaskGood(WireModel):
    """``history/goods/task`` item: status 2 = applied, 3 = error (see ``error_text``)."""

    nm_id: int = Field(alias="nmID")
    vendor_code: Text = Field(default="", alias="vendorCode")
    size_id: LenientInt = Field(default=None, alias="sizeID")
    tech_size_name: Text = Field(default="", alias="techSizeName")
    price: LenientInt = None
    currency_iso_code4217: Text = Field(default="", alias="currencyIsoCode4217")
    discount: LenientInt = None
    club_discount: LenientInt = Field(default=None, alias="clubDiscount")
    status: LenientInt = None
    error_text: Text = Field(default="", alias="errorText")


class Warehouse(WireModel):
    """A seller warehouse; ``id`` is the ``warehouseId`` stock calls take."""

    id: int
    name: Text = ""
    office_id: LenientInt = Field(default=None, alias="officeId")
    cargo_type: LenientInt = Field(default=None, alias="cargoType")
    delivery_type: LenientInt = Field(default=None, alias="deliveryType")
    is_deleting: bool = Field(default=False, alias="isDeleting")
    is_processing: bool = Field(default=False, alias="isProcessing")


class StockAmount(WireModel):
    """Stock of one size (``chrt_id``, uint64) at one warehouse."""

    chrt_id: int = Field(alias="chrtId")
    amount: int


class PingResult(WireModel):
    ts: Text = Field(default="", alias="TS")
    status: Text = Field(default="", alias="Status")


def dump(model: WireModel) -> dict[str, Any]:
    """A request body as WB spells it."""
    return model.model_dump(by_alias=True, exclude_none=True, mode="json")
