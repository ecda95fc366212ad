"""The discovery-document checks can fail: they catch what Google itself would refuse."""

from __future__ import annotations

import pytest

from engine.gsheets.errors import GoogleApiError
from engine.gsheets.service import SheetsService
from engine.gsheets.structure import add_sheet
from engine.ratelimit import UnlimitedRateLimiter
from tests.gsheets.conftest import KEY
from tests.gsheets.discovery import find_method, parameter_problems, problems
from tests.gsheets.fake_google import FakeGoogle


def test_a_valid_request_has_no_problems() -> None:
    assert problems("BatchUpdateSpreadsheetRequest", {"requests": [add_sheet(7, "Лист", 0, 10, 3)]}) == []


@pytest.mark.parametrize(("body", "expected"), [
    ({"requests": [{"addSheet": {"properties": {"titel": "x"}}}]}, "'titel' was unexpected"),
    ({"requests": [{"addSheet": {"properties": {"sheetId": "7"}}}]}, "is not of type 'integer'"),
    ({"requests": [{"addSheet": {"properties": {"sheetId": 2**31}}}]}, "is greater than the maximum"),
    ({"requests": [{"setDataValidation": {"rule": {"condition": {"type": "ONE_OF_SHEET"}}}}]}, "is not one of"),
    ({"data": [{"values": [[1]]}], "valueInputOption": "PARSED"}, "is not one of"),
])
def test_malformed_bodies_are_caught(body: dict[str, object], expected: str) -> None:
    schema = "BatchUpdateValuesRequest" if "data" in body else "BatchUpdateSpreadsheetRequest"
    found = problems(schema, body)
    assert any(expected in p for p in found), found


def test_query_parameters_are_checked() -> None:
    method = find_method("GET", "v4/spreadsheets/abc/values:batchGet")
    assert parameter_problems(method, {"ranges": ["A1", "B2"], "valueRenderOption": ["UNFORMATTED_VALUE"]}) == []
    assert parameter_problems(method, {"valueRenderOption": ["RAW"]})
    assert parameter_problems(method, {"rangez": ["A1"]})


def test_the_fake_answers_an_invalid_body_with_400(fake: FakeGoogle) -> None:
    fake.spreadsheet(KEY)
    service = SheetsService(fake.client(), KEY, limiter=UnlimitedRateLimiter())
    with pytest.raises(GoogleApiError) as caught:
        service.batch_update([{"addSheet": {"properties": {"titel": "x"}}}])
    assert caught.value.status == 400
    assert fake.problems and "titel" in fake.problems[0]
