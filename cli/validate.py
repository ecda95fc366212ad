"""``ozwb validate``: check an edited workbook against WB's rules before anything is sent.

Exit status: 0 — no problems; 1 — rows with problems (every one listed); 2 — the file itself could not
be checked (one message), or WB's reference data could not be fetched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cli.export import InputError, google_account
from engine.drafts import Directories, SubjectSpec
from engine.errors import OzwbError
from engine.gsheets import read_google_sheet
from engine.gsheets.address import spreadsheet_key
from engine.push.prepare import prepare_push_content
from engine.russian import plural
from engine.settings import Settings, get_settings
from engine.validation import ValidationReport, validate_spreadsheet, validate_workbook
from engine.validation.issues_book import write_issues_workbook
from engine.wb.client import WbClient
from engine.wb_reference import fetch_workbook_reference
from engine.workbook import WorkbookContent

CLEAN, ROW_ISSUES, NOT_CHECKED = 0, 1, 2
SHOWN_ISSUES = 200  # a terminal is no place for 100,000 lines; --json and --issues-out carry them all


def register(app: typer.Typer) -> None:
    app.command("validate")(validate_command)


def validate_command(
    workbook: Annotated[
        Path | None, typer.Argument(help="Книга ozwb (.xlsx), которую вы отредактировали")
    ] = None,
    gsheet: Annotated[
        str | None, typer.Option("--gsheet", help="Ссылка на Google-таблицу ozwb вместо файла .xlsx")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Вывести результат в JSON (для программ)")] = False,
    issues_out: Annotated[
        Path | None, typer.Option("--issues-out", help="Записать строки с проблемами в отдельную книгу .xlsx")
    ] = None,
    sandbox: Annotated[
        str | None, typer.Option("--sandbox", help="Адрес песочницы ozwb: справочники WB с демо-ключом")
    ] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Не обращаться к WB: только общие правила, без характеристик предметов")
    ] = False,
) -> None:
    """Проверить таблицу по правилам WB: ничего не отправляется, только список проблем."""
    console = Console(soft_wrap=True, highlight=False)
    if (workbook is None) == (gsheet is None):
        _fail("укажите, что проверить: файл .xlsx или --gsheet ССЫЛКА_НА_GOOGLE_ТАБЛИЦУ (что-то одно)", as_json)
    settings = None if offline else _wb_settings(sandbox)
    content = None
    if gsheet is not None:
        try:
            content = read_sheet(gsheet, settings or get_settings())
        except (InputError, OzwbError) as exc:
            _fail(f"Google-таблица не прочитана: {exc}", as_json)
    try:
        report = _validate_content(content, settings) if content is not None else \
            _validate(workbook or Path(), settings)
    except OzwbError as exc:
        _fail(f"справочники WB недоступны: {exc}", as_json)
    if issues_out is not None:
        write_issues_workbook(issues_out, report)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        name = f"Файл «{workbook.name}»" if workbook is not None else "Google-таблица"
        _print_report(console, name, report, issues_out)
    raise typer.Exit(report.exit_code)


def _wb_settings(sandbox: str | None) -> Settings:
    settings = get_settings()
    if sandbox:
        if not sandbox.startswith(("http://", "https://")):
            _fail(f"--sandbox: нужен адрес вида http://127.0.0.1:8099, а не «{sandbox}»", False)
        return settings.for_sandbox(sandbox)
    if not settings.wb_token.get_secret_value().strip():
        _fail("не задан ключ WB (OZWB_WB_TOKEN): укажите его, или --sandbox URL, или --offline", False)
    return settings


def read_sheet(link: str, settings: Settings) -> WorkbookContent:
    """The seller's Google Sheet as tables, through the configured service account."""
    spreadsheet_key(link)  # a malformed link is refused before any key file is opened
    client, email = google_account(settings)
    return read_google_sheet(link, client=client, service_account_email=email, settings=settings)


def _validate_content(content: WorkbookContent, settings: Settings | None) -> ValidationReport:
    if settings is None:
        return validate_spreadsheet(content)
    with WbClient(settings) as wb:
        return prepare_push_content(content, wb).report


def _validate(workbook: Path, settings: Settings | None) -> ValidationReport:
    if settings is None:
        return validate_workbook(workbook)
    with WbClient(settings) as wb:
        def reference(content: WorkbookContent) -> tuple[dict[int, SubjectSpec], Directories]:
            found = fetch_workbook_reference(wb, content)
            return found.specs, found.directories

        return validate_workbook(workbook, reference=reference)


def _fail(message: str, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps({"file_problem": None, "error": message, "issues": [], "counts": {}},
                              ensure_ascii=False))
    else:
        Console(stderr=True, soft_wrap=True).print(f"Ошибка: {message}", markup=False, highlight=False)
    raise typer.Exit(NOT_CHECKED)


def _print_report(console: Console, name: str, report: ValidationReport, issues_out: Path | None) -> None:
    def line(text: str) -> None:
        console.print(text, markup=False)

    if report.file_problem is not None:
        line(f"{name}: проверка невозможна — {report.file_problem.message}")
        return
    counts = report.counts()
    rows, flagged = int(str(counts["rows"])), int(str(counts["rows_with_issues"]))
    line(f"Проверено: {plural(rows, 'строка', 'строки', 'строк')}, "
         f"{plural(int(str(counts['cards'])), 'карточка', 'карточки', 'карточек')}.")
    if not report.issues:
        line("Проблем нет: таблицу можно переносить на WB.")
        return
    line(f"Без проблем: {counts['clean_rows']}; с проблемами: {plural(flagged, 'строка', 'строки', 'строк')} "
         f"({plural(len(report.issues), 'проблема', 'проблемы', 'проблем')}). "
         f"Готово к переносу карточек: {counts['ready_cards']} из {counts['cards']}.")
    table = Table(title="Проблемы в строках", show_lines=False)
    for header, justify in (("Лист", "left"), ("Строка", "right"), ("Столбец", "left"), ("Проблема", "left")):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for issue in report.issues[:SHOWN_ISSUES]:
        # Text(), not str: a seller's value in a message must never be read as rich markup.
        table.add_row(Text(issue.sheet), Text(str(issue.row)), Text(issue.column), Text(issue.message))
    console.print(table)
    if len(report.issues) > SHOWN_ISSUES:
        line(f"… и ещё {len(report.issues) - SHOWN_ISSUES}: полный список — с --issues-out ФАЙЛ.xlsx или --json.")
    if issues_out is not None:
        line(f"Строки с проблемами записаны в «{issues_out}».")
