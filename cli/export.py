"""``ozwb export``: the seller's Ozon catalog as a WB-ready workbook.

Also home of what ``ozwb refresh`` shares with it: marketplace settings, the seller's store,
writing a file without ever leaving a half-written one, and Russian lines for engine errors.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from gspread import Client
from rich.console import Console

from engine.errors import OzwbError
from engine.export import ExportOptions, ExportReport, export_catalog, export_google_sheet
from engine.failures import COMMAND_LINE, describe_failure
from engine.gsheets import client_from_service_account, service_account_email
from engine.gsheets.address import spreadsheet_key
from engine.mapping.pricing import PriceRule, Rounding
from engine.ozon.client import OzonClient
from engine.reference_cache import ReferenceCache
from engine.russian import plural
from engine.settings import Settings, get_settings
from engine.store import Store, StoreError, load_confirmed, open_store, ozon_seller_key, upgrade_to_head
from engine.wb.client import WbClient

USAGE_ERROR = 2
STOCK_TYPES = ("fbs", "rfbs", "fbo", "fbp")


class InputError(Exception):
    """A command-line value the seller has to correct; the message is Russian and shown as is."""


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)


def export_command(
    out: Annotated[Path | None, typer.Option("--out", help="Куда записать книгу Excel (.xlsx)")] = None,
    gsheet: Annotated[
        str | None,
        typer.Option("--gsheet", help="Ссылка на Google-таблицу, открытую для сервисного аккаунта ozwb как редактору"),
    ] = None,
    sandbox: Annotated[
        str | None, typer.Option("--sandbox", help="Адрес песочницы ozwb: оба маркетплейса с демо-ключами")
    ] = None,
    markup: Annotated[str, typer.Option("--markup", help="Наценка к цене Ozon, %")] = "0",
    rounding: Annotated[
        str, typer.Option("--rounding", help="Округление цены: ruble, up10, up100, end99")
    ] = Rounding.RUBLE.value,
    include_archived: Annotated[
        bool, typer.Option("--include-archived", help="Переносить и архивные товары Ozon")
    ] = False,
    warehouse: Annotated[
        list[str] | None,
        typer.Option("--warehouse", help="Склад WB для остатков Ozon: fbs=ID (можно несколько раз)"),
    ] = None,
    refresh_reference: Annotated[
        bool, typer.Option("--refresh-reference", help="Заново загрузить справочники WB, не беря их из кэша")
    ] = False,
) -> None:
    """Выгрузить каталог Ozon в книгу Excel или в Google-таблицу, разложенную под WB."""
    console = Console(soft_wrap=True)  # a path or a message is never broken mid-word
    try:
        destination = export_destination(out, gsheet)
        warehouses = parse_warehouses(warehouse or [])
        options = ExportOptions(
            PriceRule(markup_percent=parse_markup(markup), rounding=parse_rounding(rounding)),
            warehouses, include_archived,
        )
        settings = marketplace_settings(sandbox)
        google = google_account(settings) if isinstance(destination, str) else None
        with closing(open_seller_store(settings)) as store, store.session() as session:
            confirmed = load_confirmed(session, ozon_seller_key(settings.ozon_client_id))
        cache = ReferenceCache.from_settings(settings, refresh=refresh_reference)
        with OzonClient(settings) as ozon, WbClient(settings) as wb, console.status("Выгрузка…") as status:
            check_warehouses(wb, warehouses)
            progress = step_printer(console, status.update)
            if isinstance(destination, Path):
                with replaced_atomically(destination) as scratch:
                    report = export_catalog(ozon, wb, scratch, options, confirmed=confirmed, progress=progress,
                                            reference_cache=cache)
            elif google is not None:
                client, email = google
                report = export_google_sheet(ozon, wb, destination, options, client=client,
                                             service_account_email=email, confirmed=confirmed, progress=progress,
                                             reference_cache=cache, settings=settings)
            else:
                raise AssertionError("unreachable: a Google Sheet destination always has its account")
    except (InputError, OzwbError) as exc:
        fail(exc)
    link = getattr(report.workbook, "url", "")
    print_export_summary(console, destination if isinstance(destination, Path) else link or destination, report,
                         len(confirmed))


def export_destination(out: Path | None, gsheet: str | None) -> Path | str:
    """The checked xlsx path, or the Google Sheet link (its form checked before anything is read)."""
    if (out is None) == (gsheet is None):
        raise InputError("укажите, куда выгрузить: --out ФАЙЛ.xlsx или --gsheet ССЫЛКА_НА_GOOGLE_ТАБЛИЦУ "
                         "(что-то одно)")
    if out is not None:
        return xlsx_target(out)
    link = str(gsheet).strip()
    spreadsheet_key(link)
    return link


def google_account(settings: Settings) -> tuple[Client, str]:
    """The gspread client and the e-mail the seller shares the spreadsheet with, from the configured key."""
    path = settings.google_service_account_file.strip()
    if not path:
        raise InputError("не настроен сервисный аккаунт Google: укажите путь к его JSON-ключу в "
                         "OZWB_GOOGLE_SERVICE_ACCOUNT_FILE (ключ создаётся в Google Cloud Console)")
    client = client_from_service_account(path)
    return client, service_account_email(path)


def print_export_summary(console: Console, target: Path | str, report: ExportReport, remembered: int) -> None:
    console.print(f"Готово: {target}", markup=False, highlight=False)
    console.print(
        f"Товаров на Ozon: {report.products}, перенесено {report.exported_products}, "
        f"архивных пропущено {report.archived_skipped}."
    )
    console.print(
        f"Карточек WB: {report.cards} на {plural(report.subjects, 'листе', 'листах', 'листах')} предметов, "
        f"{plural(report.workbook.rows, 'строка', 'строки', 'строк')}."
    )
    doubtful = sum(s.doubtful_rows for s in report.workbook.sheets)
    if report.low_confidence_cards:
        rows = plural(doubtful, "строка", "строки", "строк")
        cards = plural(report.low_confidence_cards, "карточка", "карточки", "карточек")
        console.print(f"Проверьте предмет: {rows} ({cards}) с низкой уверенностью — они выделены жёлтым, "
                      "в столбце «Проверить предмет» стоит «Да».")
    else:
        console.print("Предметы подобраны уверенно; всё равно просмотрите столбец «Предмет».")
    if remembered:
        types = plural(remembered, "тип", "типа", "типов")
        console.print(f"Учтены предметы, которые вы уже подтвердили: {types} Ozon.")
    if isinstance(target, Path):
        console.print("Отредактируйте таблицу; сменили предмет — запустите «ozwb refresh».")
    else:  # refresh re-lays an xlsx only; in a Google Sheet a changed subject is fixed by a new export
        console.print("Отредактируйте таблицу; чтобы сменить предмет с его характеристиками, выгрузите заново "
                      "в новую таблицу.")


# --- shared with ``ozwb refresh`` -------------------------------------------------------------


def marketplace_settings(sandbox: str | None) -> Settings:
    settings = get_settings()
    if sandbox:
        if not sandbox.startswith(("http://", "https://")):
            raise InputError(f"--sandbox: нужен адрес вида http://127.0.0.1:8099, а не «{sandbox}»")
        return settings.for_sandbox(sandbox)
    missing = [name for name, value in (
        ("OZWB_OZON_CLIENT_ID", settings.ozon_client_id),
        ("OZWB_OZON_API_KEY", settings.ozon_api_key.get_secret_value()),
        ("OZWB_WB_TOKEN", settings.wb_token.get_secret_value()),
    ) if not value.strip()]
    if missing:
        raise InputError(f"не заданы ключи маркетплейсов: {', '.join(missing)} (или укажите --sandbox URL)")
    return settings


def open_seller_store(settings: Settings) -> Store:
    """The store with its schema up to date (the CLI may be the first to use the database)."""
    store = open_store(settings)
    try:
        upgrade_to_head(settings, store.engine)
    except StoreError:
        store.close()
        raise
    return store


def xlsx_target(path: Path) -> Path:
    if path.suffix.lower() != ".xlsx":
        raise InputError(f"«{path}»: книга должна быть в формате .xlsx")
    if path.is_dir():
        raise InputError(f"«{path}» — это папка; укажите имя файла .xlsx")
    if not path.parent.is_dir():
        raise InputError(f"папки «{path.parent}» нет")
    return path


@contextmanager
def replaced_atomically(target: Path) -> Iterator[Path]:
    """A scratch file beside ``target`` that replaces it only when the block succeeds.

    An existing ``target`` (the seller's own workbook) is never truncated or half-written:
    a failure leaves it exactly as it was.
    """
    scratch = target.with_name(f".{target.stem}.{secrets.token_hex(4)}.xlsx.tmp")
    try:
        scratch.touch(exist_ok=False)  # the umask's mode, unlike mkstemp's owner-only file
        if target.exists():
            shutil.copymode(target, scratch)
    except OSError as exc:
        raise InputError(f"не удалось записать в папку «{target.parent}»: {exc.strerror or exc}") from exc
    try:
        yield scratch
        try:
            os.replace(scratch, target)
        except OSError as exc:
            raise InputError(f"не удалось записать «{target}»: {exc.strerror or exc} "
                             "(файл открыт в другой программе?)") from exc
    finally:
        scratch.unlink(missing_ok=True)


def step_printer(console: Console, update: Callable[[str], None]) -> Callable[[str], None]:
    def show(step: str) -> None:
        console.print(f"[dim]•[/dim] {step}", highlight=False)
        update(f"{step}…")

    return show


def parse_markup(text: str) -> float:
    try:
        value = float(text.strip().rstrip("%").replace(",", "."))
    except ValueError:
        raise InputError(f"--markup: нужно число процентов, например 15, а не «{text}»") from None
    if not 0 <= value <= 1000:
        raise InputError(f"--markup: наценка от 0 до 1000 %, а не {text}")
    return value


def parse_rounding(text: str) -> Rounding:
    try:
        return Rounding(text.strip().lower())
    except ValueError:
        allowed = ", ".join(r.value for r in Rounding)
        raise InputError(f"--rounding: одно из {allowed}, а не «{text}»") from None


def parse_warehouses(items: list[str]) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for item in items:
        kind, _, number = item.partition("=")
        kind = kind.strip().lower()
        if kind not in STOCK_TYPES or not number.strip().isdigit():
            raise InputError(f"--warehouse: нужно тип=ID склада WB, тип — одно из {', '.join(STOCK_TYPES)}; "
                             f"например fbs=1093405, а не «{item}»")
        mapping[kind] = int(number)
    return mapping


def check_warehouses(wb: WbClient, mapping: dict[str, int]) -> None:
    if not mapping:
        return
    known = {w.id: w.name for w in wb.list_warehouses()}
    unknown = sorted({wid for wid in mapping.values() if wid not in known})
    if unknown:
        listed = "; ".join(f"{wid} {name}" for wid, name in sorted(known.items())) or "нет ни одного"
        raise InputError(f"--warehouse: склада {', '.join(map(str, unknown))} нет среди ваших складов WB "
                         f"({listed})")


def describe_error(exc: BaseException) -> str:
    """One Russian line for an expected failure; technical details only where they help."""
    if isinstance(exc, InputError):
        return str(exc)
    return describe_failure(exc, COMMAND_LINE)


def fail(exc: BaseException) -> NoReturn:
    Console(stderr=True, soft_wrap=True).print(f"Ошибка: {describe_error(exc)}", markup=False, highlight=False)
    raise typer.Exit(USAGE_ERROR) from exc
