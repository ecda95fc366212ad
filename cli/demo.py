"""``ozwb demo``: the whole story on the sandbox, for a first look."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from engine.category import LOW_CONFIDENCE_THRESHOLD, ozon_types_from_tree, wb_subjects_from_items
from engine.errors import OzwbError
from engine.ozon.client import OzonClient
from engine.preview import CatalogPreview, preview_catalog
from engine.russian import plural
from engine.settings import Settings, get_settings
from engine.wb.client import WbClient


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
) -> None:
    """Показать на песочнице, что ozwb перенесёт с Ozon на WB."""
    console = Console()
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
    except OzwbError as exc:
        console.print(f"[red]Ошибка:[/red] {exc}")
        raise typer.Exit(2) from exc
    _print_preview(console, preview)


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
