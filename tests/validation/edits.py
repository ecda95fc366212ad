"""What sellers and other programs do to our workbooks, done to files for the malformed corpus.

Cell edits go through openpyxl as a seller's typing would; what openpyxl cannot express (Excel's x14
validations, a lying ``<dimension>``, encrypted containers) is written into the zip directly.
Every output is normalised (fixed zip timestamps and document dates), so regenerating the corpus
gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.workbook.defined_name import DefinedName

_REF = re.compile(r"^(.*)!\$([A-Z]+)\$(\d+)$")
FIXED_TIME = (2026, 1, 1, 0, 0, 0)
_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


class Formula(str):
    """A value to type as a formula (anything else is typed as text or a number)."""

    __slots__ = ()


def columns_of(ws) -> dict[str, int]:
    found = {}
    for name, defined in ws.defined_names.items():
        match = _REF.match(defined.attr_text)
        if match:
            found[name] = column_index_from_string(match.group(2))
    return found


def edit(src: Path, dst: Path, sheet: str, changes: Mapping[tuple[int, str], object]) -> None:
    """Set cells by (row, column key) as a seller types them."""
    wb = openpyxl.load_workbook(src)
    ws = wb[sheet]
    cols = columns_of(ws)
    for (row, key), value in changes.items():
        cell = ws.cell(row, cols[key])
        cell.value = str(value) if isinstance(value, Formula) else value
        if isinstance(value, str) and not isinstance(value, Formula):
            cell.data_type = "s"
    wb.save(dst)
    normalise(dst)


def delete_column(src: Path, dst: Path, sheet: str, key: str) -> None:
    """Delete a column as Excel does: cells shift left, its name dies, the names right of it follow."""
    wb = openpyxl.load_workbook(src)
    ws = wb[sheet]
    for merged in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(merged))
    gone = columns_of(ws)[key]
    ws.delete_cols(gone)
    for name, defined in list(ws.defined_names.items()):
        match = _REF.match(defined.attr_text)
        if not match:
            continue
        column = column_index_from_string(match.group(2))
        if column == gone:
            del ws.defined_names[name]
        elif column > gone:
            ref = f"{match.group(1)}!${get_column_letter(column - 1)}${match.group(3)}"
            ws.defined_names[name] = DefinedName(name, attr_text=ref)
    wb.save(dst)
    normalise(dst)


def rearrange(src: Path, dst: Path, sheet: str, *, hide: tuple[int, ...], extra: tuple[str, list[object]],
              blank_rows: int) -> None:
    """Reverse the columns (names follow their headers), hide some, add a seller's column and blank rows."""
    wb = openpyxl.load_workbook(src)
    ws = wb[sheet]
    for merged in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(merged))
    width, height = ws.max_column, ws.max_row
    grid = {(c.row, c.column): (c.value, c.data_type) for row in ws.iter_rows() for c in row}
    for r in range(1, height + 1):
        for new in range(1, width + 1):
            value, data_type = grid.get((r, width + 1 - new), (None, "n"))
            cell = ws.cell(r, new)
            cell.value = value
            if data_type == "s" and value is not None:
                cell.data_type = "s"
    for name, defined in list(ws.defined_names.items()):
        match = _REF.match(defined.attr_text)
        if match:
            old = column_index_from_string(match.group(2))
            ref = f"{match.group(1)}!${get_column_letter(width + 1 - old)}${match.group(3)}"
            ws.defined_names[name] = DefinedName(name, attr_text=ref)
    for column in hide:
        ws.column_dimensions[get_column_letter(column)].hidden = True
    header, values = extra
    ws.cell(3, width + 1).value = header
    for offset, value in enumerate(values):
        ws.cell(5 + offset, width + 1).value = value
    add_blank_rows(ws, height + 1, blank_rows)
    wb.save(dst)
    normalise(dst)


def add_blank_rows(ws, first: int, count: int) -> None:
    """Rows that look empty but are not: spaces, empty strings, formatting only."""
    for r in range(first, first + count):
        ws.cell(r, 2).value = "   "
        ws.cell(r, 2).data_type = "s"
        ws.cell(r, 5).value = ""
        ws.cell(r, 7).number_format = "0.00"


def with_blank_rows(src: Path, dst: Path, sheet: str, count: int) -> None:
    wb = openpyxl.load_workbook(src)
    ws = wb[sheet]
    add_blank_rows(ws, ws.max_row + 1, count)
    wb.save(dst)
    normalise(dst)


def sheet_member(archive: zipfile.ZipFile, title: str) -> str:
    book = archive.read("xl/workbook.xml").decode()
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rel_id = re.search(rf'name="{re.escape(title)}"[^>]*r:id="([^"]+)"', book)
    assert rel_id, title
    target = re.search(rf'Id="{rel_id.group(1)}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'Target="([^"]+)"[^>]*Id="{rel_id.group(1)}"', rels)
    assert target, rel_id.group(1)
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def rewrite_sheet(src: Path, dst: Path, title: str, change: Callable[[bytes], bytes]) -> None:
    """Change one sheet's XML inside the zip, leaving every other part as it was."""
    with zipfile.ZipFile(src) as archive:
        member = sheet_member(archive, title)
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    parts[member] = change(parts[member])
    write_zip(dst, parts)


def write_zip(dst: Path, parts: Mapping[str, bytes], *, level: int = 6) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, _DATES.sub(rb"\g<1>2026-01-01T00:00:00Z\g<2>", data) if name.startswith(
                "docProps/") else data)
    dst.write_bytes(buffer.getvalue())


def normalise(path: Path) -> None:
    """Same content, same bytes: fixed member timestamps and document dates."""
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    write_zip(path, parts)


def encrypted_container() -> bytes:
    """A minimal OLE2 compound file shaped like an encrypted OOXML package (what Excel saves with a password)."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:26] = (0x3E).to_bytes(2, "little")  # minor version
    header[26:28] = (3).to_bytes(2, "little")  # major version 3: 512-byte sectors
    header[28:30] = (0xFFFE).to_bytes(2, "little")  # little-endian
    header[30:32] = (9).to_bytes(2, "little")
    header[32:34] = (6).to_bytes(2, "little")
    directory = bytearray(512)
    for slot, name in enumerate(("Root Entry", "EncryptionInfo", "EncryptedPackage")):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry = slot * 128
        directory[entry:entry + len(encoded)] = encoded
        directory[entry + 64:entry + 66] = len(encoded).to_bytes(2, "little")
        directory[entry + 66] = 5 if slot == 0 else 2
    return bytes(header) + bytes(directory) + bytes(512)


def legacy_xls_container() -> bytes:
    """A compound file without encryption streams: what an old .xls looks like from outside."""
    data = bytearray(encrypted_container())
    for marker in ("EncryptionInfo", "EncryptedPackage"):
        encoded = marker.encode("utf-16-le")
        start = data.find(encoded)
        data[start:start + len(encoded)] = "Workbook".encode("utf-16-le").ljust(len(encoded), b"\x00")
    return bytes(data)


def zip_bomb(dst: Path, megabytes: int = 64) -> None:
    """A tiny zip that claims to be a workbook and unpacks a sheet of ``megabytes`` of nothing."""
    filler = b" " * (megabytes << 20)
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                               b'content-types"/>',
        "xl/workbook.xml": b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets>'
                           b'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
                           b'name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/worksheets/sheet1.xml": b"<worksheet>" + filler + b"</worksheet>",
    }
    write_zip(dst, parts, level=9)
