"""Preparing an export: read the Ozon catalog, match WB subjects, fetch WB's reference data, group the cards.

Everything here is read and matched once; :mod:`engine.export.rows` then lays the rows for either writer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from engine.category import CategoryMatcher, OzonType, ozon_types_from_tree, wb_subjects_from_items
from engine.drafts import Directories, SubjectChoice
from engine.mapping.cards import CatalogContext, ExportOptions, TypeKey
from engine.mapping.regroup import ProductGroup, regroup
from engine.ozon.client import OzonClient
from engine.reference_cache import ReferenceCache
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

Progress = Callable[[str], None]

# The summary sheet's figures, by their Russian labels.
IN_CATALOG = "Товаров в каталоге Ozon"
EXPORTED = "Перенесено товаров"
SKIPPED = "Архивных товаров пропущено"


@dataclass
class PreparedExport:
    """Everything the writers need, read and matched once; the groups are consumed by one write."""

    context: CatalogContext
    options: ExportOptions
    directories: Directories
    groups: list[ProductGroup]
    summary_info: dict[str, int]


def quiet(_: str) -> None:
    return None


def prepare_export(
    ozon: OzonClient,
    wb: WbClient,
    options: ExportOptions | None = None,
    *,
    confirmed: Mapping[TypeKey, int] | None = None,
    progress: Progress = quiet,
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
    summary_info = {IN_CATALOG: len(products), EXPORTED: len(chosen), SKIPPED: len(products) - len(chosen)}
    groups = regroup(chosen)
    return PreparedExport(context, options, directories, groups, summary_info)


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


def _attribute_names(ozon: OzonClient, key: TypeKey) -> dict[int, str]:
    return {a.id: a.name for a in ozon.get_category_attributes(*key)}
