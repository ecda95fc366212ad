"""One Ozon product as the sandbox stores it, and its JSON form in ``samples/ozon``.

A product is one concrete variant (one colour x one size), as on real Ozon. Image paths are kept
relative (``/cdn/img/...``); the emulator makes them absolute per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sandbox.errors import SandboxError


class CatalogError(SandboxError):
    """Sample data that cannot be read into products."""


@dataclass(frozen=True, slots=True)
class Attribute:
    """A product attribute; each value is ``(dictionary_value_id, text)``, 0 for free text."""

    id: int
    values: tuple[tuple[int, str], ...]
    complex_id: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "complex_id": self.complex_id,
            "values": [{"dictionary_value_id": dvid, "value": text} for dvid, text in self.values],
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Attribute:
        values = tuple((int(v.get("dictionary_value_id", 0)), str(v["value"])) for v in raw["values"])
        return cls(int(raw["id"]), values, int(raw.get("complex_id", 0)))

    def first_text(self) -> str:
        return self.values[0][1] if self.values else ""


@dataclass(frozen=True, slots=True)
class Product:
    product_id: int
    offer_id: str
    sku: int  # 0 until the product passes moderation
    name: str
    description_category_id: int
    type_id: int
    description: str
    barcodes: tuple[str, ...]
    price: str  # Ozon's own string form, e.g. "1299.00"
    old_price: str
    min_price: str
    vat: str
    currency_code: str
    fbs_present: int
    fbs_reserved: int
    fbo_present: int
    fbo_reserved: int
    depth: int | None
    width: int | None
    height: int | None
    dimension_unit: str | None
    weight: int | None
    weight_unit: str | None
    images: tuple[str, ...]
    color_image: str
    model_id: int
    model_count: int
    attributes: tuple[Attribute, ...]
    archived: bool
    created_at: str
    updated_at: str
    # Real responses sometimes carry image objects instead of URL strings; one sample product does.
    images_as_objects: bool = False
    errors: tuple[dict[str, Any], ...] = ()

    @property
    def primary_image(self) -> str:
        return self.images[0] if self.images else ""

    @property
    def moderated(self) -> bool:
        return self.sku > 0

    @property
    def has_stock(self) -> bool:
        return self.fbs_present > 0 or self.fbo_present > 0

    def attribute(self, attribute_id: int) -> Attribute | None:
        return next((a for a in self.attributes if a.id == attribute_id), None)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "product_id": self.product_id,
            "offer_id": self.offer_id,
            "sku": self.sku,
            "name": self.name,
            "description_category_id": self.description_category_id,
            "type_id": self.type_id,
            "archived": self.archived,
            "barcodes": list(self.barcodes),
            "price": self.price,
            "old_price": self.old_price,
            "min_price": self.min_price,
            "vat": self.vat,
            "currency_code": self.currency_code,
            "stocks": {
                "fbs": {"present": self.fbs_present, "reserved": self.fbs_reserved},
                "fbo": {"present": self.fbo_present, "reserved": self.fbo_reserved},
            },
        }
        for key in ("depth", "width", "height", "dimension_unit", "weight", "weight_unit"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        out["images"] = list(self.images)
        if self.images_as_objects:
            out["images_as_objects"] = True
        out["color_image"] = self.color_image
        out["model_info"] = {"model_id": self.model_id, "count": self.model_count}
        out["attributes"] = [a.to_dict() for a in self.attributes]
        out["description"] = self.description
        if self.errors:
            out["errors"] = list(self.errors)
        out["created_at"] = self.created_at
        out["updated_at"] = self.updated_at
        return out

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Product:
        try:
            stocks = raw.get("stocks", {})
            fbs = stocks.get("fbs", {})
            fbo = stocks.get("fbo", {})
            model = raw.get("model_info", {})
            return cls(
                product_id=int(raw["product_id"]),
                offer_id=str(raw["offer_id"]),
                sku=int(raw.get("sku", 0)),
                name=str(raw["name"]),
                description_category_id=int(raw["description_category_id"]),
                type_id=int(raw["type_id"]),
                description=str(raw.get("description", "")),
                barcodes=tuple(str(b) for b in raw.get("barcodes", [])),
                price=str(raw["price"]),
                old_price=str(raw.get("old_price", "0")),
                min_price=str(raw.get("min_price", "0")),
                vat=str(raw.get("vat", "0.2")),
                currency_code=str(raw.get("currency_code", "RUB")),
                fbs_present=int(fbs.get("present", 0)),
                fbs_reserved=int(fbs.get("reserved", 0)),
                fbo_present=int(fbo.get("present", 0)),
                fbo_reserved=int(fbo.get("reserved", 0)),
                depth=_optional_int(raw.get("depth")),
                width=_optional_int(raw.get("width")),
                height=_optional_int(raw.get("height")),
                dimension_unit=raw.get("dimension_unit"),
                weight=_optional_int(raw.get("weight")),
                weight_unit=raw.get("weight_unit"),
                images=tuple(str(i) for i in raw.get("images", [])),
                color_image=str(raw.get("color_image", "")),
                model_id=int(model.get("model_id", 0)),
                model_count=int(model.get("count", 0)),
                attributes=tuple(Attribute.from_dict(a) for a in raw.get("attributes", [])),
                archived=bool(raw.get("archived", False)),
                created_at=str(raw["created_at"]),
                updated_at=str(raw["updated_at"]),
                images_as_objects=bool(raw.get("images_as_objects", False)),
                errors=tuple(raw.get("errors", [])),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise CatalogError(f"bad product record {raw.get('offer_id', '?')!r}: {exc}") from exc


def _optional_int(value: object) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int | str | float):
        raise TypeError(f"expected a number, got {value!r}")
    return int(value)
