"""The deterministic sample-catalog generator: same size and seed, same products, byte for byte.

Products come in models (one model = one Ozon storefront card = colours x sizes), made up from the
templates in ``samples/ozon/types.json`` and the vocabulary beside it. The hand-written adversarial
products of ``samples/ozon/adversarial.json`` are added when the requested size leaves room for them.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sandbox.catalog import samples
from sandbox.catalog.ean import make_ean13
from sandbox.catalog.model import Attribute, CatalogError, Product
from sandbox.catalog.texts import compose_description, compose_model_name, compose_name, price_text

DEFAULT_GENERATED = 420
PRODUCT_ID_BASE = 1_500_000_000
SKU_BASE = 1_900_000_000
MODEL_ID_BASE = 640_000_000
_START = datetime(2023, 1, 1, tzinfo=UTC).timestamp()
_SPAN = 3.4 * 365 * 86400
SIZED_KINDS = ("apparel", "shoes")


def generate_catalog(size: int | None = None, seed: int = 1) -> list[Product]:
    """``size`` products (None: the default ~420 generated plus the adversarial ones), sorted by product_id."""
    if size is not None and size < 0:
        raise CatalogError("catalog size cannot be negative")
    adversarial = list(samples.adversarial_products())
    if size is None:
        target, extra = DEFAULT_GENERATED, adversarial
    elif size >= len(adversarial):
        target, extra = size - len(adversarial), adversarial
    else:
        target, extra = size, []
    products = _Generator(seed).run(target)
    products.extend(extra)
    products.sort(key=lambda p: p.product_id)
    return products


@dataclass
class _ModelSpec:
    """What one model's variants share."""

    tpl: dict[str, Any]
    kind: str
    code: str
    brand: str
    feature: str
    gender: str
    dcid: int
    type_id: int
    moderated: bool
    archived: bool
    model_id: int
    weight_g: int = 0


def _timestamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.templates = samples.type_templates()
        self.keys = sorted(self.templates)
        self.weights = [self.templates[k]["weight"] for k in self.keys]
        self.vocab = samples.vocabulary()
        self.dict_values = samples.dictionary_ids()
        sets = samples.attribute_sets()
        self.dictionary_of = {d["id"]: d["dictionary_id"] for d in sets["definitions"]}
        self.kind_attributes: dict[str, list[int]] = sets["kinds"]
        self.attr_cache: dict[tuple[int, tuple[str, ...]], Attribute] = {}
        self.product_id = PRODUCT_ID_BASE
        self.sku = SKU_BASE
        self.model_id = MODEL_ID_BASE
        self.barcode_counter = 0
        self.model_seq = 0

    def run(self, target: int) -> list[Product]:
        out: list[Product] = []
        # One model of every type first, so even a small catalog covers all the categories.
        first_round = self.rng.sample(self.keys, k=len(self.keys))
        while len(out) < target:
            key = first_round.pop() if first_round else self.rng.choices(self.keys, self.weights)[0]
            out.extend(self._model(key, target - len(out)))
        return out

    def _attr(self, attribute_id: int, *texts: str) -> Attribute:
        """An attribute whose values are looked up in its dictionary (shared between products)."""
        cache_key = (attribute_id, texts)
        found = self.attr_cache.get(cache_key)
        if found is None:
            dict_id = self.dictionary_of[attribute_id]
            try:
                values = tuple((self.dict_values[(dict_id, t)] if dict_id else 0, t) for t in texts)
            except KeyError as exc:
                raise CatalogError(f"{texts!r} is not in dictionary {dict_id} of attribute {attribute_id}") from exc
            found = self.attr_cache[cache_key] = Attribute(attribute_id, values)
        return found

    def _model(self, key: str, room: int) -> list[Product]:
        rng, tpl = self.rng, self.templates[key]
        self.model_seq += 1
        brand = rng.choice(tpl["brands"])
        gender = rng.choice(tpl["genders"]) if tpl["genders"] else ""
        moderated = rng.random() >= 0.03
        if moderated:
            self.model_id += rng.randint(10, 4000)
        dcid, type_id = (int(x) for x in key.split("/"))
        spec = _ModelSpec(
            tpl=tpl, kind=tpl["kind"], code=f"{self.vocab['brand_codes'][brand]}-{tpl['code']}-{self.model_seq:05d}",
            brand=brand, feature=rng.choice(tpl["features"]), gender=gender, dcid=dcid, type_id=type_id,
            moderated=moderated, archived=moderated and rng.random() < 0.04,
            model_id=self.model_id if moderated else 0,
        )
        shared = self._shared_attributes(spec)
        colours: list[str] = list(tpl["colours"])
        lo, hi = tpl["colours_per_model"]
        picked_colours = rng.sample(colours, k=min(len(colours), rng.randint(lo, hi))) if colours else [""]
        variants = [(c, s) for c in picked_colours for s in self._sizes(tpl, gender)][:room]
        count = len(variants) if moderated else 0
        dims = self._dimensions(tpl, spec.weight_g)
        prices = self._prices(tpl, gender)
        created = _START + rng.random() * _SPAN
        stamps = (_timestamp(created), _timestamp(created + rng.random() * (_START + _SPAN - created)))
        photo = (*rng.choice(self.vocab["photo_sizes"]), rng.choice(self.vocab["photo_formats"]))
        flags = (rng.random() < 0.7, rng.random() < 0.7)  # fills 9024, fills 10097
        images_by_colour: dict[str, tuple[tuple[str, ...], str]] = {}
        products: list[Product] = []
        for colour, size in variants:
            if colour not in images_by_colour:
                images_by_colour[colour] = self._photos(spec.code, colour, photo)
            attrs, offer_id, name = self._variant_attributes(spec, shared, colour, size, flags)
            price, old_price, min_price, vat = prices
            uplift = 1.1 if size and size[0] in ("52", "54", "56") and rng.random() < 0.5 else 1.0
            self.product_id += rng.randint(1, 40)
            if moderated:
                self.sku += rng.randint(1, 60)
            in_stock = moderated and not spec.archived
            fbs = rng.randint(0, 120) if in_stock and rng.random() < 0.8 else 0
            fbo = rng.randint(0, 300) if in_stock and rng.random() < 0.5 else 0
            images, swatch = images_by_colour[colour]
            products.append(Product(
                product_id=self.product_id, offer_id=offer_id, sku=self.sku if moderated else 0, name=name,
                description_category_id=dcid, type_id=type_id, description=shared[4191].first_text(),
                barcodes=self._barcodes(), price=price_text(price * uplift),
                old_price=price_text(old_price * uplift), min_price=price_text(min_price * uplift), vat=vat,
                currency_code="RUB", fbs_present=fbs, fbs_reserved=rng.randint(0, min(fbs, 5)),
                fbo_present=fbo, fbo_reserved=rng.randint(0, min(fbo, 8)), **dims, images=images,
                color_image=swatch, model_id=spec.model_id, model_count=count,
                attributes=tuple(attrs[i] for i in self.kind_attributes[spec.kind] if i in attrs),
                archived=spec.archived, created_at=stamps[0], updated_at=stamps[1],
            ))
        return products

    def _shared_attributes(self, spec: _ModelSpec) -> dict[int, Attribute]:
        """Attributes every variant of the model has in common (built once, shared by reference)."""
        rng, tpl, kind = self.rng, spec.tpl, spec.kind
        country = rng.choice(tpl["countries"])
        composition = rng.choice(tpl["compositions"])
        description = compose_description(rng, tpl, spec.brand, spec.feature, composition, country,
                                          self.vocab["care"][kind])
        shared: dict[int, Attribute] = {
            85: self._attr(85, spec.brand),
            31: self._attr(31, spec.brand),
            8229: self._attr(8229, tpl["type_name"]),
            4389: self._attr(4389, country),
            22232: self._attr(22232, tpl["tnved"]),
            4191: Attribute(4191, ((0, description),)),
        }
        if kind in SIZED_KINDS:
            shared[8292] = Attribute(8292, ((0, spec.code),))
            shared[4604] = Attribute(4604, ((0, composition),))
        if kind not in SIZED_KINDS or not spec.moderated:
            # Unmoderated products keep their 9048 so a client can still regroup them without model_id.
            shared[9048] = Attribute(9048, ((0, compose_model_name(tpl, spec.brand, spec.feature)),))
        if spec.gender:
            shared[9163] = self._attr(9163, spec.gender)
        if tpl["seasons"]:
            shared[4495] = self._attr(4495, rng.choice(tpl["seasons"]))
        if tpl["materials"]:
            shared[4496] = self._attr(4496, *rng.choice(tpl["materials"]))
        spec.weight_g = rng.randint(*tpl["weight_g"])
        if kind not in SIZED_KINDS:
            shared[4383] = Attribute(4383, ((0, str(round(spec.weight_g * 0.85))),))
            shared[11650] = Attribute(11650, ((0, "1"),))
        if kind == "electronics":
            shared[4385] = Attribute(4385, ((0, rng.choice(["6 месяцев", "12 месяцев", "1 год"])),))
        if rng.random() < 0.5:
            shared[22336] = Attribute(22336, ((0, tpl["keywords"]),))
        return shared

    def _variant_attributes(
        self, spec: _ModelSpec, shared: dict[int, Attribute], colour: str, size: tuple[str, str] | None,
        flags: tuple[bool, bool],
    ) -> tuple[dict[int, Attribute], str, str]:
        """The attributes of one colour x size variant, its offer_id and its name."""
        colour_code = self.vocab["colour_codes"][colour] if colour else ""
        colour_name = self.rng.choice(self.vocab["colour_names"][colour]) if colour else ""
        offer_id = "-".join(p for p in (spec.code, colour_code, size[0].replace(",", "") if size else "") if p)
        gender_word = ""
        if spec.kind in SIZED_KINDS and spec.gender:
            gender_word = self.vocab["gender_words"][spec.tpl["g"]][spec.gender]
        name = compose_name(spec.tpl, spec.brand, spec.feature, gender_word, colour_name or colour)
        attrs = dict(shared)
        attrs[4180] = Attribute(4180, ((0, name),))
        if flags[0]:
            attrs[9024] = Attribute(9024, ((0, offer_id),))
        if colour:
            attrs[10096] = self._attr(10096, colour)
            if flags[1]:
                attrs[10097] = Attribute(10097, ((0, colour_name),))
        if size:
            attrs[4295] = self._attr(4295, size[0])
            attrs[9533] = Attribute(9533, ((0, size[1]),))
        return attrs, offer_id, name

    def _photos(self, code: str, colour: str, photo: tuple[int, int, str]) -> tuple[tuple[str, ...], str]:
        """Photo paths shared by every size of one colour; now and then a colour swatch."""
        width, height, ext = photo
        colour_code = self.vocab["colour_codes"][colour] if colour else ""
        stem = f"{code}-{colour_code}".lower().rstrip("-")
        images = tuple(f"/cdn/img/{stem}-{i}-{width}x{height}.{ext}" for i in range(1, self.rng.randint(2, 5) + 1))
        swatch = f"/cdn/img/{stem}-swatch-120x120.jpg" if colour and self.rng.random() < 0.1 else ""
        return images, swatch

    def _sizes(self, tpl: dict[str, Any], gender: str) -> list[tuple[str, str] | None]:
        grid_name = tpl["sizes"]
        if not grid_name:
            return [None]
        if grid_name == "shoes":
            grid_name = "shoes_w" if gender == "Женский" else "shoes_m"
        elif grid_name == "adult" and gender in ("Девочки", "Мальчики"):
            grid_name = "kids"
        grid = [(s[0], s[1]) for s in self.vocab["size_grids"][grid_name]]
        length = self.rng.randint(min(3, len(grid)), len(grid))
        start = self.rng.randint(0, len(grid) - length)
        return list(grid[start:start + length])

    def _dimensions(self, tpl: dict[str, Any], weight_g: int) -> dict[str, Any]:
        rng = self.rng
        depth, width, height = (rng.randint(lo, hi) for lo, hi in tpl["dims_mm"])
        roll = rng.random()
        if roll < 0.55:
            unit, scale = "mm", 1.0
        elif roll < 0.95:
            unit, scale = "cm", 10.0
        else:
            unit, scale = "in", 25.4
        # Ozon keeps integers; rounding up keeps the package at least as large as it is.
        d, w, h = (max(1, math.ceil(v / scale)) for v in (depth, width, height))
        roll = rng.random()
        if roll < 0.35 and weight_g >= 1000:
            weight, weight_unit = max(1, round(weight_g / 1000)), "kg"
        elif roll > 0.95 and weight_g >= 454:
            weight, weight_unit = max(1, round(weight_g / 453.6)), "lb"
        else:
            weight, weight_unit = weight_g, "g"
        return {"depth": d, "width": w, "height": h, "dimension_unit": unit, "weight": weight,
                "weight_unit": weight_unit}

    def _prices(self, tpl: dict[str, Any], gender: str) -> tuple[float, float, float, str]:
        rng = self.rng
        lo, hi = tpl["price"]
        base = rng.randint(lo, hi)
        price = float(base // 100 * 100 + rng.choice((90, 99, 0)))
        price = max(price, 99.0)
        old_price = float(round(price * rng.uniform(1.15, 1.7), -1)) if rng.random() < 0.75 else 0.0
        min_price = float(round(price * 0.85)) if rng.random() < 0.6 else 0.0
        if tpl["kind"] == "toys" or gender in ("Девочки", "Мальчики"):
            vat = "0.1"
        else:
            vat = rng.choice(self.vocab["vat_rates"])
        return price, old_price, min_price, vat

    def _barcodes(self) -> tuple[str, ...]:
        roll = self.rng.random()
        if roll < 0.015:
            return ()
        self.barcode_counter += self.rng.randint(1, 9)
        first = make_ean13(f"460{self.barcode_counter:09d}")
        if roll > 0.94:
            return first, make_ean13(f"200{self.barcode_counter:09d}")
        return (first,)
