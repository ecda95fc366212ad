"""Building the validated row model: each sheet row parsed as WB takes it, then cards and upload groups."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from engine.drafts import CharcSpec, CharcType, Dimensions
from engine.issues import RowIssue
from engine.validation.context import SheetContext, SubjectBook, norm
from engine.validation.model import CharcValues, ParsedCharcs, ValidatedCard, ValidatedGroup, ValidatedRow
from engine.validation.values import number_of, split_list, text_of, whole_of
from engine.workbook.columns import STATIC_KEYS, VAT_CHARC, key_warehouse_id
from engine.workbook.reader import EXTRA_PREFIX, ReadValue

_DIMENSIONS = ("length", "width", "height")


@dataclass(slots=True)
class _Charc:
    charc_id: int
    position: int
    spec: CharcSpec
    canonical: Mapping[str, str]  # normalised dictionary value -> WB spelling


Column = Sequence[ReadValue]


class RowParser:
    """Parses the rows of one sheet a column at a time: each distinct cell of a column is parsed once
    (most columns repeat a handful of values, and a card's size rows repeat its card fields), and the
    rows are then assembled from the parsed columns."""

    def __init__(self, context: SheetContext, book: SubjectBook) -> None:
        self.context = context
        self.book = book
        table = context.table
        self._rows = table.rows
        self._columns: list[tuple[ReadValue, ...]] = list(zip(*(r.values for r in table.rows), strict=True))
        self._empty: Column = (None,) * len(table.rows)
        positions = table.positions
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

    def parse(self, issues: Mapping[tuple[str, int], tuple[RowIssue, ...]]) -> list[ValidatedRow]:
        """Every row of the sheet; the arguments of ``ValidatedRow`` column by column, in its field order."""
        title, count = self.context.title, len(self._rows)
        if not count:
            return []
        subjects = [text or self.context.subject_name for text in self._text("subject")]
        vats = self._mapped(self._text("vat"), lambda vat: self._vat_words.get(norm(vat), vat) if vat else vat)
        numbers = [r.row for r in self._rows]
        return list(map(
            ValidatedRow,
            repeat(title, count), numbers, self._text("vendorCode"), subjects,
            self._mapped(subjects, self._subject_id),
            self._mapped(self._whole("groupID"), lambda group: group if group is not None and group >= 1 else None),
            self._text("title"), self._parsed("description", lambda v: text_of(v).strip()),
            self._text("brand"), vats, self._parsed("photo", split_list), self._dimensions(),
            self._characteristics(vats), self._text("techSize"), self._text("wbSize"),
            self._parsed("barcodes", split_list), self._whole("price"), self._whole("discount"), self._stock_amounts(),
            self._text("ozonOfferId"), self._whole("ozonProductId"), self._whole("nmID"), self._whole("imtID"),
            self._whole("chrtID"), self._extra_texts(), [issues.get((title, number), ()) for number in numbers],
        ))

    def _column(self, name: str) -> Column:
        at = self._at[name]
        return self._columns[at] if at >= 0 else self._empty

    def _parsed(self, name: str, parse: Callable[[ReadValue], object]) -> list[Any]:
        return self._mapped(self._column(name), parse)

    @staticmethod
    def _mapped(column: Sequence[Any], parse: Callable[[Any], object]) -> list[Any]:
        """``parse`` of every cell, called once per distinct cell (the reader made whole floats ints,
        so 1 and 1.0 never share a key)."""
        parsed = {value: parse(value) for value in set(column)}
        return list(map(parsed.__getitem__, column))

    def _text(self, name: str) -> list[str]:
        return self._parsed(name, _text)

    def _whole(self, name: str) -> list[int | None]:
        return self._parsed(name, _whole)

    def _subject_id(self, subject: str) -> int | None:
        spec = self.context.subject
        if spec is not None and norm(spec.name) == norm(subject):
            return spec.subject_id
        return self.book.id_for(subject)

    def _stock_amounts(self) -> list[dict[int, int]]:
        if not self._stocks:
            return [{} for _ in self._rows]
        ids = [wid for _, wid in self._stocks]
        amounts = [self._mapped(self._columns[pos], _whole) for pos, _ in self._stocks]
        return [{wid: amount for wid, amount in zip(ids, row, strict=True) if amount is not None}
                for row in zip(*amounts, strict=True)]

    def _extra_texts(self) -> list[dict[str, str]]:
        if not self._extras:
            return [{} for _ in self._rows]
        headers = [header for header, _ in self._extras]
        cells = zip(*(self._columns[pos] for _, pos in self._extras), strict=True)
        return [{header: text_of(value) for header, value in zip(headers, row, strict=True) if value is not None}
                for row in cells]

    def _dimensions(self) -> list[Dimensions | None]:
        sides = [self._at[name] for name in (*_DIMENSIONS, "weightBrutto")]
        if min(sides) < 0:  # a sheet lacking any of the four columns has no dimensions at all
            return [None] * len(self._rows)
        return self._mapped(list(zip(*(self._columns[at] for at in sides), strict=True)), _parse_dimensions)

    def _characteristics(self, vats: list[str]) -> list[CharcValues]:
        """Each row's characteristics, parsed once per distinct combination of cells (a card's size rows
        repeat it) and made into the row's own dict only when read."""
        charcs, vat_charc = self._charcs, self._vat_charc
        seen: list[dict[ReadValue, tuple[str, ...] | float | None]] = [{} for _ in charcs]
        parsed: dict[tuple[ReadValue, ...], ParsedCharcs] = {}
        found: list[CharcValues] = []
        for cells in zip(*(self._columns[c.position] for c in charcs), vats, strict=True):
            shared = parsed.get(cells)
            if shared is None:
                ids: list[int] = []
                values: list[tuple[str, ...] | float] = []
                for charc, cache, raw in zip(charcs, seen, cells, strict=False):  # cells end with the VAT
                    if raw in cache:
                        value = cache[raw]
                    else:
                        value = cache[raw] = _charc_value(charc, raw)
                    if value is not None:
                        ids.append(charc.charc_id)
                        values.append(value)
                vat = cells[-1]
                if vat and vat_charc:
                    ids.append(VAT_CHARC)
                    values.append((vat,))
                shared = parsed[cells] = (tuple(ids), tuple(values))
            found.append(CharcValues(shared))
        return found


def _text(value: ReadValue) -> str:
    return value if type(value) is str else text_of(value).strip()  # the reader strips text already


def _whole(value: ReadValue) -> int | None:
    return value if value is None or type(value) is int else whole_of(value)


def _parse_dimensions(cells: tuple[ReadValue, ...]) -> Dimensions | None:
    sides = [_whole(cell) for cell in cells[:3]]
    weight = number_of(cells[3])
    if any(s is None or s <= 0 for s in sides) or weight is None or weight <= 0:
        return None
    length, width, height = (int(s or 0) for s in sides)
    return Dimensions(length, width, height, float(weight))


def _charc_value(charc: _Charc, raw: ReadValue) -> tuple[str, ...] | float | None:
    """A characteristic as WB takes it: one number, or the values in the dictionary's own spelling."""
    if raw is None:
        return None
    if charc.spec.charc_type is CharcType.NUMBER:
        number = number_of(raw, charc.spec.unit)
        return float(number) if number is not None else None
    return tuple(charc.canonical.get(norm(v), v) for v in split_list(raw)) or None


def build_rows(contexts: Iterable[SheetContext], book: SubjectBook,
               issues: Mapping[tuple[str, int], tuple[RowIssue, ...]]) -> list[ValidatedRow]:
    rows: list[ValidatedRow] = []
    for context in contexts:
        rows.extend(RowParser(context, book).parse(issues))
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
