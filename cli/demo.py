"""``ozwb demo``: the whole story on the sandbox, for a first look."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from engine.category import LOW_CONFIDENCE_THRESHOLD, ozon_types_from_tree, wb_subjects_from_items
from engine.drafts import Directories
from engine.errors import OzwbError
from engine.export import export_catalog
from engine.ozon.client import OzonClient
from engine.preview import CatalogPreview, change_doubtful_subject, fill_missing_required, preview_catalog
from engine.push import PushOptions, create_job, prepare_push, row_results, run_slice, seller_key
from engine.push.states import ROW_LABELS
from engine.results import write_results
from engine.russian import plural
from engine.settings import Settings, get_settings
from engine.store import open_store, upgrade_to_head
from engine.wb.client import WbClient
from engine.wb_reference import fetch_workbook_reference
from engine.workbook import read_workbook, refresh_workbook


def register(app: typer.Typer) -> None:
    app.command("demo")(run_demo)


@contextmanager
def _sandbox_settings(url: str | None, speed: float) -> Iterator[Settings]:
    if url:
        yield get_settings(limit_speed=speed).for_sandbox(url)
        return
    from sandbox.config import SandboxConfig
    from sandbox.server import run_sandbox

    with run_sandbox(SandboxConfig(speed=speed)) as running:
        yield get_settings(limit_speed=speed).for_sandbox(running.url)


def run_demo(
    sandbox: Annotated[
        str | None, typer.Option("--sandbox", help="Адрес запущенной песочницы; без него песочница стартует сама")
    ] = None,
    speed: Annotated[float, typer.Option(help="Ускорение лимитов песочницы")] = 1.0,
    push: Annotated[bool, typer.Option("--push/--no-push", help="Пройти весь путь до карточек на WB")] = True,
    out_dir: Annotated[
        Path | None, typer.Option("--out-dir", help="Куда положить книги демонстрации; без него — во временную папку")
    ] = None,
) -> None:
    """Показать на песочнице весь путь: каталог Ozon → таблица → правки продавца → проверка → карточки WB."""
    console = Console(soft_wrap=True)
    try:
        with _sandbox_settings(sandbox, speed) as settings:
            console.print(f"Песочница: Ozon {settings.ozon_base_url}, WB {settings.wb_content_url}")
            with OzonClient(settings) as ozon, WbClient(settings) as wb:
                with console.status("Читаю каталог Ozon…"):
                    products = ozon.read_catalog()
                    tree = [node.model_dump() for node in ozon.get_category_tree()]
                with console.status("Читаю справочник предметов WB…"):
                    subjects = [s.model_dump(by_alias=True) for s in wb.iter_subjects()]
            preview = preview_catalog(products, ozon_types_from_tree(tree), wb_subjects_from_items(subjects))
            _print_preview(console, preview)
            if push:
                with _folder(out_dir) as folder:
                    run_story(console, settings, folder)
    except OzwbError as exc:
        console.print(f"[red]Ошибка:[/red] {exc}")
        raise typer.Exit(2) from exc


@contextmanager
def _folder(out_dir: Path | None) -> Iterator[Path]:
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        yield out_dir
        return
    with tempfile.TemporaryDirectory(prefix="ozwb-demo-") as scratch:
        yield Path(scratch)


def run_story(console: Console, settings: Settings, folder: Path) -> None:
    """Export → the seller's edits (a subject fixed, missing values filled) → validate → push → results."""
    catalog, edited, result = folder / "catalog.xlsx", folder / "edited.xlsx", folder / "result.xlsx"
    demo_settings = settings.model_copy(update={"database_url": f"sqlite:///{folder / 'demo.sqlite3'}"})
    store = open_store(demo_settings)
    try:
        upgrade_to_head(demo_settings, store.engine)
        with OzonClient(settings) as ozon, WbClient(settings) as wb:
            with console.status("Выгружаю каталог в книгу Excel…"):
                export_catalog(ozon, wb, catalog)
            console.print(f"1. Книга для WB: {catalog}", markup=False, highlight=False)
            reference = fetch_workbook_reference(wb, read_workbook(catalog))
            shutil.copy(catalog, edited)
            changed = change_doubtful_subject(edited, list(reference.subject_names.values()))
            for code, old, new in changed.subject_changes:
                console.print(f"2. Продавец сменил предмет карточки {code}: «{old}» → «{new}»", markup=False,
                              highlight=False)
                reference = fetch_workbook_reference(wb, read_workbook(edited))
                relaid = folder / "relaid.xlsx"
                refresh_workbook(edited, relaid, reference.specs, reference.directories)
                relaid.replace(edited)
            first = prepare_push(edited, wb)
            filled = fill_missing_required(edited, first.report.issues, reference.specs)
            console.print(f"3. Продавец заполнил {filled.filled} обязательных значений, которых не было на Ozon")
            prepared = prepare_push(edited, wb)
        counts = prepared.report.counts()
        console.print(f"4. Проверка: {counts['rows']} строк, замечаний {counts['issues']}")
        with store.session() as session:
            job_id = create_job(session, prepared.report, seller_key(settings), PushOptions(source_name=edited.name))
        with console.status("Создаю карточки на WB…"):
            while not run_slice(store, job_id, lambda _job: WbClient(settings), budget=60).finished:
                continue
        with store.session() as session:
            results = row_results(session, job_id)
        reference_now = prepared.reference
        summary = write_results(edited, result, results, specs=reference_now.specs if reference_now else {},
                                directories=reference_now.directories if reference_now else Directories())
        shown = ", ".join(f"{ROW_LABELS.get(s, s).lower()} {n}" for s, n in summary.by_status.most_common())
        console.print(f"5. Перенос: {shown}. Результат по строкам: {result}", markup=False, highlight=False)
    finally:
        store.close()


def _print_preview(console: Console, preview: CatalogPreview) -> None:
    active = preview.products - preview.archived
    products = plural(preview.products, "товар", "товара", "товаров")
    console.print(f"Каталог Ozon: {products} (активных {active}, в архиве {preview.archived}).")
    console.print(
        f"Для WB: {plural(preview.groups, 'группа', 'группы', 'групп')}, "
        f"{plural(preview.cards, 'карточка', 'карточки', 'карточек')}, "
        f"{plural(preview.sizes, 'размер', 'размера', 'размеров')} (архивные товары не переносятся)."
    )
    if preview.ambiguous_cards:
        cards = plural(preview.ambiguous_cards, "карточка", "карточки", "карточек")
        console.print(f"Не удалось различить размеры: {cards} оставлены отдельными.")
    console.print(
        f"Типов Ozon: {preview.ozon_types}; с низкой уверенностью в предмете WB "
        f"(< {LOW_CONFIDENCE_THRESHOLD:.0%}): {preview.low_confidence_types}."
    )
    table = Table(title="Предметы WB")
    table.add_column("Предмет")
    table.add_column("Категория")
    table.add_column("Карточек", justify="right")
    table.add_column("Уверенность", justify="right")
    for line in preview.subjects:
        table.add_row(line.subject_name, line.parent_name, str(line.cards), f"{line.score:.0%}")
    console.print(table)
