"""Card drafts as sheet rows: one row per size, card-level values repeated on every size row.

Repeating card values keeps every row self-contained, so sorting or filtering in the
spreadsheet never detaches a size from its card.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from engine.drafts import CardDraft, CharcValue, SizeRow
from engine.workbook.columns import (
    BRAND_CHARC,
    HEIGHT_CHARC,
    LENGTH_CHARC,
    VAT_CHARC,
    WEIGHT_CHARC,
    WIDTH_CHARC,
    Column,
    Level,
    key_warehouse_id,
)
from engine.workbook.layout import SheetLayout
from engine.workbook.stream import CellValue, Mark

LIST_SEPARATOR = "; "  # between characteristic values; readers split on ";" and strip


@dataclass(slots=True)
class SheetRow:
    """The values of one data row, aligned with the sheet's columns, and its highlighted cells."""

    values: list[CellValue]
    marks: dict[int, Mark] | None = None


def group_numbers(drafts: Iterable[CardDraft]) -> dict[str, int]:
    """Numbers for the «Группа» column: only keys shared by two or more cards, in order of appearance."""
    counts = Counter(d.group_key for d in drafts if d.group_key)
    numbers: dict[str, int] = {}
    for key, count in counts.items():
        if count > 1:
            numbers[key] = len(numbers) + 1
    return numbers


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def charc_cell(value: CharcValue | None, column: Column) -> CellValue:
    """A characteristic value as the column holds it: a number, or values joined with "; "."""
    if value is None:
        return None
    if isinstance(value, list):
        texts = [v for v in value if v]
        if column.numeric is not None and len(texts) == 1:
            parsed = _parse_number(texts[0])
            if parsed is not None:
                return parsed
        return LIST_SEPARATOR.join(texts) or None
    if column.numeric is not None:
        return value
    return number_text(value)


def _parse_number(text: str) -> float | None:
    try:
        return float(text.replace(",", ".").strip())
    except ValueError:
        return None


CardGetter = Callable[[CardDraft], CellValue]
SizeGetter = Callable[[SizeRow], CellValue]


def _alternatives(draft: CardDraft) -> str | None:
    parts = [f"{a.subject_name} ({a.parent_name}) — {round(a.score * 100)}%" for a in draft.alternatives]
    return "; ".join(parts) or None


def _ozon_values(draft: CardDraft) -> str | None:
    return "; ".join(f"{name}: {text}" for name, text in draft.ozon_values.items()) or None


def _dimension(attr: str) -> CardGetter:
    def get(draft: CardDraft) -> CellValue:
        return getattr(draft.dimensions, attr) if draft.dimensions is not None else None

    return get


def _named_or_charc(attr: str, charc_id: int) -> CardGetter:
    def get(draft: CardDraft) -> CellValue:
        own = getattr(draft, attr)
        if own:
            return str(own)
        found = draft.characteristics.get(charc_id)
        if isinstance(found, list):
            return LIST_SEPARATOR.join(found) or None
        return number_text(found) if found is not None else None

    return get


def _covered_number(charc_id: int, getter: CardGetter) -> CardGetter:
    def get(draft: CardDraft) -> CellValue:
        own = getter(draft)
        if own is not None:
            return own
        found = draft.characteristics.get(charc_id)
        if isinstance(found, list):
            return _parse_number(found[0]) if len(found) == 1 else None
        return found

    return get


CARD_FIELDS: dict[str, CardGetter] = {
    "vendorCode": lambda d: d.vendor_code,
    "title": lambda d: d.title,
    "ozonName": lambda d: d.ozon_name,
    "subject": lambda d: d.subject.subject_name if d.subject is not None else None,
    "subjectCheck": lambda d: "Да" if d.low_confidence else None,
    "subjectConfidence": lambda d: d.subject.score if d.subject is not None else None,
    "subjectAlternatives": _alternatives,
    "brand": _named_or_charc("brand", BRAND_CHARC),
    "description": lambda d: d.description,
    "photo": lambda d: ";".join(d.photos) or None,
    "vat": _named_or_charc("vat", VAT_CHARC),
    "length": _covered_number(LENGTH_CHARC, _dimension("length_cm")),
    "width": _covered_number(WIDTH_CHARC, _dimension("width_cm")),
    "height": _covered_number(HEIGHT_CHARC, _dimension("height_cm")),
    "weightBrutto": _covered_number(WEIGHT_CHARC, _dimension("weight_kg")),
    "ozonCategory": lambda d: d.ozon_category,
    "ozonValues": _ozon_values,
    "mappingNotes": lambda d: "; ".join(d.notes) or None,
}

SIZE_FIELDS: dict[str, SizeGetter] = {
    "techSize": lambda s: s.tech_size,
    "wbSize": lambda s: s.wb_size,
    "barcodes": lambda s: ";".join(s.barcodes) or None,
    "price": lambda s: s.price,
    "discount": lambda s: s.discount,
    "ozonOfferId": lambda s: s.ozon_offer_id,
    "ozonProductId": lambda s: s.ozon_product_id,
    "ozonSku": lambda s: s.ozon_sku,
}


class DraftRows:
    """Turns the drafts of one sheet into rows for its layout."""

    def __init__(self, layout: SheetLayout, groups: dict[str, int]) -> None:
        self._columns = layout.columns
        self._groups = groups
        self._card: list[tuple[int, CardGetter]] = []
        self._charcs: list[tuple[int, int, Column]] = []
        self._size: list[tuple[int, SizeGetter]] = []
        self._stocks: list[tuple[int, int]] = []
        self._group_pos = -1
        self._subject_pos = -1
        self._required: list[int] = []
        self._by_charc: dict[int, int] = {}
        for pos, col in enumerate(layout.columns):
            if col.charc_id is not None:
                self._by_charc[col.charc_id] = pos
            if col.editable and (col.required or col.required_for_create):
                self._required.append(pos)
            warehouse = key_warehouse_id(col.key)
            if col.field == "groupID":
                self._group_pos = pos
            elif col.field == "subject":
                self._subject_pos = pos
            elif warehouse is not None:
                self._stocks.append((pos, warehouse))
            elif col.field in CARD_FIELDS:
                self._card.append((pos, CARD_FIELDS[col.field]))
            elif col.field in SIZE_FIELDS and col.level is Level.SIZE:
                self._size.append((pos, SIZE_FIELDS[col.field]))
            elif not col.field and col.charc_id is not None:
                self._charcs.append((pos, col.charc_id, col))
        if self._subject_pos >= 0:
            self._card.append((self._subject_pos, CARD_FIELDS["subject"]))

    def rows(self, drafts: Iterable[CardDraft]) -> Iterator[SheetRow]:
        for draft in drafts:
            card = self._card_values(draft)
            sizes: list[SizeRow | None] = list(draft.sizes) if draft.sizes else [None]
            for size in sizes:
                values = card.copy()
                if size is not None:
                    for pos, size_get in self._size:
                        values[pos] = _blank_to_none(size_get(size))
                    for pos, warehouse in self._stocks:
                        values[pos] = size.stocks.get(warehouse)
                yield SheetRow(values, self._marks(draft, values))

    def _card_values(self, draft: CardDraft) -> list[CellValue]:
        values: list[CellValue] = [None] * len(self._columns)
        if self._group_pos >= 0:
            values[self._group_pos] = self._groups.get(draft.group_key)
        for pos, get in self._card:
            values[pos] = _blank_to_none(get(draft))
        chars = draft.characteristics
        if chars:
            for pos, charc_id, col in self._charcs:
                found = chars.get(charc_id)
                if found is not None:
                    values[pos] = charc_cell(found, col)
        return values

    def _marks(self, draft: CardDraft, values: list[CellValue]) -> dict[int, Mark] | None:
        marks: dict[int, Mark] | None = None
        for pos in self._required:
            if values[pos] is None:
                marks = marks or {}
                marks[pos] = Mark.MISSING
        for charc_id in draft.missing_required:
            pos = self._by_charc.get(charc_id, -1)
            if pos >= 0 and values[pos] is None:
                marks = marks or {}
                marks[pos] = Mark.MISSING
        if draft.low_confidence and self._subject_pos >= 0 and values[self._subject_pos] is not None:
            marks = marks or {}
            marks[self._subject_pos] = Mark.DOUBTFUL
        return marks


def _blank_to_none(value: CellValue) -> CellValue:
    return None if value == "" else value
