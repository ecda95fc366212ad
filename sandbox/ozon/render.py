"""Products rendered as each method answers, with the type drift the real API has.

Prices are strings in ``/v3/product/info/list`` and numbers in ``/v5/product/info/prices``;
``primary_image``/``color_image`` are arrays in info/list and strings in v4 attributes; image paths
become absolute URLs on the sandbox's own host.

Parts that never change (a catalog attribute, the price-index blocks) are serialised once and
spliced in as ``orjson.Fragment``s: the bytes are the same, a 10,000-product read costs the
sandbox ~0.5 s less CPU. So the items are only for ``orjson.dumps`` (the router's encoder).
"""

from __future__ import annotations

import functools
from typing import Any

import orjson

from sandbox.catalog import Attribute, Product

CM_PER_UNIT = {"mm": 0.1, "cm": 1.0, "in": 2.54}
# Ozon's sales commission differs by category; a per-kind figure is enough for a sandbox.
COMMISSION_PERCENT = {
    200000933: 19.0, 200001517: 19.0, 41777465: 19.0, 15621048: 18.0, 17027904: 17.0, 17028731: 15.0,
    17028730: 15.0, 17027927: 15.0, 17028729: 15.0, 17028732: 14.0, 17028741: 14.0, 17028650: 12.0,
    17028627: 12.0, 17028634: 12.0, 17028929: 10.0, 17028910: 10.0, 17028992: 16.0, 17028991: 16.0,
    17028990: 16.0, 17028973: 14.0, 62573858: 14.0,
}


def _fragment(value: Any) -> orjson.Fragment:
    return orjson.Fragment(orjson.dumps(value))


_INFO_INDEX = {"minimal_price": "", "minimal_price_currency": "RUB", "price_index_value": 0.0}
INFO_PRICE_INDEXES = _fragment({
    "color_index": "COLOR_INDEX_WITHOUT_INDEX", "external_index_data": _INFO_INDEX, "ozon_index_data": _INFO_INDEX,
    "self_marketplaces_index_data": _INFO_INDEX,
})
_PRICES_INDEX = {"min_price": 0.0, "min_price_currency": "RUB", "price_index_value": 0.0}
PRICES_PRICE_INDEXES = _fragment({
    "color_index": "WITHOUT_INDEX", "external_index_data": _PRICES_INDEX, "ozon_index_data": _PRICES_INDEX,
    "self_marketplaces_index_data": _PRICES_INDEX,
})


@functools.lru_cache(maxsize=1 << 18)
def attribute_json(attribute: Attribute) -> orjson.Fragment:
    """An attribute as ``/v4/product/info/attributes`` lists it; products share most of theirs (14,398
    distinct among 153,135 in the 10,000-product catalog), and the catalog never changes."""
    return _fragment(attribute.to_dict())


def absolute(base: str, path: str) -> str:
    return f"{base}{path}" if path.startswith("/") else path


def volume_weight(p: Product) -> float:
    """Ozon's volumetric weight: litres of the package divided by 5, in kg."""
    if not (p.depth and p.width and p.height and p.dimension_unit in CM_PER_UNIT):
        return 0.0
    scale = CM_PER_UNIT[p.dimension_unit]
    litres = p.depth * scale * p.width * scale * p.height * scale / 1000
    return round(litres / 5, 2)


def _percent(p: Product) -> float:
    return COMMISSION_PERCENT.get(p.description_category_id, 15.0)


def list_item(p: Product) -> dict[str, Any]:
    """``/v3/product/list`` ``result.items[]``."""
    return {
        "product_id": p.product_id,
        "offer_id": p.offer_id,
        "sku": p.sku,
        "archived": p.archived,
        "has_fbo_stocks": p.fbo_present > 0,
        "has_fbs_stocks": p.fbs_present > 0,
        "is_discounted": False,
        "quants": [],
    }


def _statuses(p: Product) -> dict[str, Any]:
    if p.archived:
        status, name, moderate, validation = "archived", "В архиве", "approved", "success"
    elif not p.moderated:
        status, name, moderate, validation = "moderating", "На модерации", "moderating", "pending"
    elif p.has_stock:
        status, name, moderate, validation = "price_sent", "Продается", "approved", "success"
    else:
        status, name, moderate, validation = "price_sent", "Готов к продаже", "approved", "success"
    return {
        "status": status, "status_name": name, "status_description": "", "moderate_status": moderate,
        "validation_status": validation, "status_failed": "", "status_tooltip": "",
        "status_updated_at": p.updated_at, "is_created": True,
    }


def info_item(p: Product, base: str) -> dict[str, Any]:
    """``/v3/product/info/list`` ``items[]``: prices as strings, image fields as arrays."""
    images = [absolute(base, i) for i in p.images]
    price = float(p.price)
    percent = _percent(p)
    stocks = []
    sources = []
    if p.moderated:
        stocks = [
            {"present": p.fbs_present, "reserved": p.fbs_reserved, "sku": p.sku, "source": "fbs"},
            {"present": p.fbo_present, "reserved": p.fbo_reserved, "sku": p.sku, "source": "fbo"},
        ]
        sources = [{"sku": p.sku, "source": "sds", "shipment_type": "SHIPMENT_TYPE_GENERAL", "quant_code": "",
                    "created_at": p.created_at}]
    return {
        "id": p.product_id,
        "offer_id": p.offer_id,
        "sku": p.sku,
        "name": p.name,
        "barcodes": list(p.barcodes),
        "description_category_id": p.description_category_id,
        "type_id": p.type_id,
        "images": images,
        "primary_image": images[:1],
        "color_image": [absolute(base, p.color_image)] if p.color_image else [],
        "price": p.price,
        "old_price": p.old_price,
        "min_price": p.min_price,
        "currency_code": p.currency_code,
        "vat": p.vat,
        "stocks": {"has_stock": p.has_stock, "stocks": stocks},
        "statuses": _statuses(p),
        "visibility_details": {"has_price": price > 0, "has_stock": p.has_stock},
        "model_info": {"model_id": p.model_id, "count": p.model_count},
        "errors": list(p.errors),
        "is_archived": p.archived,
        "is_autoarchived": False,
        "is_discounted": False,
        "is_kgt": False,
        "is_super": False,
        "is_prepayment_allowed": True,
        "has_discounted_fbo_item": False,
        "discounted_fbo_stocks": 0,
        "volume_weight": volume_weight(p),
        "created_at": p.created_at,
        "updated_at": p.updated_at,
        "sources": sources,
        "availabilities": [],
        "commissions": [
            {"sale_schema": schema, "percent": percent, "value": round(price * percent / 100, 2),
             "delivery_amount": delivery, "return_amount": delivery}
            for schema, delivery in (("FBO", 63.0), ("FBS", 76.0), ("RFBS", 0.0))
        ],
        "price_indexes": INFO_PRICE_INDEXES,
        "promotions": [],
    }


def attributes_item(p: Product, base: str) -> dict[str, Any]:
    """``/v4/product/info/attributes`` ``result[]``: image fields as strings, package dims with units."""
    urls = [absolute(base, i) for i in p.images]
    images: list[Any] = urls
    if p.images_as_objects:
        images = [{"default": n == 0, "file_name": url, "index": n} for n, url in enumerate(urls)]
    item: dict[str, Any] = {
        "id": p.product_id,
        "barcode": "",
        "barcodes": list(p.barcodes),
        "name": p.name,
        "offer_id": p.offer_id,
        "type_id": p.type_id,
        "description_category_id": p.description_category_id,
    }
    for key in ("height", "depth", "width", "dimension_unit", "weight", "weight_unit"):
        value = getattr(p, key)
        if value is not None:
            item[key] = value
    item.update({
        "primary_image": urls[0] if urls else "",
        "sku": p.sku,
        "model_info": {"model_id": p.model_id, "count": p.model_count},
        "images": images,
        "pdf_list": [],
        "attributes": [attribute_json(a) for a in p.attributes],
        "attributes_with_defaults": [],
        "complex_attributes": [],
        "color_image": absolute(base, p.color_image) if p.color_image else "",
    })
    return item


def stocks_item(p: Product) -> dict[str, Any]:
    """``/v4/product/info/stocks`` ``items[]``; a product without an SKU has no stock rows yet."""
    rows = []
    if p.moderated:
        rows = [
            {"sku": p.sku, "type": kind, "present": present, "reserved": reserved,
             "shipment_type": "SHIPMENT_TYPE_GENERAL"}
            for kind, present, reserved in (("fbs", p.fbs_present, p.fbs_reserved),
                                            ("fbo", p.fbo_present, p.fbo_reserved))
        ]
    return {"offer_id": p.offer_id, "product_id": p.product_id, "stocks": rows}


def prices_item(p: Product) -> dict[str, Any]:
    """``/v5/product/info/prices`` ``items[]``: prices as numbers, VAT as a fraction."""
    price = float(p.price)
    percent = _percent(p)
    return {
        "product_id": p.product_id,
        "offer_id": p.offer_id,
        "price": {
            "price": price,
            "old_price": float(p.old_price),
            "min_price": float(p.min_price),
            "marketing_seller_price": price,
            "net_price": 0.0,
            "retail_price": 0.0,
            "vat": float(p.vat),
            "currency_code": p.currency_code,
            "auto_action_enabled": False,
            "auto_add_to_ozon_actions_list_enabled": False,
        },
        "commissions": {
            "sales_percent_fbo": percent,
            "sales_percent_fbs": percent + 1,
            "sales_percent_rfbs": percent + 1,
            "sales_percent_fbp": percent,
            "fbo_deliv_to_customer_amount": 25.0,
            "fbo_direct_flow_trans_min_amount": 12.0,
            "fbo_direct_flow_trans_max_amount": 40.0,
            "fbo_return_flow_amount": 50.0,
            "fbs_deliv_to_customer_amount": 60.0,
            "fbs_direct_flow_trans_min_amount": 48.0,
            "fbs_direct_flow_trans_max_amount": 76.0,
            "fbs_first_mile_min_amount": 0.0,
            "fbs_first_mile_max_amount": 25.0,
            "fbs_return_flow_amount": 40.0,
        },
        "marketing_actions": {"actions": [], "ozon_actions_exist": False},
        "price_indexes": PRICES_PRICE_INDEXES,
        "acquiring": round(price * 0.015, 2),
        "volume_weight": volume_weight(p),
    }
