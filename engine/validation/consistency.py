"""Rules that compare rows: unique vendor codes and barcodes, size rows of one card agreeing, WB groups.

A card is the rows sharing a vendor code on one sheet (one row per size); a WB group is the cards
sharing a «Группа» number, workbook-wide.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from engine.drafts import CharcSpec
from engine.issues import IssueCode, RowIssue
from engine.validation.context import SheetContext, norm
from engine.validation.values import shown, split_list, text_of, whole_of
from engine.workbook.columns import STATIC_KEYS, ColumnKind, Level
from engine.workbook.reader import ReadRow, ReadValue

GROUP_LIMIT = 30  # cards (variants) WB merges into one group at most
COLOUR_CHARC = 14177449  # WB «Цвет»: tells the cards of a group apart in every subject
VENDOR = STATIC_KEYS["vendorCode"]
SIZE = STATIC_KEYS["techSize"]
BARCODES = STATIC_KEYS["barcodes"]
GROUP = STATIC_KEYS["groupID"]
SUBJECT = STATIC_KEYS["subject"]


@dataclass(slots=True)
class CardRows:
    """The rows of one card as they are met: the first one carries the card fields."""

    vendor_code: str
    context: SheetContext
    first: ReadRow
    sizes: dict[str, int] = field(default_factory=dict)  # normalised size -> its row


def card_keys(context: SheetContext) -> list[str]:
    """Columns whose value belongs to the card, so every size row must repeat it."""
    keys = [k for k, c in context.statics.items()
            if c.level is Level.CARD and c.kind is ColumnKind.EDITABLE and k != VENDOR]
    return keys + list(context.charcs)


def cross_row_issues(contexts: Iterable[SheetContext]) -> list[RowIssue]:
    issues: list[RowIssue] = []
    cards: dict[str, CardRows] = {}
    barcodes: dict[str, tuple[str, int]] = {}
    for context in contexts:
        positions = context.table.positions
        compared = [(k, positions[k]) for k in card_keys(context) if k in positions]
        # the card fields of a row at once, so a size row that repeats them all is told in one comparison
        card_fields = operator.itemgetter(*(at for _, at in compared)) if compared else _nothing
        vendor_at, barcodes_at = positions.get(VENDOR, -1), positions.get(BARCODES, -1)
        for row in context.table.rows:
            raw = row.values[vendor_at] if vendor_at >= 0 else None
            code = text_of(raw).strip()
            if code:
                issues.extend(_card_issues(cards, code, context, row, compared, card_fields))
            if barcodes_at >= 0 and row.values[barcodes_at] is not None:
                issues.extend(_barcode_issues(barcodes, context, row))
    issues.extend(_group_issues(list(cards.values())))
    return issues


def _nothing(values: tuple[ReadValue, ...]) -> tuple[ReadValue, ...]:
    return ()


def _card_issues(cards: dict[str, CardRows], code: str, context: SheetContext, row: ReadRow,
                 compared: list[tuple[str, int]],
                 card_fields: Callable[[tuple[ReadValue, ...]], object]) -> Iterator[RowIssue]:
    size = norm(text_of(row.get(SIZE)))
    seen = cards.get(code)
    if seen is None:
        cards[code] = CardRows(code, context, row, {size: row.row})
        return
    header = context.header(VENDOR)
    if seen.context is not context:
        yield RowIssue(context.title, row.row, header, IssueCode.DUPLICATE,
                       f"Артикул «{shown(code)}» уже есть на листе «{seen.context.title}», строка {seen.first.row}: "
                       "артикул продавца должен быть уникальным.")
        return
    if size in seen.sizes:
        what = f"с размером «{shown(row.get(SIZE))}» " if size else "без размера "
        yield RowIssue(context.title, row.row, header, IssueCode.DUPLICATE,
                       f"Артикул «{shown(code)}» {what}уже есть в строке {seen.sizes[size]}: у одной карточки "
                       "каждый размер — одна строка, а у разных карточек — разные артикулы.")
        return
    seen.sizes[size] = row.row
    mine, first = row.values, seen.first.values
    if card_fields(mine) == card_fields(first):
        return
    for key, at in compared:
        if mine[at] != first[at] and " ".join(text_of(mine[at]).split()) != " ".join(text_of(first[at]).split()):
            column = context.header(key)
            yield RowIssue(context.title, row.row, column, IssueCode.CARD_CONFLICT,
                           f"«{column}» отличается от строки {seen.first.row} с тем же артикулом: у всех размеров "
                           "одной карточки это поле должно совпадать.")


def _barcode_issues(barcodes: dict[str, tuple[str, int]], context: SheetContext, row: ReadRow) -> Iterator[RowIssue]:
    for code in split_list(row.get(BARCODES)):
        seen = barcodes.get(code)
        if seen is None:
            barcodes[code] = (context.title, row.row)
            continue
        where = f"в строке {seen[1]}" if seen[0] == context.title else f"на листе «{seen[0]}», строка {seen[1]}"
        yield RowIssue(context.title, row.row, context.header(BARCODES), IssueCode.DUPLICATE,
                       f"Баркод {shown(code)} уже есть {where}: у каждого размера свои баркоды.")


def _group_issues(cards: list[CardRows]) -> Iterator[RowIssue]:
    groups: dict[int, list[tuple[CardRows, str, str]]] = {}  # card, its subject, that subject normalised
    for card in cards:
        number = whole_of(card.first.get(GROUP))
        if number is not None and number >= 1:
            subject = _subject_of(card)
            groups.setdefault(number, []).append((card, subject, norm(subject)))
    for number, found in groups.items():
        members = [card for card, _, _ in found]
        subjects = Counter(normed for _, subject, normed in found if subject)
        # The group's subject is what most of its cards say (the first one on a tie); the rest are flagged.
        main = max(subjects, key=lambda s: subjects[s], default="")
        lead, lead_subject = next(((c, s) for c, s, normed in found if normed == main), found[0][:2])
        for card, subject, normed in found:
            if subject and main and normed != main:
                yield RowIssue(card.context.title, card.first.row, card.context.header(GROUP), IssueCode.GROUP_CONFLICT,
                               f"В группе {number} карточки разных предметов: здесь «{shown(subject)}», а у "
                               f"остальных, например у артикула «{shown(lead.vendor_code)}», — "
                               f"«{shown(lead_subject)}». WB объединяет только карточки одного предмета: "
                               "исправьте номер группы или предмет.")
        # the odd-subject cards leave the group anyway; only the rest must be told apart
        same = [card for card, subject, normed in found if not (main and subject and normed != main)]
        yield from _indistinct_issues(number, same)
        for card in members[GROUP_LIMIT:]:
            yield RowIssue(card.context.title, card.first.row, card.context.header(GROUP), IssueCode.GROUP_TOO_BIG,
                           f"В группе {number} уже {GROUP_LIMIT} карточек — больше WB не объединяет. "
                           "Дайте этой карточке другой номер группы.")


def _subject_of(card: CardRows) -> str:
    return text_of(card.first.get(SUBJECT)).strip() or card.context.subject_name


VariantKey = tuple[tuple[int, str], ...]


def _indistinct_issues(number: int, members: list[CardRows]) -> Iterator[RowIssue]:
    """WB refuses a whole group ("non unique characteristics in one group") when two of its cards agree on
    colour and every other variable characteristic, so every card of such a group is flagged."""
    if len(members) < 2:
        return
    by_key: dict[VariantKey, list[CardRows]] = {}
    columns: dict[int, list[tuple[str, CharcSpec]]] = {}  # per sheet: a group's cards mostly share one
    for card in members:
        found = columns.get(id(card.context))
        if found is None:
            found = columns[id(card.context)] = _variable_columns(card.context)
        by_key.setdefault(_variant_key(card, found), []).append(card)
    clashes = [cards for cards in by_key.values() if len(cards) > 1]
    if not clashes:
        return
    told = "; ".join(_clash_text(cards) for cards in clashes[:3]) + ("; …" if len(clashes) > 3 else "")
    message = (f"В группе {number} есть карточки, которые WB не отличит друг от друга: {told}. WB не примет "
               "такую группу целиком, ни одну её карточку. Укажите этим карточкам разные значения (например, "
               "цвет) или разные номера группы.")
    for card in members:
        yield RowIssue(card.context.title, card.first.row, card.context.header(GROUP), IssueCode.GROUP_NOT_DISTINCT,
                       message)


def _variable_columns(context: SheetContext) -> list[tuple[str, CharcSpec]]:
    return [(key, spec) for key, spec in context.charcs.items() if spec.charc_id == COLOUR_CHARC or spec.variable]


def _variant_key(card: CardRows, columns: list[tuple[str, CharcSpec]]) -> VariantKey:
    """The card's values of the characteristics WB tells variants apart by, as WB compares them."""
    parts: list[tuple[int, str]] = []
    for key, spec in columns:
        values = split_list(card.first.get(key))
        if values:
            parts.append((spec.charc_id, "|".join(sorted(norm(v) for v in values))))
    return tuple(sorted(parts))


def _clash_text(cards: list[CardRows]) -> str:
    codes = ", ".join(f"«{shown(c.vendor_code)}»" for c in cards[:5]) + (" и другие" if len(cards) > 5 else "")
    first = cards[0]
    filled = [(spec.name, first.first.get(key)) for key, spec in _variable_columns(first.context)
              if split_list(first.first.get(key))]
    if not filled:
        return f"{codes} — у них не заполнен цвет"
    values = ", ".join(f"{name} «{shown(value)}»" for name, value in filled)
    return f"{codes} — у всех {values}"
