"""Checks on the xlsx container before any cell is loaded: is it a workbook, is it safe to open.

A seller's upload is untrusted: an encrypted or old-format file, a zip bomb or a sheet that claims
a million columns must end in one clear message, not in a parser eating the machine's memory. The
same pass finds formulas the seller typed (python-calamine only sees their cached values).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from lxml import etree

from engine.issues import FileProblem, IssueCode
from engine.validation.errors import FileRejectedError

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file: encrypted OOXML or legacy .xls
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
MAX_MEMBERS = 10_000
MAX_UNCOMPRESSED = 4 << 30  # 100,000 rows of our layout unpack to ≈ 700 MB of XML
MAX_RATIO = 200  # sheet XML compresses 10–50×; a bomb compresses thousands of times
RATIO_FLOOR = 16 << 20  # small parts may compress absurdly well without harm
MAX_ROWS = 500_000  # per sheet; WB catalogs are far smaller, Excel's own cap is 1,048,576
MAX_COLUMNS = 2_000
_CHUNK = 4 << 20
_HEAD = 64 << 10

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            "http://purl.oclc.org/ooxml/officeDocument/relationships")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?\"")
_FORMULA_END = b"</f>"  # a prefixed </x:f> (rare writers) is not looked for: one search must stay cheap
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")

Source = str | Path | IO[bytes]


@dataclass(frozen=True, slots=True)
class FormulaCell:
    row: int
    column: int  # 1-based
    text: str  # the formula without "=", or "" for a cell sharing another cell's formula


@dataclass(slots=True)
class ContainerFacts:
    """What the pre-load pass learnt: each sheet's formula cells, by sheet title."""

    formulas: dict[str, list[FormulaCell]] = field(default_factory=dict)


def reject(code: IssueCode, message: str) -> FileRejectedError:
    return FileRejectedError(FileProblem(code, message))


def inspect_container(source: str | Path | io.BytesIO) -> ContainerFacts:
    """Refuse what must not be opened; report where formulas are. ``source`` is a path or in-memory bytes."""
    head = _head(source)
    if head.startswith(CFB_MAGIC):
        if _is_encrypted(source):
            raise reject(IssueCode.ENCRYPTED, "Файл защищён паролем. Снимите пароль (Файл → Сведения → Защита "
                                              "книги) и сохраните таблицу как «Книга Excel (.xlsx)».")
        raise reject(IssueCode.NOT_A_WORKBOOK, "Это файл старого формата Excel (.xls). Откройте его и сохраните "
                                               "как «Книга Excel (.xlsx)».")
    if not head.startswith(ZIP_MAGIC):
        raise reject(IssueCode.NOT_A_WORKBOOK, "Это не таблица Excel (.xlsx). Загрузите файл, который выгрузил "
                                               "ozwb, или сохраните таблицу как «Книга Excel (.xlsx)».")
    try:
        with zipfile.ZipFile(source) as archive:
            _check_sizes(archive)
            return ContainerFacts(formulas=dict(_scan_sheets(archive)))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, etree.XMLSyntaxError) as exc:
        raise reject(IssueCode.NOT_A_WORKBOOK, "Файл повреждён: его не удаётся открыть как таблицу Excel. "
                                               "Сохраните таблицу заново как «Книга Excel (.xlsx)».") from exc
    finally:
        if isinstance(source, io.BytesIO):
            source.seek(0)


def _head(source: str | Path | io.BytesIO) -> bytes:
    if isinstance(source, io.BytesIO):
        source.seek(0)
        head = source.read(8)
        source.seek(0)
        return head
    try:
        with open(source, "rb") as handle:
            return handle.read(8)
    except OSError as exc:
        raise reject(IssueCode.NOT_A_WORKBOOK, "Файл не найден или не читается: проверьте путь к нему.") from exc


def _is_encrypted(source: str | Path | io.BytesIO) -> bool:
    """An encrypted OOXML file is a compound file holding these two streams; a legacy .xls holds neither."""
    data = source.getvalue() if isinstance(source, io.BytesIO) else Path(source).read_bytes()
    return any(marker in data for marker in _ENCRYPTED_MARKERS)


def _too_large(message: str) -> FileRejectedError:
    return reject(IssueCode.TOO_LARGE, f"{message} Такой файл ozwb не открывает: проверьте, что это ваша "
                                       "таблица, и удалите лишние строки и столбцы.")


def _check_sizes(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _too_large(f"В файле {len(members)} частей — это не похоже на таблицу.")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise _too_large(f"Распакованный файл занял бы {total >> 20} МБ.")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise _too_large(f"Файл сжат в {ratio:.0f} раз — так выглядит «zip-бомба», а не таблица.")
    if "xl/workbook.xml" not in archive.namelist():
        raise reject(IssueCode.NOT_A_WORKBOOK, "Это zip-архив, но не таблица Excel (.xlsx).")


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet title, zip member) of every worksheet, in workbook order."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    book = etree.fromstring(archive.read("xl/workbook.xml"), parser=parser)
    ns = _STRICT_NS if book.tag == f"{{{_STRICT_NS}}}workbook" else _MAIN_NS
    try:
        rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), parser=parser)
    except KeyError:
        return []
    targets = {r.get("Id"): str(r.get("Target", "")) for r in rels.iterfind(f"{{{_REL_NS}}}Relationship")}
    found: list[tuple[str, str]] = []
    for sheet in book.iterfind(f"{{{ns}}}sheets/{{{ns}}}sheet"):
        rel_id = next((sheet.get(f"{{{n}}}id") for n in _DOC_REL if sheet.get(f"{{{n}}}id")), None)
        target = targets.get(rel_id, "")
        if not target:
            continue
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        found.append((str(sheet.get("name", "")), member))
    return found


def _scan_sheets(archive: zipfile.ZipFile) -> Iterator[tuple[str, list[FormulaCell]]]:
    names = set(archive.namelist())
    for title, member in _sheet_parts(archive):
        if member not in names:
            continue
        if _scan_sheet(archive, title, member):
            yield title, _formula_cells(archive, member)


def _scan_sheet(archive: zipfile.ZipFile, title: str, member: str) -> bool:
    """Check the sheet's size claims while streaming it; True if it holds a formula.

    Plain byte searches, not XML parsing: this pass reads every byte of every sheet, so it must cost
    little more than the decompression. Any formula with text ends in ``</f>`` (a cell sharing a
    formula has none, but the cell it shares with does); the overlap catches a tag split across chunks.
    Rows are numbered, so the last ``<row r="…">`` seen tells how far down the sheet goes.
    """
    has_formula = False
    last_row = 0
    tail = b""
    with archive.open(member) as stream:
        first = True
        while chunk := stream.read(_CHUNK):
            if first:
                _check_dimension(title, chunk[:_HEAD])
                first = False
            has_formula = has_formula or _FORMULA_END in tail + chunk[:8] or _FORMULA_END in chunk
            last_row = max(last_row, _last_row(chunk))
            if last_row > MAX_ROWS:
                raise _too_large(f"На листе «{title}» больше {MAX_ROWS:,} строк.".replace(",", " "))
            tail = chunk[-8:]
    return has_formula


def _last_row(chunk: bytes) -> int:
    at = chunk.rfind(b'<row r="')
    if at < 0:
        return 0
    end = chunk.find(b'"', at + 8, at + 20)
    digits = chunk[at + 8:end] if end > 0 else b""
    return int(digits) if digits.isdigit() else 0


def _check_dimension(title: str, head: bytes) -> None:
    match = _DIMENSION.search(head)
    if match is None:
        return
    last_letters, last_row = (match.group(3), match.group(4)) if match.group(3) else (match.group(1), match.group(2))
    rows = int(last_row) if last_row else 0
    columns = _column_number(last_letters.decode()) if last_letters else 0
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise _too_large(f"Лист «{title}» объявляет размер {rows:,} строк × {columns:,} столбцов."
                         .replace(",", " "))


def _formula_cells(archive: zipfile.ZipFile, member: str) -> list[FormulaCell]:
    """Exact positions and texts, parsed only for the rare sheet that holds formulas."""
    found: list[FormulaCell] = []
    with archive.open(member) as stream:
        for _, element in etree.iterparse(stream, events=("end",), resolve_entities=False, no_network=True,
                                          huge_tree=True):
            name = etree.QName(element).localname
            if name == "c":
                formula = next((c for c in element if etree.QName(c).localname == "f"), None)
                match = _CELL_REF.match(element.get("r", ""))
                if formula is not None and match is not None:
                    found.append(FormulaCell(int(match.group(2)), _column_number(match.group(1)),
                                             formula.text or ""))
            elif name == "row":
                # Drop finished rows so a big sheet is parsed in flat memory.
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    return found


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - ord("A") + 1
    return number
