"""Content reads: categories, subjects, charcs, directories, brands, barcodes, limits, ping."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from sandbox.wb import content_api
from sandbox.wb.barcodes import is_valid_gtin
from tests.sandbox_wb.helpers import TSHIRT, WbClient


def data(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["error"] is False and body["errorText"] == ""
    return body["data"]


def test_ping_answers_ok(wb):
    body = wb.get("/ping").json()
    assert body["Status"] == "OK" and body["TS"]


def test_parents_come_from_the_samples(wb):
    parents = data(wb.get("/content/v2/object/parent/all"))
    assert {"id": 1, "name": "Одежда", "isVisible": True} in parents


def test_subjects_filter_by_name_and_parent(wb):
    found = data(wb.get("/content/v2/object/all", params={"name": "футбол", "limit": 1000}))
    assert {s["subjectName"] for s in found} >= {"Футболки"}
    assert all("футбол" in s["subjectName"].lower() for s in found)
    shoes = data(wb.get("/content/v2/object/all", params={"parentID": 2, "limit": 1000}))
    assert shoes and all(s["parentID"] == 2 for s in shoes)


def test_subjects_page_with_default_limit_30_and_offset(wb):
    everything = data(wb.get("/content/v2/object/all", params={"limit": 1000}))
    first = data(wb.get("/content/v2/object/all"))
    second = data(wb.get("/content/v2/object/all", params={"offset": 30}))
    assert len(first) == 30 and first + second[:5] == everything[:35]


@pytest.mark.parametrize("params", [{"limit": 5000}, {"limit": "x"}, {"offset": -3}, {"parentID": "abc"}])
def test_odd_subject_paging_is_clamped_not_refused(wb, params):
    # The spec declares no 400 for object/all.
    assert isinstance(data(wb.get("/content/v2/object/all", params=params)), list)


def test_charcs_are_served_without_our_private_keys(wb):
    charcs = data(wb.get(f"/content/v2/object/charcs/{TSHIRT}"))
    colour = next(c for c in charcs if c["charcID"] == 14177449)
    assert colour["name"] == "Цвет" and colour["charcType"] == 1 and colour["subjectID"] == TSHIRT
    assert all("dictionary" not in c for c in charcs)
    assert any(c["isRequiredForCreate"] for c in charcs)


def test_charcs_of_an_unknown_subject_are_empty_and_a_bad_id_is_400(wb):
    assert data(wb.get("/content/v2/object/charcs/999999999")) == []
    bad = wb.get("/content/v2/object/charcs/abc")
    assert bad.status_code == 400 and bad.json()["error"] is True


@pytest.mark.parametrize(("name", "sample"), [("colors", {"name": "белый", "parentName": "белый"}),
                                              ("kinds", "Женский"), ("seasons", "демисезон"), ("vat", "Без НДС")])
def test_directories(wb, name, sample):
    assert sample in data(wb.get(f"/content/v2/directory/{name}"))


def test_countries_have_ids_and_full_names(wb):
    china = next(c for c in data(wb.get("/content/v2/directory/countries")) if c["name"] == "Китай")
    assert china["id"] > 0 and china["fullName"]


def test_tnved_needs_a_subject_and_filters_by_prefix(wb):
    assert wb.get("/content/v2/directory/tnved").status_code == 400
    every = data(wb.get("/content/v2/directory/tnved", params={"subjectID": TSHIRT}))
    assert every and all(set(c) == {"tnved", "isKiz"} for c in every)
    narrowed = data(wb.get("/content/v2/directory/tnved", params={"subjectID": TSHIRT, "search": 61091}))
    assert narrowed and all(c["tnved"].startswith("61091") for c in narrowed)


def test_brands_page_with_next(wb, monkeypatch):
    monkeypatch.setattr(content_api, "BRANDS_PAGE", 1)
    first = wb.get("/api/content/v1/brands", params={"subjectId": TSHIRT}).json()
    assert len(first["brands"]) == 1 and first["total"] >= 2 and "next" in first
    seen = list(first["brands"])
    page = first
    while "next" in page:
        page = wb.get("/api/content/v1/brands", params={"subjectId": TSHIRT, "next": page["next"]}).json()
        seen += page["brands"]
    assert len(seen) == first["total"] and len({b["id"] for b in seen}) == len(seen)


@pytest.mark.parametrize(
    ("params", "status"),
    [({}, 400), ({"subjectId": "x"}, 400), ({"subjectId": -1}, 400), ({"subjectId": 192, "next": "MTk="}, 400),
     ({"subjectId": 99999999}, 404)],
)
def test_brands_errors_are_problem_json(wb, params, status):
    response = wb.get("/api/content/v1/brands", params=params)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["origin"] == "brands-api"


def test_barcodes_are_unique_valid_ean13(wb):
    codes = data(wb.post("/content/v2/barcodes", json={"count": 5000}))
    assert len(codes) == 5000 == len(set(codes))
    assert all(len(c) == 13 and is_valid_gtin(c) for c in codes)
    again = data(wb.post("/content/v2/barcodes", json={"count": 10}))
    assert not set(again) & set(codes)


def test_barcodes_are_capped_at_5000_per_call(wb):
    assert len(data(wb.post("/content/v2/barcodes", json={"count": 5001}))) == 5000
    assert data(wb.post("/content/v2/barcodes", json={"count": 0})) == []


@pytest.mark.parametrize("body", [{"count": "3"}, [], "x"])
def test_barcodes_refuse_a_malformed_body(sandbox, body):
    response = WbClient(sandbox.url).post("/content/v2/barcodes", json=body)
    assert response.status_code == 400 and response.json()["errorText"] == "Invalid request format"


def test_barcodes_count_is_optional_as_in_the_spec(wb):
    assert len(data(wb.post("/content/v2/barcodes", json={}))) == 1


def test_card_limits(wb):
    limits = data(wb.get("/content/v2/cards/limits"))
    assert limits["freeLimits"] >= 1500 and limits["paidLimits"] == 0
