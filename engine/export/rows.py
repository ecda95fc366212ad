"""Laying a prepared export's rows: every card's rows built once, parked by sheet, handed to one writer.

Shared by both writers (:func:`engine.export.export_catalog`, :func:`engine.export.export_google_sheet`),
so the xlsx and the Google Sheet get the same sheets, rows and marks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from engine.drafts import Directories, SubjectSpec
from engine.export.preparation import EXPORTED, IN_CATALOG, SKIPPED, PreparedExport, Progress, quiet
from engine.mapping.cards import CatalogContext, ExportOptions, TypeKey, iter_card_drafts
from engine.mapping.regroup import ProductGroup
from engine.ozon.catalog import OzonProduct
from engine.workbook import WorkbookSummary
from engine.workbook.layout import SheetLayout
from engine.workbook.rows import DraftRows
from engine.workbook.spool import RowSpool
from engine.workbook.writer import SheetPlan, plan_layouts

# A writer: the data sheets' plans (rows streamed from the spool) and the summary figures -> what was written.
SheetsWriter = Callable[[list[SheetPlan], Mapping[str, object]], WorkbookSummary]
T = TypeVar("T")


@dataclass(frozen=True)
class ExportReport:
    products: int
    exported_products: int
    archived_skipped: int
    cards: int
    subjects: int
    low_confidence_cards: int
    workbook: WorkbookSummary  # a GoogleSheetSummary (with the link) for a Google Sheet


def write_prepared(prepared: PreparedExport, write: SheetsWriter, progress: Progress = quiet) -> ExportReport:
    """Build every card's rows once, parked by sheet, and hand the sheets to ``write``."""
    summary_info = prepared.summary_info
    with RowSpool() as spool:
        # the groups are let go one by one as their cards are built
        sheets, counts = _spool_rows(prepared.groups, prepared.context, prepared.options, prepared.directories,
                                     spool)
        progress("Записываю таблицу")
        plans = [SheetPlan(layout, spool.rows(n)) for n, (_, layout) in enumerate(sheets)]
        summary = write(plans, summary_info)
    return ExportReport(
        products=int(summary_info[IN_CATALOG]),
        exported_products=int(summary_info[EXPORTED]),
        archived_skipped=int(summary_info[SKIPPED]),
        cards=counts.cards,
        subjects=len(counts.subjects),
        low_confidence_cards=counts.low_confidence,
        workbook=summary,
    )


@dataclass
class _Counts:
    cards: int = 0
    low_confidence: int = 0
    subjects: set[int] = field(default_factory=set)


def _spool_rows(
    groups: list[ProductGroup], context: CatalogContext, options: ExportOptions, directories: Directories,
    spool: RowSpool,
) -> tuple[list[tuple[int | None, SheetLayout]], _Counts]:
    """Every card's rows, parked by sheet; the drafts and products go as soon as their rows are made."""
    used: dict[int, SubjectSpec] = {}
    unassigned = not groups  # an empty catalog still gets a sheet to fill by hand
    numbers: dict[str, int] = {}
    for group in groups:
        if len(group.cards) > 1:  # the «Группа» column numbers groups of two or more cards
            numbers[group.key] = len(numbers) + 1
        for card in group.cards:
            choices = context.suggestions.get(_type_key(card.products[0]), [])
            if not choices:
                unassigned = True
                continue
            top = choices[0]
            used.setdefault(top.subject_id, context.subjects.get(top.subject_id) or SubjectSpec(
                top.subject_id, top.subject_name, top.parent_name, charcs=()))
    sheets = plan_layouts(used, directories, unassigned=unassigned)
    makers = {sid: (n, DraftRows(layout, numbers)) for n, (sid, layout) in enumerate(sheets)}
    counts = _Counts()
    for draft in iter_card_drafts(_drain(groups), context, options):
        sheet, rows = makers[draft.subject.subject_id if draft.subject else None]
        spool.add(sheet, rows.rows([draft]))
        counts.cards += 1
        counts.low_confidence += draft.low_confidence
        if draft.subject:
            counts.subjects.add(draft.subject.subject_id)
    return sheets, counts


def _drain(items: list[T]) -> Iterator[T]:
    """``items`` in order, each dropped from the list as it is handed out."""
    items.reverse()
    while items:
        yield items.pop()


def _type_key(product: OzonProduct) -> TypeKey:
    return (product.description_category_id or 0, product.type_id or 0)
