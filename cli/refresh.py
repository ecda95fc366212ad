"""``ozwb refresh``: re-lay the seller's workbook after subject changes, and remember their choices."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cli.export import (
    InputError,
    fail,
    marketplace_settings,
    open_seller_store,
    replaced_atomically,
    step_printer,
    xlsx_target,
)
from engine.category import ozon_types_from_tree
from engine.confirmations import Confirmations, collect_confirmations
from engine.errors import OzwbError
from engine.ozon.client import OzonClient
from engine.russian import plural
from engine.settings import Settings
from engine.store import ozon_seller_key, remember_choices
from engine.wb.client import WbClient
from engine.wb_reference import WorkbookReference, fetch_workbook_reference
from engine.workbook import RefreshReport, WorkbookContent, read_workbook, refresh_workbook

SHOWN_CHANGES = 40  # a long list helps nobody in a terminal; the workbook itself shows every row


def register(app: typer.Typer) -> None:
    app.command("refresh")(refresh_command)


def refresh_command(
    workbook: Annotated[Path, typer.Argument(help="Книга ozwb (.xlsx), которую вы отредактировали")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Куда записать обновлённую книгу; без него — поверх исходной")
    ] = None,
    sandbox: Annotated[
        str | None, typer.Option("--sandbox", help="Адрес песочницы ozwb: оба маркетплейса с демо-ключами")
    ] = None,
) -> None:
    """Перенести строки со сменённым предметом на листы новых предметов и запомнить выбор предметов."""
    console = Console(soft_wrap=True)  # a path or a message is never broken mid-word
    try:
        if not workbook.is_file():
            raise InputError(f"файла «{workbook}» нет")
        target = xlsx_target(out or workbook)
        content = read_workbook(workbook)
        if not content.tables:
            raise InputError(f"в «{workbook}» нет листов ozwb (лист с колонкой «Артикул продавца»)")
        settings = marketplace_settings(sandbox)
        with closing(open_seller_store(settings)) as store, console.status("Обновление…") as status:
            show = step_printer(console, status.update)
            reference, confirmations = _reference(settings, content, show)
            show("Перекладываю строки")
            with replaced_atomically(target) as scratch:
                report = refresh_workbook(workbook, scratch, reference.specs, reference.directories)
            with store.session() as session:  # only once the new workbook is safely in place
                remember_choices(session, ozon_seller_key(settings.ozon_client_id), confirmations.choices)
    except (InputError, OzwbError) as exc:
        fail(exc)
    _print_report(console, target, report, confirmations)


def _reference(
    settings: Settings, content: WorkbookContent, show: Callable[[str], None]
) -> tuple[WorkbookReference, Confirmations]:
    """WB specs of every subject the workbook needs, and the seller's settled choices in it."""
    with OzonClient(settings) as ozon, WbClient(settings) as wb:
        show("Читаю предметы, характеристики и справочники WB")
        reference = fetch_workbook_reference(wb, content)
        show("Читаю дерево категорий Ozon")
        types = ozon_types_from_tree([node.model_dump() for node in ozon.get_category_tree()])
    return reference, collect_confirmations(content, types, reference.subject_names)


def _print_report(console: Console, target: Path, report: RefreshReport, confirmations: Confirmations) -> None:
    def line(text: str) -> None:
        console.print(text, markup=False, highlight=False)

    line(f"Готово: {target}")
    line(f"Перенесено на листы новых предметов: {plural(report.moved, 'строка', 'строки', 'строк')}; "
         f"осталось на месте: {report.kept}.")
    for change in report.changes[:SHOWN_CHANGES]:
        head = f"  {change.vendor_code or '(без артикула)'}: {change.source}"
        line(f"{head} → лист «{change.target}»" if change.moved else head)
        for message in change.messages:
            line(f"    {message}")
    if len(report.changes) > SHOWN_CHANGES:
        line(f"  … и ещё {len(report.changes) - SHOWN_CHANGES} — смотрите столбец «Замечания ozwb» и лист «Сводка».")
    if report.unknown_subjects:
        line(f"Не найден предмет WB: {plural(report.unknown_subjects, 'строка', 'строки', 'строк')} "
             "остались на прежних листах — выберите предмет из списка.")
    if confirmations.choices:
        types = plural(len(confirmations.choices), "типа", "типов", "типов")
        line(f"Запомнен ваш выбор предмета для {types} Ozon: в следующей выгрузке он будет первым.")
    if confirmations.disputed:
        line("Не запомнено — у товаров одного типа Ozon разные предметы: " + _listed(confirmations.disputed))
    if confirmations.unsettled:
        line("Не запомнено — не у всех товаров типа Ozon выбран предмет из списка WB: "
             + _listed(confirmations.unsettled))


def _listed(paths: list[str], limit: int = 10) -> str:
    return "; ".join(paths[:limit]) + (f" и ещё {len(paths) - limit}" if len(paths) > limit else "")
