"""Sheets and defined names of an xlsx, read straight from ``xl/workbook.xml``.

That part is a few kilobytes however big the workbook is, so this skips loading the
shared strings and styles that even openpyxl's read-only mode parses up front.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from lxml import etree

from engine.workbook.errors import UnreadableWorkbookError

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
# 'Sheet name'!$D$3 or Sheet!$D$3 (a single cell; ranges and formulas are not ours)
_CELL_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+)$")


@dataclass(frozen=True, slots=True)
class NamedCell:
    name: str
    column: int  # 1-based
    row: int  # 1-based


@dataclass(slots=True)
class SheetNames:
    """A sheet of the workbook and the defined names that point at single cells on it."""

    title: str
    state: str
    cells: list[NamedCell] = field(default_factory=list)


def read_sheet_names(source: str | Path | IO[bytes]) -> list[SheetNames]:
    """Every sheet in workbook order with its names: sheet-scoped ones, and global ones that point at it."""
    try:
        with zipfile.ZipFile(source) as archive:
            xml = archive.read("xl/workbook.xml")
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise UnreadableWorkbookError(f"not an xlsx workbook: {exc}") from exc
    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise UnreadableWorkbookError(f"broken xl/workbook.xml: {exc}") from exc
    ns = _STRICT_NS if root.tag == f"{{{_STRICT_NS}}}workbook" else _MAIN_NS
    sheets = [
        SheetNames(str(s.get("name", "")), str(s.get("state", "visible")))
        for s in root.iterfind(f"{{{ns}}}sheets/{{{ns}}}sheet")
    ]
    by_title = {s.title: s for s in sheets}
    for item in root.iterfind(f"{{{ns}}}definedNames/{{{ns}}}definedName"):
        for sheet_title, cell in _cells(item):
            local = item.get("localSheetId")
            if local is not None:
                index = int(local) if local.isdigit() else -1
                if not 0 <= index < len(sheets) or sheets[index].title != sheet_title:
                    continue  # a sheet-scoped name pointing elsewhere is not a header of that sheet
                sheets[index].cells.append(cell)
            elif sheet_title in by_title:
                by_title[sheet_title].cells.append(cell)
    return sheets


def _cells(item: etree._Element) -> Iterator[tuple[str, NamedCell]]:
    name = item.get("name") or ""
    match = _CELL_REF.match((item.text or "").strip())
    if not name or match is None or name.startswith("_xlnm."):
        return
    quoted, plain, letters, row = match.groups()
    title = quoted.replace("''", "'") if quoted is not None else plain
    yield title, NamedCell(name, _column_number(letters), int(row))


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - ord("A") + 1
    return number
