"""The fake Google spreadsheet's state and its ``batchUpdate`` semantics (the parts ozwb uses).

Checks what Google checks and answers with Google's 400 texts: unknown sheet ids, ranges past the
grid, duplicate titles (case-insensitively), the 10-million-cell cap, list rules pointing nowhere.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

CELL_CAP = 10_000_000
_A1 = re.compile(r"^(?:'((?:[^']|'')*)'|([^'!]+))(?:!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?)?$")


class GoogleError(Exception):
    def __init__(self, status: int, message: str, reason: str = "INVALID_ARGUMENT") -> None:
        super().__init__(message)
        self.status, self.message, self.reason = status, message, reason


@dataclass
class FakeSheet:
    properties: dict[str, Any]
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)  # (row, column), 0-based
    formats: list[tuple[dict[str, Any], dict[str, Any], str]] = field(default_factory=list)  # grid, format, fields
    validations: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    merges: list[dict[str, Any]] = field(default_factory=list)
    protected: list[dict[str, Any]] = field(default_factory=list)
    metadata: list[dict[str, Any]] = field(default_factory=list)
    dimensions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.properties["title"])

    @property
    def size(self) -> tuple[int, int]:
        grid = self.properties["gridProperties"]
        return int(grid["rowCount"]), int(grid["columnCount"])

    def value(self, row: int, column: int) -> Any:
        """1-based, as a seller reads a cell address."""
        return self.cells.get((row - 1, column - 1))


@dataclass
class FakeSpreadsheet:
    spreadsheet_id: str
    title: str = "Каталог для WB"
    sheets: list[FakeSheet] = field(default_factory=list)
    shared: dict[str, str] = field(default_factory=dict)  # e-mail -> "reader" | "writer"

    def sheet(self, title: str) -> FakeSheet:
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        raise GoogleError(400, f"Unable to parse range: {title}")

    def by_id(self, sheet_id: Any) -> FakeSheet:
        for sheet in self.sheets:
            if sheet.properties["sheetId"] == sheet_id:
                return sheet
        raise GoogleError(400, f"No grid with id: {sheet_id}")

    def add_blank_sheet(self, title: str = "Лист1", rows: int = 1000, columns: int = 26) -> FakeSheet:
        sheet = FakeSheet({"sheetId": 0 if not self.sheets else len(self.sheets) * 7, "title": title,
                           "index": len(self.sheets), "sheetType": "GRID",
                           "gridProperties": {"rowCount": rows, "columnCount": columns}})
        self.sheets.append(sheet)
        return sheet

    def parse_range(self, text: str) -> tuple[FakeSheet, int, int, int | None, int | None]:
        """Sheet, first row, first column (0-based) and the end (exclusive, None = open) of an A1 range."""
        match = _A1.match(text)
        if match is None:
            raise GoogleError(400, f"Unable to parse range: {text}")
        quoted, plain, col1, row1, col2, row2 = match.groups()
        sheet = self.sheet(quoted.replace("''", "'") if quoted is not None else plain)
        if col1 is None:
            return sheet, 0, 0, None, None
        first_row, first_col = int(row1) - 1, column_index(col1)
        if col2 is None:
            return sheet, first_row, first_col, None, None
        return sheet, first_row, first_col, int(row2), column_index(col2) + 1

    def apply(self, requests_: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Apply a batchUpdate atomically: all requests or none."""
        staged = copy.deepcopy(self)
        replies = [staged.apply_one(i, r) for i, r in enumerate(requests_)]
        self.sheets = staged.sheets
        return replies

    def apply_one(self, index: int, request: dict[str, Any]) -> dict[str, Any]:
        if len(request) != 1:
            raise GoogleError(400, f"Invalid requests[{index}]: exactly one kind of request must be set")
        kind, body = next(iter(request.items()))
        handler = getattr(self, f"_{kind}", None)
        if handler is None:
            raise GoogleError(400, f"Invalid requests[{index}].{kind}: not emulated by the fake")
        reply: dict[str, Any] = handler(body)
        return reply

    def _addSheet(self, body: dict[str, Any]) -> dict[str, Any]:
        properties = copy.deepcopy(body.get("properties", {}))
        properties.setdefault("sheetId", max((s.properties["sheetId"] for s in self.sheets), default=0) + 1)
        properties.setdefault("title", f"Лист{len(self.sheets) + 1}")
        properties.setdefault("sheetType", "GRID")
        grid = properties.setdefault("gridProperties", {})
        grid.setdefault("rowCount", 1000)
        grid.setdefault("columnCount", 26)
        if any(s.properties["sheetId"] == properties["sheetId"] for s in self.sheets):
            raise GoogleError(400, f"Invalid requests[0].addSheet: Sheet with id {properties['sheetId']} already "
                                   "exists.")
        if any(s.title.casefold() == str(properties["title"]).casefold() for s in self.sheets):
            raise GoogleError(400, f"Invalid requests[0].addSheet: A sheet with the name \"{properties['title']}\" "
                                   "already exists. Please enter another name.")
        if grid.get("frozenRowCount", 0) >= grid["rowCount"] or grid.get("frozenColumnCount", 0) > grid["columnCount"]:
            raise GoogleError(400, "Invalid requests[0].addSheet: frozen rows or columns exceed the grid")
        sheet = FakeSheet(properties)
        if sum(s.size[0] * s.size[1] for s in self.sheets) + sheet.size[0] * sheet.size[1] > CELL_CAP:
            raise GoogleError(400, "Invalid requests[0].addSheet: This action would increase the number of cells "
                                   "in the workbook above the limit of 10000000 cells.")
        position = min(int(properties.get("index", len(self.sheets))), len(self.sheets))
        self.sheets.insert(position, sheet)
        for number, item in enumerate(self.sheets):
            item.properties["index"] = number
        return {"addSheet": {"properties": copy.deepcopy(properties)}}

    def _deleteSheet(self, body: dict[str, Any]) -> dict[str, Any]:
        sheet = self.by_id(body.get("sheetId"))
        if len(self.sheets) == 1:
            raise GoogleError(400, "Invalid requests[0].deleteSheet: You can't remove all the sheets in a document.")
        self.sheets.remove(sheet)
        return {}

    def _updateDimensionProperties(self, body: dict[str, Any]) -> dict[str, Any]:
        span = body["range"]
        sheet = self.by_id(span.get("sheetId"))
        limit = sheet.size[0] if span["dimension"] == "ROWS" else sheet.size[1]
        if not 0 <= span["startIndex"] < span["endIndex"] <= limit:
            raise GoogleError(400, f"Invalid requests[0].updateDimensionProperties: range {span} outside the grid")
        if not body.get("fields"):
            raise GoogleError(400, "Invalid requests[0].updateDimensionProperties: fields is required")
        sheet.dimensions.append(copy.deepcopy(body))
        return {}

    def _repeatCell(self, body: dict[str, Any]) -> dict[str, Any]:
        sheet = self.grid(body["range"])
        if not body.get("fields"):
            raise GoogleError(400, "Invalid requests[0].repeatCell: fields is required")
        sheet.formats.append((body["range"], body["cell"].get("userEnteredFormat", {}), body["fields"]))
        return {}

    def _mergeCells(self, body: dict[str, Any]) -> dict[str, Any]:
        span = body["range"]
        sheet = self.grid(span)
        grid = sheet.properties["gridProperties"]
        for start, end, frozen, what in (("startColumnIndex", "endColumnIndex", "frozenColumnCount", "columns"),
                                         ("startRowIndex", "endRowIndex", "frozenRowCount", "rows")):
            if span[start] < grid.get(frozen, 0) < span[end]:
                raise GoogleError(400, f"Invalid requests[0].mergeCells: You can't merge frozen and non-frozen {what}.")
        sheet.merges.append(span)
        return {}

    def _setDataValidation(self, body: dict[str, Any]) -> dict[str, Any]:
        sheet = self.grid(body["range"])
        condition = body["rule"]["condition"]
        values = [v.get("userEnteredValue", "") for v in condition.get("values", [])]
        kind = condition["type"]
        if kind == "ONE_OF_RANGE":
            if len(values) != 1 or not values[0].startswith("="):
                raise GoogleError(400, "Invalid requests[0].setDataValidation: ONE_OF_RANGE needs one =range")
            target, _row, _col, end_row, end_col = self.parse_range(values[0][1:])
            if end_row is None or end_col is None or end_row > target.size[0] or end_col > target.size[1]:
                raise GoogleError(400, f"Invalid requests[0].setDataValidation: bad range {values[0]}")
        elif (kind == "NUMBER_BETWEEN" and len(values) != 2) or (kind in ("ONE_OF_LIST",) and not values):
            raise GoogleError(400, f"Invalid requests[0].setDataValidation: wrong number of values for {kind}")
        elif kind == "CUSTOM_FORMULA" and (len(values) != 1 or not values[0].startswith("=")):
            raise GoogleError(400, "Invalid requests[0].setDataValidation: a custom formula starts with =")
        sheet.validations.append((body["range"], body["rule"]))
        return {}

    def _addProtectedRange(self, body: dict[str, Any]) -> dict[str, Any]:
        protected = copy.deepcopy(body["protectedRange"])
        if protected.get("warningOnly") and protected.get("editors"):
            raise GoogleError(400, "Invalid requests[0].addProtectedRange: editors with warningOnly")
        sheet = self.grid(protected["range"])
        protected["protectedRangeId"] = 100 + sum(len(s.protected) for s in self.sheets)
        sheet.protected.append(protected)
        return {"addProtectedRange": {"protectedRange": protected}}

    def _createDeveloperMetadata(self, body: dict[str, Any]) -> dict[str, Any]:
        metadata = copy.deepcopy(body["developerMetadata"])
        sheet = self.by_id(metadata["location"]["sheetId"])
        metadata["metadataId"] = 500 + sum(len(s.metadata) for s in self.sheets)
        metadata["location"]["locationType"] = "SHEET"
        sheet.metadata.append(metadata)
        return {"createDeveloperMetadata": {"developerMetadata": metadata}}

    def grid(self, span: dict[str, Any]) -> FakeSheet:
        sheet = self.by_id(span.get("sheetId"))
        rows, columns = sheet.size
        if span.get("endRowIndex", 0) > rows or span.get("endColumnIndex", 0) > columns or \
                span.get("startRowIndex", 0) >= span.get("endRowIndex", rows) or \
                span.get("startColumnIndex", 0) >= span.get("endColumnIndex", columns):
            raise GoogleError(400, f"Range ({sheet.title}!{span}) exceeds grid limits. Max rows: {rows}, "
                                   f"max columns: {columns}")
        return sheet


def column_index(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number - 1
