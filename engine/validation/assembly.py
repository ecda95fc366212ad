"""Building the validated row model: each sheet row parsed as WB takes it, then cards and upload groups."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from engine.drafts import CharcSpec, CharcType, CharcValue, Dimensions
from engine.issues import RowIssue
from engine.validation.context import SheetContext, SubjectBook, norm
from engine.validation.model import ValidatedCard, ValidatedGroup, ValidatedRow
from engine.validation.values import number_of, split_list, text_of, whole_of
from engine.workbook.columns import STATIC_KEYS, VAT_CHARC, key_warehouse_id
from engine.workbook.reader import EXTRA_PREFIX, ReadRow, ReadValue

_DIMENSIONS = ("length", "width", "height")


@dataclass(slots=True)
class _Charc:
    charc_id: int
    position: int
    spec: CharcSpec
    canonical: Mapping[str, str]  # normalised dictionary value -> WB spelling
    parsed: dict[ReadValue, object] = field(default_factory=dict)  # raw cell -> value: cells repeat a lot


class RowParser:
    """Parses the rows of one sheet; column positions and dictionaries are looked up once per sheet."""

    def __init__(self, context: SheetContext, book: SubjectBook) -> None:
        self.context = context
        self.book = book
        positions = context.table.positions
        self._at = {name: positions.get(key, -1) for name, key in STATIC_KEYS.items()}
        self._stocks = [(pos, wid) for key, pos in positions.items() if (wid := key_warehouse_id(key)) is not None]
        self._extras = [(key[len(EXTRA_PREFIX):], pos) for key, pos in positions.items()
                        if key.startswith(EXTRA_PREFIX)]
        self._charcs = [
            _Charc(spec.charc_id, positions[key], spec, {norm(v): v for v in spec.dictionary})
            for key, spec in context.charcs.items() if key in positions
        ]
        vat = context.covered.get(STATIC_KEYS["vat"])
        self._vat_charc = context.subject is None or vat is not None
        self._vat_words = {norm(v): v for v in vat.dictionary} if vat is not None else {}
        self._subject_ids: dict[str, object] = {}
        self._wholes: dict[ReadValue, int | None] = {}
        self._lists: dict[str, dict[ReadValue, tuple[str, ...]]] = {}  # size rows of a card repeat its photos
        sides = [self._at[name] for name in (*_DIMENSIONS, "weightBrutto")]
        # a sheet lacking any of the four columns has no dimensions at all
        self._dimension_cells = operator.itemgetter(*sides) if min(sides) >= 0 else None
        self._dimensions_seen: dict[tuple[ReadValue, ...], Dimensions | None] = {}  # cards share packaging

    def _get(self, values: tuple[ReadValue, ...], name: str) -> ReadValue:
        at = self._at[name]
        return values[at] if at >= 0 else None

    def _text(self, values: tuple[ReadValue, ...], name: str) -> str:
        at = self._at[name]
        value = values[at] if at >= 0 else None
        return value if type(value) is str else text_of(value).strip()  # the reader strips text already

    def _whole(self, values: tuple[ReadValue, ...], name: str) -> int | None:
        at = self._at[name]
        value = values[at] if at >= 0 else None
        if value is None or type(value) is int:
            return value
        found = self._wholes.get(value, _UNSEEN)  # statics are read as text: "1990" over and over
        if found is _UNSEEN:
            found = self._wholes[value] = whole_of(value)
        return found  # type: ignore[return-value]

    def _subject_id(self, subject: str) -> int | None:
        found = self._subject_ids.get(subject, _UNSEEN)
        if found is _UNSEEN:
            spec = self.context.subject
            own = spec is not None and norm(spec.name) == norm(subject)
            found = self._subject_ids[subject] = spec.subject_id if spec is not None and own else \
                self.book.id_for(subject)
        return found  # type: ignore[return-value]

    def _list(self, values: tuple[ReadValue, ...], name: str) -> tuple[str, ...]:
        raw = self._get(values, name)
        if raw is None:
            return ()
        cache = self._lists.setdefault(name, {})
        found = cache.get(raw)
        if found is None:
            found = cache[raw] = split_list(raw)
        return found

    def parse(self, row: ReadRow, issues: tuple[RowIssue, ...]) -> ValidatedRow:
        values = row.values
        subject = self._text(values, "subject") or self.context.subject_name
        subject_id = self._subject_id(subject)
        vat = self._text(values, "vat")
        vat = self._vat_words.get(norm(vat), vat) if vat else vat
        group = self._whole(values, "groupID")
        return ValidatedRow(
            sheet=row.sheet, row=row.row,
            vendor_code=self._text(values, "vendorCode"),
            subject_name=subject, subject_id=subject_id,
            group=group if group is not None and group >= 1 else None,
            title=self._text(values, "title"),
            description=text_of(self._get(values, "description")).strip(),
            brand=self._text(values, "brand"),
            vat=vat,
            photos=self._list(values, "photo"),
            dimensions=self._dimensions(values),
            characteristics=self._characteristics(values, vat),
            tech_size=self._text(values, "techSize"),
            wb_size=self._text(values, "wbSize"),
            barcodes=split_list(self._get(values, "barcodes")),
            price=self._whole(values, "price"),
            discount=self._whole(values, "discount"),
            stocks=self._stock_amounts(values),
            ozon_offer_id=self._text(values, "ozonOfferId"),
            ozon_product_id=self._whole(values, "ozonProductId"),
            nm_id=self._whole(values, "nmID"),
            imt_id=self._whole(values, "imtID"),
            chrt_id=self._whole(values, "chrtID"),
            extras={header: text_of(values[pos]) for header, pos in self._extras if values[pos] is not None},
            issues=issues,
        )

    def _stock_amounts(self, values: tuple[ReadValue, ...]) -> dict[int, int]:
        found: dict[int, int] = {}
        for pos, wid in self._stocks:
            value = values[pos]
            amount = value if type(value) is int else whole_of(value)
            if amount is not None:
                found[wid] = amount
        return found

    def _dimensions(self, values: tuple[ReadValue, ...]) -> Dimensions | None:
        if self._dimension_cells is None:
            return None
        cells: tuple[ReadValue, ...] = self._dimension_cells(values)
        found = self._dimensions_seen.get(cells, _UNSEEN)
        if found is _UNSEEN:
            found = self._dimensions_seen[cells] = self._parse_dimensions(values)
        return found  # type: ignore[return-value]

    def _parse_dimensions(self, values: tuple[ReadValue, ...]) -> Dimensions | None:
        sides = [self._whole(values, name) for name in _DIMENSIONS]
        weight = number_of(self._get(values, "weightBrutto"))
        if any(s is None or s <= 0 for s in sides) or weight is None or weight <= 0:
            return None
        length, width, height = (int(s or 0) for s in sides)
        return Dimensions(length, width, height, float(weight))

    def _characteristics(self, values: tuple[ReadValue, ...], vat: str) -> dict[int, CharcValue]:
        found: dict[int, CharcValue] = {}
        for charc in self._charcs:
            raw = values[charc.position]
            if raw is None:
                continue
            parsed = charc.parsed.get(raw, _UNSEEN)
            if parsed is _UNSEEN:
                parsed = charc.parsed[raw] = _charc_value(charc, raw)
            if type(parsed) is tuple:
                found[charc.charc_id] = list(parsed)  # each row owns its list
            elif parsed is not None:
                found[charc.charc_id] = float(parsed)  # type: ignore[arg-type]
        if vat and self._vat_charc:
            found[VAT_CHARC] = [vat]
        return found


_UNSEEN = object()


def _charc_value(charc: _Charc, raw: ReadValue) -> tuple[str, ...] | float | None:
    """A characteristic as WB takes it: one number, or the values in the dictionary's own spelling."""
    if charc.spec.charc_type is CharcType.NUMBER:
        number = number_of(raw, charc.spec.unit)
        return float(number) if number is not None else None
    return tuple(charc.canonical.get(norm(v), v) for v in split_list(raw)) or None


def build_rows(contexts: Iterable[SheetContext], book: SubjectBook,
               issues: Mapping[tuple[str, int], tuple[RowIssue, ...]]) -> list[ValidatedRow]:
    rows: list[ValidatedRow] = []
    for context in contexts:
        parser = RowParser(context, book)
        title = context.title
        rows.extend(parser.parse(r, issues.get((title, r.row), ())) for r in context.table.rows)
    return rows


def build_cards(rows: Iterable[ValidatedRow]) -> list[ValidatedCard]:
    """Rows sharing a vendor code on one sheet, in order of first appearance; rows without one stay cardless."""
    members: dict[tuple[str, str], list[ValidatedRow]] = {}
    for row in rows:
        if row.vendor_code:
            members.setdefault((row.sheet, row.vendor_code), []).append(row)
    cards: list[ValidatedCard] = []
    for (sheet, code), sizes in members.items():
        first = sizes[0]
        cards.append(ValidatedCard(
            vendor_code=code, sheet=sheet, subject_id=first.subject_id, subject_name=first.subject_name,
            group=first.group, title=first.title, description=first.description, brand=first.brand, vat=first.vat,
            photos=first.photos, dimensions=first.dimensions, characteristics=first.characteristics,
            sizes=tuple(sizes), nm_id=first.nm_id, imt_id=first.imt_id,
        ))
    return cards


def build_groups(cards: Iterable[ValidatedCard]) -> list[ValidatedGroup]:
    """Cards sharing a «Группа» number form one upload element; every other card is its own."""
    ordered: list[list[ValidatedCard]] = []
    numbered: dict[int, list[ValidatedCard]] = {}
    for card in cards:
        if card.group is None:
            ordered.append([card])
        elif card.group in numbered:
            numbered[card.group].append(card)
        else:
            numbered[card.group] = [card]
            ordered.append(numbered[card.group])
    return [ValidatedGroup(members[0].subject_id, members[0].group, tuple(members)) for members in ordered]
