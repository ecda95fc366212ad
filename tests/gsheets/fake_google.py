"""A replaying fake of the Google Sheets API v4 behind a ``requests`` adapter, for gspread's client.

Every request is checked against Google's discovery document (method, query parameters, body) and
every answer against the response schema; a mismatch is answered 400 and kept in ``problems``. State
is kept per spreadsheet (``fake_grid``), so what a write stored is what a read returns. Faults are
scripted: ``fail(429, times=1, on="values:batchUpdate")`` answers the next matching call with 429;
status 0 drops the connection instead of answering.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import gspread
import requests
from requests.adapters import BaseAdapter

from tests.gsheets.discovery import find_method, parameter_problems, problems
from tests.gsheets.fake_grid import FakeSpreadsheet, GoogleError

ROBOT = "ozwb-export@ozwb-test.iam.gserviceaccount.com"
STATUS_NAMES = {400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED",
                500: "INTERNAL", 503: "UNAVAILABLE"}


@dataclass
class Call:
    method: str
    path: str
    params: dict[str, list[str]]
    body: Any
    body_bytes: int
    status: int


@dataclass
class Fault:
    status: int
    times: int
    on: str


@dataclass
class FakeGoogle(BaseAdapter):
    caller: str = ROBOT
    spreadsheets: dict[str, FakeSpreadsheet] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    def spreadsheet(self, key: str, *, role: str = "writer", blank_sheet: bool = True) -> FakeSpreadsheet:
        """A spreadsheet the seller created and shared with ``caller`` as ``role`` ("" = not shared)."""
        found = FakeSpreadsheet(key)
        if blank_sheet:
            found.add_blank_sheet()
        if role:
            found.shared[self.caller] = role
        self.spreadsheets[key] = found
        return found

    def client(self) -> gspread.Client:
        session = requests.Session()
        session.mount("https://", self)
        return gspread.Client(auth=None, session=session)  # type: ignore[arg-type]

    def fail(self, status: int, *, times: int = 1, on: str = "") -> None:
        self.faults.append(Fault(status, times, on))

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
             verify: bool | str = True, cert: Any = None, proxies: Any = None) -> requests.Response:
        url = urlsplit(str(request.url))
        path = unquote(url.path).lstrip("/")
        params = parse_qs(url.query, keep_blank_values=True)
        raw = request.body or b""
        data = raw.encode() if isinstance(raw, str) else raw if isinstance(raw, bytes) else b""
        body = json.loads(data) if data else None
        for fault in self.faults:
            if fault.status == 0 and fault.times > 0 and fault.on in f"{request.method} {path}":
                fault.times -= 1
                self.calls.append(Call(str(request.method), path, params, body, len(data), 0))
                raise requests.ConnectionError("Connection reset by peer")
        status, answer = self._answer(str(request.method), path, params, body)
        self.calls.append(Call(str(request.method), path, params, body, len(data), status))
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(answer, ensure_ascii=False).encode()
        response.headers["Content-Type"] = "application/json; charset=UTF-8"
        response.url = str(request.url)
        response.request = request
        return response

    def close(self) -> None:
        pass

    def _answer(self, method: str, path: str, params: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        for fault in self.faults:
            if fault.status and fault.times > 0 and fault.on in f"{method} {path}":
                fault.times -= 1
                return fault.status, _error(fault.status, "Quota exceeded for quota metric 'Write requests' and "
                                            "limit 'Write requests per minute per user'" if fault.status == 429
                                            else "The service is currently unavailable.")
        try:
            api = find_method(method, path)
        except LookupError as exc:
            return self._problem(str(exc))
        found = parameter_problems(api, params) + (problems(api.request, body) if api.request else [])
        if found:
            return self._problem(f"{api.id}: " + "; ".join(found[:5]))
        try:
            answer = self._dispatch(api.id, path, params, body)
        except GoogleError as exc:
            return exc.status, _error(exc.status, exc.message)
        bad_answer = problems(api.response, answer) if api.response else []
        if bad_answer:
            self.problems.append(f"the fake answered {api.id} off-schema: {bad_answer[:3]}")
        return 200, answer

    def _problem(self, text: str) -> tuple[int, Any]:
        self.problems.append(text)
        return 400, _error(400, f"Invalid JSON payload received. {text}")

    def _dispatch(self, method_id: str, path: str, params: dict[str, list[str]], body: Any) -> Any:
        key = path.split("/")[2].split(":", maxsplit=1)[0]
        sheet = self.spreadsheets.get(key)
        if sheet is None:
            raise GoogleError(404, "Requested entity was not found.", "NOT_FOUND")
        role = sheet.shared.get(self.caller, "")
        writes = method_id.endswith("batchUpdate")
        if not role or (writes and role != "writer"):
            raise GoogleError(403, "The caller does not have permission", "PERMISSION_DENIED")
        if method_id == "sheets.spreadsheets.get":
            return _metadata(sheet)
        if method_id == "sheets.spreadsheets.batchUpdate":
            return {"spreadsheetId": key, "replies": sheet.apply(body["requests"])}
        if method_id == "sheets.spreadsheets.values.batchUpdate":
            return _write_values(sheet, body)
        if method_id == "sheets.spreadsheets.values.batchGet":
            return {"spreadsheetId": key, "valueRanges": [_read_range(sheet, r) for r in params.get("ranges", [])]}
        raise GoogleError(400, f"{method_id} is not emulated by the fake")


def _error(status: int, message: str) -> dict[str, Any]:
    return {"error": {"code": status, "message": message, "status": STATUS_NAMES.get(status, "UNKNOWN")}}


def _metadata(book: FakeSpreadsheet) -> dict[str, Any]:
    sheets = []
    for sheet in book.sheets:
        item: dict[str, Any] = {"properties": sheet.properties}
        if sheet.metadata:
            item["developerMetadata"] = sheet.metadata
        if sheet.protected:
            item["protectedRanges"] = sheet.protected
        sheets.append(item)
    return {"spreadsheetId": book.spreadsheet_id, "properties": {"title": book.title, "locale": "ru_RU"},
            "sheets": sheets, "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{book.spreadsheet_id}/edit"}


def _write_values(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    option = body.get("valueInputOption")
    if option not in ("RAW", "USER_ENTERED"):
        raise GoogleError(400, "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED")
    staged: list[tuple[Any, int, int, Any]] = []
    responses = []
    for item in body.get("data", []):
        sheet, row0, col0, _end_row, _end_col = book.parse_range(item["range"])
        by_columns = item.get("majorDimension") == "COLUMNS"
        rows_max, cols_max = sheet.size
        cells = 0
        for i, line in enumerate(item.get("values", [])):
            for j, value in enumerate(line):
                row, col = (row0 + j, col0 + i) if by_columns else (row0 + i, col0 + j)
                if row >= rows_max or col >= cols_max:
                    raise GoogleError(400, f"Range ('{sheet.title}'!{item['range']}) exceeds grid limits. "
                                           f"Max rows: {rows_max}, max columns: {cols_max}")
                if value is None:
                    continue  # Google: null values are skipped
                if option == "USER_ENTERED" and isinstance(value, str) and value.startswith("="):
                    # what RAW prevents: the text would become a live formula
                    staged.append((sheet, row, col, ("formula", value)))
                else:
                    staged.append((sheet, row, col, value))
                cells += 1
        responses.append({"spreadsheetId": book.spreadsheet_id, "updatedRange": item["range"], "updatedCells": cells})
    for sheet, row, col, value in staged:
        sheet.cells[(row, col)] = value
    return {"spreadsheetId": book.spreadsheet_id, "totalUpdatedCells": len(staged),
            "totalUpdatedSheets": len({id(s) for s, *_ in staged}), "responses": responses}


def _read_range(book: FakeSpreadsheet, text: str) -> dict[str, Any]:
    sheet, row0, col0, end_row, end_col = book.parse_range(text)
    rows_max, cols_max = sheet.size
    end_row, end_col = end_row or rows_max, end_col or cols_max
    inside = [(r, c) for (r, c) in sheet.cells if row0 <= r < end_row and col0 <= c < end_col]
    values: list[list[Any]] = []
    if inside:
        last_row = max(r for r, _ in inside)
        for r in range(row0, last_row + 1):
            line_cols = [c for (rr, c) in inside if rr == r]
            line = [sheet.cells.get((r, c), "") for c in range(col0, max(line_cols) + 1)] if line_cols else []
            values.append(line)
    answer: dict[str, Any] = {"range": text, "majorDimension": "ROWS"}
    if values:
        answer["values"] = values
    return answer
