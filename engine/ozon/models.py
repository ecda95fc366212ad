"""Typed Ozon Seller API answers, for the methods ozwb reads (ozon-api.md §4).

Field names follow the wire. Parsing is lenient where real answers drift from the spec:
ids and totals as strings, prices as strings (info/list) or numbers (v5 prices), images as
URLs or objects, ``primary_image`` as an array (info/list) or a string (v4 attributes),
``dictionary_value_id`` spelt ``dictionaryValueId`` in complex attributes.
"""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field

from engine.http.fields import ImageList, LenientInt, Money, StrList, Text, WireModel


class ModelInfo(WireModel):
    model_id: LenientInt = None  # 0 until moderation groups the product
    count: LenientInt = None


class ProductListItem(WireModel):
    """``/v3/product/list`` ``result.items[]``."""

    product_id: int
    offer_id: Text = ""
    sku: LenientInt = None
    archived: bool = False
    has_fbo_stocks: bool = False
    has_fbs_stocks: bool = False
    is_discounted: bool = False


class ProductListPage(WireModel):
    items: list[ProductListItem] = Field(default_factory=list)
    total: LenientInt = None
    last_id: Text = ""


class ItemError(WireModel):
    """An item-level problem Ozon reports inside a 200 (``items[].errors[]``)."""

    attribute_id: LenientInt = None
    code: Text = ""
    field: Text = ""
    level: Text = ""
    state: Text = ""
    texts: dict[str, Any] = Field(default_factory=dict)


class ProductStatuses(WireModel):
    status: Text = ""
    status_name: Text = ""
    moderate_status: Text = ""
    validation_status: Text = ""
    status_failed: Text = ""
    is_created: bool | None = None


class ProductInfo(WireModel):
    """``/v3/product/info/list`` ``items[]`` (no ``result`` wrapper). Prices arrive as strings."""

    id: int
    offer_id: Text = ""
    sku: LenientInt = None
    name: Text = ""
    barcodes: StrList = Field(default_factory=list)
    description_category_id: LenientInt = None
    type_id: LenientInt = None
    images: ImageList = Field(default_factory=list)
    primary_image: ImageList = Field(default_factory=list)
    color_image: ImageList = Field(default_factory=list)
    price: Money = None
    old_price: Money = None
    min_price: Money = None
    currency_code: Text = ""
    vat: Money = None  # a fraction: "0.2"
    model_info: ModelInfo = Field(default_factory=ModelInfo)
    statuses: ProductStatuses = Field(default_factory=ProductStatuses)
    errors: list[ItemError] = Field(default_factory=list)
    is_archived: bool = False
    is_autoarchived: bool = False
    volume_weight: float | None = None
    created_at: Text = ""
    updated_at: Text = ""


class AttributeValue(WireModel):
    # Plain types on purpose: a catalog holds ~15 of these per product, and pydantic's own lax
    # coercion ("123" -> 123, numbers -> text) is far cheaper than a Python validator per field.
    dictionary_value_id: int | None = Field(
        default=None, validation_alias=AliasChoices("dictionary_value_id", "dictionaryValueId")
    )
    value: str | None = ""


class ProductAttribute(WireModel):
    id: int
    complex_id: int | None = 0
    values: list[AttributeValue] = Field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [v.value for v in self.values if v.value]


class ProductAttributes(WireModel):
    """``/v4/product/info/attributes`` ``result[]``: attributes, package dimensions, images."""

    id: int
    offer_id: Text = ""
    sku: LenientInt = None
    name: Text = ""
    barcode: Text = ""
    barcodes: StrList = Field(default_factory=list)
    description_category_id: LenientInt = None
    type_id: LenientInt = None
    height: Money = None
    depth: Money = None
    width: Money = None
    dimension_unit: Text = ""
    weight: Money = None
    weight_unit: Text = ""
    primary_image: ImageList = Field(default_factory=list)
    images: ImageList = Field(default_factory=list)
    color_image: ImageList = Field(default_factory=list)
    model_info: ModelInfo = Field(default_factory=ModelInfo)
    attributes: list[ProductAttribute] = Field(default_factory=list)
    complex_attributes: list[ProductAttribute] = Field(default_factory=list)
    attributes_with_defaults: list[int] = Field(default_factory=list)

    def attribute(self, attribute_id: int) -> ProductAttribute | None:
        return next((a for a in self.attributes if a.id == attribute_id), None)


class RawResultPage(WireModel):
    """A ``last_id``-paged answer whose ``result[]`` items are parsed later, one by one.

    Items stay as decoded (``Any``): checking them here copied every item dict (~0.1 s a
    10,000-product read); each item's parser rejects one that is not an object.
    """

    result: list[Any] = Field(default_factory=list)
    total: LenientInt = None
    last_id: Text = ""


class RawItemsPage(WireModel):
    """``/v3/product/info/list``: ``items[]`` parsed later, one by one (items as decoded, see above)."""

    items: list[Any] | None = None


class ProductDescription(WireModel):
    """``/v1/product/info/description`` ``result``; the text may hold HTML."""

    id: int
    offer_id: Text = ""
    name: Text = ""
    description: Text = ""


class CategoryNode(WireModel):
    """A node of ``/v1/description-category/tree``: a category, or a type (leaf) under one."""

    description_category_id: LenientInt = None
    category_name: Text = ""
    type_id: LenientInt = None
    type_name: Text = ""
    disabled: bool = False
    children: list[CategoryNode] = Field(default_factory=list)

    @property
    def is_type(self) -> bool:
        return bool(self.type_id)


class CategoryAttribute(WireModel):
    """``/v1/description-category/attribute`` ``result[]``."""

    id: int
    attribute_complex_id: LenientInt = 0
    name: Text = ""
    description: Text = ""
    type: Text = ""
    is_collection: bool = False
    is_required: bool = False
    is_aspect: bool = False
    max_value_count: LenientInt = 0
    group_id: LenientInt = 0
    group_name: Text = ""
    dictionary_id: LenientInt = 0
    category_dependent: bool = False
    complex_is_collection: bool = False


class DictionaryValue(WireModel):
    """``/v1/description-category/attribute/values`` ``result[]``."""

    id: int
    value: Text = ""
    info: Text = ""
    picture: Text = ""


class DictionaryPage(WireModel):
    result: list[DictionaryValue] = Field(default_factory=list)
    has_next: bool = False


class StockEntry(WireModel):
    sku: LenientInt = None
    type: Text = ""  # fbs | rfbs | fbo | fbp
    present: int = 0
    reserved: int = 0
    shipment_type: Text = ""
    warehouse_ids: list[int] = Field(default_factory=list)


class ProductStocks(WireModel):
    """``/v4/product/info/stocks`` ``items[]``."""

    product_id: int
    offer_id: Text = ""
    stocks: list[StockEntry] = Field(default_factory=list)


class CursorPage(WireModel):
    items: list[Any] = Field(default_factory=list)  # as decoded, see RawResultPage
    cursor: Text = ""
    total: LenientInt = None


class PriceBlock(WireModel):
    price: Money = None
    old_price: Money = None
    min_price: Money = None
    marketing_seller_price: Money = None
    net_price: Money = None
    retail_price: Money = None
    vat: Money = None
    currency_code: Text = ""
    auto_action_enabled: bool | None = None


class ProductPrices(WireModel):
    """``/v5/product/info/prices`` ``items[]``; numbers here, unlike info/list."""

    product_id: int
    offer_id: Text = ""
    price: PriceBlock = Field(default_factory=PriceBlock)
    commissions: dict[str, Any] = Field(default_factory=dict)
    marketing_actions: dict[str, Any] | None = None
    acquiring: Money = None
    volume_weight: float | None = None


class KeyRole(WireModel):
    name: Text = ""
    methods: list[str] = Field(default_factory=list)


class KeyInfo(WireModel):
    """``/v1/roles``: what the key may do and until when."""

    expires_at: Text = ""
    roles: list[KeyRole] = Field(default_factory=list)
