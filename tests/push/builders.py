"""Validated rows, cards and reports built directly, for the push's pure unit tests."""

from __future__ import annotations

from typing import Any

from engine.drafts import Dimensions
from engine.validation import ValidatedCard, ValidatedGroup, ValidatedRow, ValidationReport

MUGS = 812


def row(code: str, number: int, **kw: Any) -> ValidatedRow:
    values: dict[str, Any] = dict(
        sheet="Кружки", row=number, vendor_code=code, subject_name="Кружки", subject_id=MUGS, group=None,
        title=f"Кружка {code}", description="Кружка для чая.", brand="КухняПро", vat="20",
        photos=("https://cdn.example/a.jpg",), dimensions=Dimensions(12, 9, 10, 0.35),
        characteristics={17008: ["керамика"], 14177449: ["белый"], 15003008: 350.0}, tech_size="", wb_size="",
        barcodes=(), price=590, discount=10, stocks={1093405: 3}, ozon_offer_id=code, ozon_product_id=None,
        nm_id=None, imt_id=None, chrt_id=None)
    values.update(kw)
    return ValidatedRow(**values)


def card(code: str, rows: list[ValidatedRow] | None = None, **kw: Any) -> ValidatedCard:
    sizes = tuple(rows or [row(code, 5)])
    first = sizes[0]
    values: dict[str, Any] = dict(
        vendor_code=code, sheet=first.sheet, subject_id=first.subject_id, subject_name=first.subject_name,
        group=first.group, title=first.title, description=first.description, brand=first.brand, vat=first.vat,
        photos=first.photos, dimensions=first.dimensions, characteristics=first.characteristics, sizes=sizes,
        nm_id=first.nm_id, imt_id=first.imt_id)
    values.update(kw)
    return ValidatedCard(**values)


def report(groups: list[list[ValidatedCard]]) -> ValidationReport:
    cards = [c for g in groups for c in g]
    return ValidationReport(
        rows=[r for c in cards for r in c.sizes], cards=cards,
        groups=[ValidatedGroup(g[0].subject_id, 1 if len(g) > 1 else None, tuple(g)) for g in groups])


def simple_report(count: int, prefix: str = "M") -> ValidationReport:
    return report([[card(f"{prefix}-{n}", [row(f"{prefix}-{n}", 5 + n)])] for n in range(count)])
