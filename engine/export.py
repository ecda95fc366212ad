"""Export: the seller's whole Ozon catalog as a WB-ready workbook or Google Sheet.

The engine calls behind ``ozwb export`` and the web service's export job. One preparation
(:func:`prepare_export`: read Ozon, match categories, fetch WB's reference data, plan the cards)
feeds one shared row-laying path, which ends in one of two writers: the xlsx workbook
(:func:`export_catalog`) or the seller's Google Sheet (:func:`export_google_sheet`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from engine.category import CategoryMatcher, OzonType, ozon_types_from_tree, wb_subjects_from_items
from engine.drafts import Directories, SubjectChoice, SubjectSpec
from engine.mapping.cards import CatalogContext, ExportOptions, TypeKey, iter_card_drafts
from engine.mapping.regroup import ProductGroup, regroup
from engine.ozon.catalog import OzonProduct
from engine.ozon.client import OzonClient
from engine.ratelimit import RateLimiter
from engine.reference_cache import ReferenceCache
from engine.settings import Settings
from engine.wb.client import WbClient
from engine.wb.models import Subject
from engine.wb_reference import (
    ReferenceLists,
    WbReference,
    directories_for,
    fetch_lists,
    fetch_subject_specs,
    top_choices,
)
from engine.workbook import WorkbookSummary
from engine.workbook.layout import SheetLayout
from engine.workbook.rows import DraftRows
from engine.workbook.spool import RowSpool
from engine.workbook.writer import SheetPlan, WorkbookWriter, plan_layouts

if TYPE_CHECKING:
    from gspread import Client

Progress = Callable[[str], None]
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


@dataclass
class PreparedExport:
    """Everything the writers need, read and matched once; the groups are consumed by one write."""

    context: CatalogContext
    options: ExportOptions
    directories: Directories
    groups: list[ProductGroup]
    summary_info: dict[str, int]


def _quiet(_: str) -> None:
    return None


def export_catalog(
    ozon: OzonClient,
    wb: WbClient,
    target: str | Path | BinaryIO,
    options: ExportOptions | None = None,
    *,
    confirmed: Mapping[TypeKey, int] | None = None,
    progress: Progress = _quiet,
    reference_cache: ReferenceCache | None = None,
) -> ExportReport:
    """Read Ozon, suggest WB subjects, fill the cards and write the xlsx workbook to ``target``.

    WB's reference data comes through ``reference_cache`` when given (see :mod:`engine.reference_cache`).
    """
    prepared = prepare_export(ozon, wb, options, confirmed=confirmed, progress=progress,
                              reference_cache=reference_cache)

    def write_xlsx(plans: list[SheetPlan], info: Mapping[str, object]) -> WorkbookSummary:
        return WorkbookWriter().write(target, plans, info)

    return write_prepared(prepared, write_xlsx, progress)


def export_google_sheet(
    ozon: OzonClient,
    wb: WbClient,
    spreadsheet: str,
    options: ExportOptions | None = None,
    *,
    client: Client,
    service_account_email: str = "",
    confirmed: Mapping[TypeKey, int] | None = None,
    progress: Progress = _quiet,
    reference_cache: ReferenceCache | None = None,
    settings: Settings | None = None,
    limiter: RateLimiter | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> ExportReport:
    """The same export written into the seller's Google Sheet ``spreadsheet`` (link or key) through ``client``.

    Access is checked before the catalog is read, so an unshared spreadsheet fails in seconds; see
    :func:`engine.gsheets.write_sheet_plans` for what is written and what is refused.
    """
    # Imported here: gspread and google-auth cost the xlsx export ~18 MB and 0.1 s it has no use for.
    from engine.gsheets import check_google_sheet, write_sheet_plans

    progress("Проверяю доступ к Google-таблице")
    check_google_sheet(spreadsheet, client=client, service_account_email=service_account_email,
                       settings=settings, sleep=sleep, limiter=limiter)
    prepared = prepare_export(ozon, wb, options, confirmed=confirmed, progress=progress,
                              reference_cache=reference_cache)

    def write_google(plans: list[SheetPlan], info: Mapping[str, object]) -> WorkbookSummary:
        return write_sheet_plans(spreadsheet, plans, client=client, summary_info=info,
                                 service_account_email=service_account_email, settings=settings, sleep=sleep,
                                 limiter=limiter)

    return write_prepared(prepared, write_google, progress)


def prepare_export(
    ozon: OzonClient,
    wb: WbClient,
    options: ExportOptions | None = None,
    *,
    confirmed: Mapping[TypeKey, int] | None = None,
    progress: Progress = _quiet,
    reference_cache: ReferenceCache | None = None,
) -> PreparedExport:
    """Read the Ozon catalog, suggest WB subjects and fetch what the cards need from WB.

    The Ozon category tree, WB's subjects and value lists and the matcher are ready while the catalog is read.
    """
    options = options or ExportOptions()
    reference = WbReference(wb, reference_cache)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-prepare") as pool:
        # The read is paced by Ozon's answers; what matching needs meanwhile fills the wait.
        preparing = pool.submit(_prepare_matching, ozon, reference, confirmed)
        progress("Читаю каталог Ozon")
        products = ozon.read_catalog()
        chosen = [p for p in products if options.include_archived or not p.archived]
        keys = sorted({(p.description_category_id or 0, p.type_id or 0) for p in chosen})

        progress("Читаю дерево категорий Ozon")
        prepared = preparing.result()
    by_key = {t.key: t for t in prepared.ozon_types}
    attribute_names = {key: _attribute_names(ozon, key) for key in keys if key in by_key}

    progress("Подбираю предметы WB")
    suggestions = {
        key: [
            SubjectChoice(s.subject_id, s.subject_name, s.parent_name, s.score)
            for s in prepared.matcher.suggest(by_key[key], k=3)
        ]
        for key in keys
        if key in by_key
    }

    progress("Читаю характеристики и справочники WB")
    top = top_choices(suggestions)
    directories = directories_for(reference, prepared.lists, [s.subject_name for s in prepared.wb_subjects],
                                  [c.subject_id for c in top])
    specs = fetch_subject_specs(reference, top, directories)
    if not options.warehouse_map and directories.warehouses:
        first = next(iter(directories.warehouses))
        # replace(), not a new ExportOptions: every other option the caller set must survive
        options = replace(options, warehouse_map={"fbs": first, "rfbs": first})

    progress("Собираю карточки")  # regrouping is the first step of building the cards
    context = CatalogContext(
        suggestions=suggestions,
        subjects=specs,
        attribute_names=attribute_names,
        ozon_paths={key: by_key[key].path_text for key in keys if key in by_key},
        type_names={key: by_key[key].type_name for key in keys if key in by_key},
    )
    summary_info = _summary_info(len(products), len(chosen))
    groups = regroup(chosen)
    return PreparedExport(context, options, directories, groups, summary_info)


def write_prepared(prepared: PreparedExport, write: SheetsWriter, progress: Progress = _quiet) -> ExportReport:
    """Build every card's rows once, parked by sheet, and hand the sheets to ``write``.

    Shared by both writers, so the xlsx and the Google Sheet get the same sheets, rows and marks.
    """
    summary_info = prepared.summary_info
    with RowSpool() as spool:
        # the groups are let go one by one as their cards are built
        sheets, counts = _spool_rows(prepared.groups, prepared.context, prepared.options, prepared.directories,
                                     spool)
        progress("Записываю таблицу")
        plans = [SheetPlan(layout, spool.rows(n)) for n, (_, layout) in enumerate(sheets)]
        summary = write(plans, summary_info)
    return ExportReport(
        products=int(summary_info[_IN_CATALOG]),
        exported_products=int(summary_info[_EXPORTED]),
        archived_skipped=int(summary_info[_SKIPPED]),
        cards=counts.cards,
        subjects=len(counts.subjects),
        low_confidence_cards=counts.low_confidence,
        workbook=summary,
    )


@dataclass(frozen=True)
class _Prepared:
    """What matching needs that does not depend on the catalog."""

    wb_subjects: list[Subject]
    lists: ReferenceLists
    ozon_types: list[OzonType]
    matcher: CategoryMatcher


def _prepare_matching(
    ozon: OzonClient, reference: WbReference, confirmed: Mapping[TypeKey, int] | None
) -> _Prepared:
    ozon_types = ozon_types_from_tree([node.model_dump() for node in ozon.get_category_tree()])
    wb_subjects = reference.subjects()
    subjects = [s.model_dump(by_alias=True) for s in wb_subjects]
    matcher = CategoryMatcher(wb_subjects_from_items(subjects), confirmed=confirmed, context=ozon_types)
    return _Prepared(wb_subjects, fetch_lists(reference), ozon_types, matcher)


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


def _attribute_names(ozon: OzonClient, key: TypeKey) -> dict[int, str]:
    return {a.id: a.name for a in ozon.get_category_attributes(*key)}


_IN_CATALOG = "Товаров в каталоге Ozon"
_EXPORTED = "Перенесено товаров"
_SKIPPED = "Архивных товаров пропущено"


def _summary_info(products: int, chosen: int) -> dict[str, int]:
    return {_IN_CATALOG: products, _EXPORTED: chosen, _SKIPPED: products - chosen}


__all__ = [
    "ExportOptions",
    "ExportReport",
    "OzonType",
    "PreparedExport",
    "export_catalog",
    "export_google_sheet",
    "prepare_export",
    "write_prepared",
]
