"""Receiving a seller's workbook: size limit while copying, then a real file-type check.

The name and the Content-Type the browser sends prove nothing; an xlsx is a zip archive whose
``[Content_Types].xml`` declares a spreadsheet. Anything else is refused before it is validated
or kept. Deeper checks (encryption, zip bombs, huge sheets) are the validator's file-level ones.
"""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path
from typing import IO

from api.errors import ApiError, PayloadTooLargeError
from engine.jobs import UploadTooLargeError, save_upload
from engine.settings import Settings
from engine.validation.container import CFB_MAGIC, ZIP_MAGIC

SPREADSHEET_TYPE = b"spreadsheetml.sheet.main"
CONTENT_TYPES = "[Content_Types].xml"
MAX_CONTENT_TYPES = 1 << 20
NAME_LIMIT = 255


class NotAWorkbookError(ApiError):
    status = 400
    code = "not_xlsx"


def receive_workbook(settings: Settings, owner_id: int, stream: IO[bytes]) -> Path:
    """The upload stored in the owner's folder, or :class:`ApiError` (too large / not an xlsx)."""
    try:
        path = save_upload(settings, owner_id, stream, settings.upload_max_bytes)
    except UploadTooLargeError as exc:
        limit = size_text(settings.upload_max_bytes)
        raise PayloadTooLargeError(f"Файл больше {limit}: загрузите файл поменьше или разделите таблицу.") from exc
    problem = workbook_type_problem(path)
    if problem:
        path.unlink(missing_ok=True)
        raise NotAWorkbookError(problem)
    return path


def workbook_type_problem(path: Path) -> str:
    """Why the file is not an xlsx workbook (Russian), or "" when it is one."""
    with path.open("rb") as stream:
        head = stream.read(8)
    if not head:
        return "Файл пустой. Выберите таблицу .xlsx."
    if head.startswith(CFB_MAGIC):
        return ("Это файл старого формата Excel (.xls) или защищённый паролем. Откройте его и сохраните как "
                "«Книга Excel (.xlsx)» без пароля.")
    if not head.startswith(ZIP_MAGIC):
        return "Это не таблица Excel (.xlsx). Загрузите файл, который выгрузил ozwb, или сохраните таблицу как .xlsx."
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(CONTENT_TYPES)
            if info.file_size > MAX_CONTENT_TYPES:
                return "Файл повреждён: это не таблица Excel (.xlsx)."
            declared = archive.read(info)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return "Файл повреждён или это архив, а не таблица Excel (.xlsx). Сохраните таблицу заново как .xlsx."
    if SPREADSHEET_TYPE not in declared:
        return "Это документ другого типа (не таблица Excel .xlsx). Загрузите таблицу."
    return ""


def size_text(size: int) -> str:
    """``52428800`` → "50 МБ", ``4096`` → "4 КБ" (limits as sellers read them)."""
    if size >= 1 << 20:
        return f"{size / (1 << 20):.3g} МБ".replace(".", ",")
    return f"{max(1, size // 1024)} КБ"


def display_name(filename: str | None) -> str:
    """The upload's name as the seller will see it (no folders, no control or format characters, bounded length).

    The name ends up in sheet cells (openpyxl refuses control characters) and on pages, where a right-to-left
    override would disguise it.
    """
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C")).strip()
    return name[:NAME_LIMIT] or "таблица.xlsx"
