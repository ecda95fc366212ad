"""Export: the seller's whole Ozon catalog as a WB-ready workbook.

The one engine call behind ``ozwb export`` and the web service's export job.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from engine.category import CategoryMatcher, OzonType, ozon_types_from_tree, wb_subjects_from_items
from engine.drafts import Directories, SubjectChoice, SubjectSpec
from engine.mapping.cards import CatalogContext, ExportOptions, TypeKey, build_card_drafts
from engine.mapping.regroup import regroup
from engine.mapping.subjects import build_subject_spec
from engine.ozon.catalog import OzonProduct
from engine.ozon.client import OzonClient
from engine.wb.client import WbClient
from engine.workbook import WorkbookSummary, write_workbook

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ExportReport:
    products: int
    exported_products: int
    archived_skipped: int
    cards: int
    subjects: int
    low_confidence_cards: int
    workbook: WorkbookSummary


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
) -> ExportReport:
    """Read Ozon, suggest WB subjects, fill the cards and write the workbook to ``target``."""
    options = options or ExportOptions()
    progress("Читаю каталог Ozon")
    products = ozon.read_catalog()
    chosen = [p for p in products if options.include_archived or not p.archived]
    keys = sorted({(p.description_category_id or 0, p.type_id or 0) for p in chosen})

    progress("Читаю дерево категорий Ozon")
    ozon_types = ozon_types_from_tree([node.model_dump() for node in ozon.get_category_tree()])
    by_key = {t.key: t for t in ozon_types}
    attribute_names = {key: _attribute_names(ozon, key) for key in keys if key in by_key}

    progress("Подбираю предметы WB")
    subjects = [s.model_dump(by_alias=True) for s in wb.iter_subjects()]
    matcher = CategoryMatcher(wb_subjects_from_items(subjects), confirmed=confirmed, context=ozon_types)
    suggestions = {
        key: [
            SubjectChoice(s.subject_id, s.subject_name, s.parent_name, s.score)
            for s in matcher.suggest(by_key[key], k=3)
        ]
        for key in keys
        if key in by_key
    }

    progress("Читаю характеристики и справочники WB")
    directories = _directories(wb, [str(s["subjectName"]) for s in subjects], suggestions)
    specs = _subject_specs(wb, suggestions, directories)
    if not options.warehouse_map and directories.warehouses:
        first = next(iter(directories.warehouses))
        options = ExportOptions(options.price_rule, {"fbs": first, "rfbs": first}, options.include_archived)

    progress("Собираю карточки")
    context = CatalogContext(
        suggestions=suggestions,
        subjects=specs,
        attribute_names=attribute_names,
        ozon_paths={key: by_key[key].path_text for key in keys if key in by_key},
        type_names={key: by_key[key].type_name for key in keys if key in by_key},
    )
    drafts = build_card_drafts(regroup(chosen), context, options)

    progress("Записываю таблицу")
    summary = write_workbook(target, drafts, specs, directories, summary_info=_summary_info(products, chosen))
    return ExportReport(
        products=len(products),
        exported_products=len(chosen),
        archived_skipped=len(products) - len(chosen),
        cards=len(drafts),
        subjects=len({d.subject.subject_id for d in drafts if d.subject}),
        low_confidence_cards=sum(d.low_confidence for d in drafts),
        workbook=summary,
    )


def _attribute_names(ozon: OzonClient, key: TypeKey) -> dict[int, str]:
    return {a.id: a.name for a in ozon.get_category_attributes(*key)}


def _directories(
    wb: WbClient, subject_names: list[str], suggestions: Mapping[TypeKey, list[SubjectChoice]]
) -> Directories:
    used = sorted({c.subject_id for choices in suggestions.values() for c in choices[:1]})
    return Directories(
        subjects=tuple(sorted(subject_names)),
        colors=tuple(c.name for c in wb.get_colors()),
        kinds=tuple(wb.get_kinds()),
        countries=tuple(c.name for c in wb.get_countries()),
        seasons=tuple(wb.get_seasons()),
        vat=tuple(wb.get_vat()),
        tnved={sid: tuple(t.tnved for t in wb.get_tnved(sid)) for sid in used},
        warehouses={w.id: w.name for w in wb.list_warehouses()},
    )


def _subject_specs(
    wb: WbClient, suggestions: Mapping[TypeKey, list[SubjectChoice]], directories: Directories
) -> dict[int, SubjectSpec]:
    chosen = {c.subject_id: c for choices in suggestions.values() for c in choices[:1]}
    return {
        sid: build_subject_spec(
            sid, choice.subject_name, choice.parent_name,
            [c.model_dump(by_alias=True) for c in wb.get_charcs(sid)], directories,
        )
        for sid, choice in sorted(chosen.items())
    }


def _summary_info(products: list[OzonProduct], chosen: list[OzonProduct]) -> dict[str, object]:
    return {
        "Товаров в каталоге Ozon": len(products),
        "Перенесено товаров": len(chosen),
        "Архивных товаров пропущено": len(products) - len(chosen),
    }


__all__ = ["ExportOptions", "ExportReport", "OzonType", "export_catalog"]
