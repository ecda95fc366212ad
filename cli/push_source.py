"""Where ``ozwb push`` takes the catalog from: an xlsx file, or a Google Sheet that also gets the results back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gspread import Client
from rich.console import Console

from cli.export import InputError, google_account
from engine.gsheets import read_google_sheet
from engine.gsheets.address import spreadsheet_key
from engine.push import PreparedPush, prepare_push
from engine.push.prepare import prepare_push_content
from engine.results import GoogleResults
from engine.settings import Settings
from engine.wb.client import WbClient


@dataclass
class PushSource:
    """An xlsx (``path``) or a Google Sheet (``link``); the Google client is made once, when it is read."""

    path: Path | None = None
    link: str | None = None
    google: tuple[Client, str] | None = None
    settings: Settings | None = None

    @property
    def name(self) -> str:
        return self.path.name if self.path is not None else str(self.link)

    def prepare(self, wb: WbClient, settings: Settings) -> PreparedPush:
        if self.path is not None:
            return prepare_push(self.path, wb)
        self.google = google_account(settings)
        self.settings = settings
        client, email = self.google
        content = read_google_sheet(str(self.link), client=client, service_account_email=email, settings=settings)
        return prepare_push_content(content, wb)


def push_source(workbook: Path | None, gsheet: str | None) -> PushSource:
    if (workbook is None) == (gsheet is None):
        raise InputError("укажите, что переносить: файл .xlsx или --gsheet ССЫЛКА_НА_GOOGLE_ТАБЛИЦУ (что-то одно)")
    if workbook is not None:
        if not workbook.is_file():
            raise InputError(f"файла «{workbook}» нет")
        return PushSource(path=workbook)
    link = str(gsheet).strip()
    spreadsheet_key(link)  # a malformed link is refused before anything is read
    return PushSource(link=link)


def tell_write_back(console: Console, written: GoogleResults | None) -> None:
    """What went back into the Google Sheet (nothing on a dry run: its planned rows carry no WB ids, and the
    sheet keeps what a real push wrote)."""
    if written is None:
        console.print("Пробный запуск: Google-таблица не изменена, результат — только в файле.")
        return
    console.print(f"Результат записан и в Google-таблицу: {written.cells} ячеек, лист «Итоги переноса».",
                  markup=False, highlight=False)
    if written.missing_sheets:
        console.print("Листы переименованы или удалены после чтения, их результат только в файле: "
                      + ", ".join(f"«{t}»" for t in written.missing_sheets), markup=False, highlight=False)
