"""What a migration would do with a catalog, before anything is written anywhere."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from engine.category import LOW_CONFIDENCE_THRESHOLD, CategoryMatcher, OzonType, Suggestion, WbSubject
from engine.drafts import CharcType, SubjectSpec
from engine.issues import IssueCode, RowIssue
from engine.mapping.regroup import regroup
from engine.ozon.catalog import OzonProduct
from engine.workbook import STATIC_KEYS, key_charc_id, read_workbook


@dataclass(frozen=True)
class SubjectLine:
    subject_name: str
    parent_name: str
    cards: int
    score: float  # the weakest suggestion among the Ozon types landing here


@dataclass
class CatalogPreview:
    products: int = 0
    archived: int = 0
    ozon_types: int = 0
    groups: int = 0
    cards: int = 0
    sizes: int = 0
    ambiguous_cards: int = 0
    low_confidence_types: int = 0
    unknown_types: int = 0  # products whose Ozon type is not in the category tree
    subjects: list[SubjectLine] = field(default_factory=list)


def preview_catalog(
    products: list[OzonProduct],
    ozon_types: list[OzonType],
    wb_subjects: list[WbSubject],
    *,
    include_archived: bool = False,
) -> CatalogPreview:
    """Regroup the catalog for WB and suggest a subject per Ozon type; count what would be created."""
    preview = CatalogPreview(products=len(products), archived=sum(p.archived for p in products))
    chosen = [p for p in products if include_archived or not p.archived]
    groups = regroup(chosen)
    preview.groups = len(groups)
    preview.cards = sum(len(g.cards) for g in groups)
    preview.sizes = sum(len(c.products) for g in groups for c in g.cards)
    preview.ambiguous_cards = sum(c.ambiguous for g in groups for c in g.cards)

    by_key = {t.key: t for t in ozon_types}
    matcher = CategoryMatcher(wb_subjects, context=ozon_types)
    best: dict[tuple[int, int], Suggestion | None] = {}
    cards_per_subject: Counter[tuple[str, str]] = Counter()
    weakest: dict[tuple[str, str], float] = {}
    for group in groups:
        for card in group.cards:
            first = card.products[0]
            key = (first.description_category_id or 0, first.type_id or 0)
            if key not in best:
                ozon_type = by_key.get(key)
                suggestions = matcher.suggest(ozon_type, k=1) if ozon_type else []
                best[key] = suggestions[0] if suggestions else None
            top = best[key]
            if top is None:
                continue
            name = (top.subject_name, top.parent_name)
            cards_per_subject[name] += 1
            weakest[name] = min(weakest.get(name, 1.0), top.score)
    preview.ozon_types = len(best)
    preview.unknown_types = sum(1 for key in best if key not in by_key)
    preview.low_confidence_types = sum(
        1 for s in best.values() if s is not None and s.score < LOW_CONFIDENCE_THRESHOLD
    )
    preview.subjects = [
        SubjectLine(subject, parent, count, weakest[(subject, parent)])
        for (subject, parent), count in cards_per_subject.most_common()
    ]
    return preview


# --- the demo's stand-in for a seller editing the workbook ---------------------------------------------


@dataclass
class SellerEdits:
    """What :func:`simulate_seller_edits` changed, for the demo to show."""

    filled: int = 0  # required cells filled
    subject_changes: list[tuple[str, str, str]] = field(default_factory=list)  # vendor code, old, new


def fill_missing_required(path: Path, issues: Sequence[RowIssue], specs: Mapping[int, SubjectSpec]) -> SellerEdits:
    """Fill every cell the validator reported as missing a required value, as a seller would.

    A dictionary characteristic gets the dictionary's first value, a number 10, text a neutral word.
    Only the demo and tests do this: a real seller types their own values.
    """
    edits = SellerEdits()
    wanted = [i for i in issues if i.code is IssueCode.REQUIRED]
    if not wanted:
        return edits
    tables = {t.title: t for t in read_workbook(path).tables}
    book = openpyxl.load_workbook(path)
    for issue in wanted:
        table = tables.get(issue.sheet)
        if table is None:
            continue
        key = next((k for k, header in table.headers.items() if header == issue.column), None)
        if key is None:
            continue
        value = _plausible(key, table.subject_id, specs)
        if value is None:
            continue
        cell = book[issue.sheet].cell(row=issue.row, column=table.columns[key])
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text
        edits.filled += 1
    book.save(path)
    return edits


def change_doubtful_subject(path: Path, subject_names: Sequence[str]) -> SellerEdits:
    """Change the subject of the first card ozwb was unsure about (else of the first card with alternatives)
    to its best alternative, as a seller would; then ``refresh`` moves it to that subject's sheet."""
    edits = SellerEdits()
    known = set(subject_names)
    book = openpyxl.load_workbook(path)
    tables = read_workbook(path).tables
    rows = [(t, r) for t in tables for r in t.rows]
    rows.sort(key=lambda pair: pair[1].get(STATIC_KEYS["subjectCheck"]) != "Да")  # doubtful ones first
    for table, row in rows:
        subject_col = table.columns.get(STATIC_KEYS["subject"])
        if subject_col is None:
            continue
        choice = str(row.get(STATIC_KEYS["subjectAlternatives"]) or "").split(";")[0].split("(")[0].strip()
        old = str(row.get(STATIC_KEYS["subject"]) or "")
        if not choice or choice == old or choice not in known:
            continue
        code = row.get(STATIC_KEYS["vendorCode"])
        for other in table.rows:  # every size row of the card moves together
            if other.get(STATIC_KEYS["vendorCode"]) == code:
                cell = book[table.title].cell(row=other.row, column=subject_col)
                cell.value = choice
                cell.data_type = "s"  # WB's name, never a formula, whatever the text
        edits.subject_changes.append((str(code), old, choice))
        book.save(path)
        return edits
    return edits


def _plausible(key: str, subject_id: int | None, specs: Mapping[int, SubjectSpec]) -> str | int | None:
    charc_id = key_charc_id(key)
    spec = specs.get(subject_id or 0)
    charc = next((c for c in spec.charcs if c.charc_id == charc_id), None) if spec is not None else None
    if charc is None:
        return 10 if key.endswith("_4") else None
    if charc.dictionary:
        return charc.dictionary[0]
    if charc.charc_type is CharcType.NUMBER:
        return 10
    return "универсальный"
