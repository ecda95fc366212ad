"""``ozwb match-categories``: suggest WB subjects for every enabled Ozon type."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from engine.category import (
    LOW_CONFIDENCE_THRESHOLD,
    CategoryDataError,
    CategoryMatcher,
    load_ozon_types,
    load_wb_subjects,
    write_mapping_csv,
)

_USAGE_ERROR = 2


def register(app: typer.Typer) -> None:
    app.command("match-categories")(match_categories_command)


def match_categories_command(
    wb_subjects: Annotated[Path, typer.Option("--wb-subjects", help="Выгрузка WB GET /content/v2/object/all (JSON)")],
    ozon_tree: Annotated[
        Path, typer.Option("--ozon-tree", help="Выгрузка Ozon POST /v1/description-category/tree (JSON)")
    ],
    out: Annotated[Path, typer.Option("--out", help="Куда записать CSV с подборкой категорий")],
) -> None:
    """Подобрать 3 предмета WB для каждого активного типа Ozon и записать CSV."""
    started = time.perf_counter()
    try:
        subjects = load_wb_subjects(wb_subjects)
        types = load_ozon_types(ozon_tree)
    except CategoryDataError as exc:
        _fail(str(exc))
    enabled = [t for t in types if not t.disabled]
    matcher = CategoryMatcher(subjects, context=types)
    suggestions = matcher.suggest_all(enabled)
    try:
        rows = write_mapping_csv(out, enabled, suggestions)
    except OSError as exc:
        _fail(f"{out}: cannot write ({exc.strerror or exc})")
    flagged = sum(1 for s in suggestions.values() if not s or s[0].score < LOW_CONFIDENCE_THRESHOLD)
    typer.echo(
        f"{out}: {rows} строк для {len(enabled)} типов Ozon; "
        f"проверить вручную: {flagged} (оценка < {LOW_CONFIDENCE_THRESHOLD}); "
        f"{time.perf_counter() - started:.1f} с"
    )


def _fail(message: str) -> NoReturn:
    typer.echo(f"Ошибка: {message}", err=True)
    raise typer.Exit(code=_USAGE_ERROR)
