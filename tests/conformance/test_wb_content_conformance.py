"""WB content reads (subjects, characteristics, directories, brands, barcodes, limits), /ping and auth."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.callers import SpecCaller

DIRECTORIES = ("colors", "kinds", "countries", "seasons", "vat")


def _data(response: httpx.Response) -> Any:
    body = response.json()
    assert body["error"] is False and body["errorText"] == "", body
    return body["data"]


@pytest.fixture(scope="module")
def subjects(wb: SpecCaller) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = _data(wb.get("/content/v2/object/all", params={"limit": 40, "offset": offset}))
        found.extend(page)
        if not page:
            return found
        offset += 40


@pytest.fixture(scope="module")
def charcs(wb: SpecCaller, subjects: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Characteristics per subject (each answer validated once)."""
    return {s["subjectID"]: _data(wb.get(f"/content/v2/object/charcs/{s['subjectID']}")) for s in subjects}


def test_parents_and_subjects_conform(wb, subjects):
    parents = _data(wb.get("/content/v2/object/parent/all", params={"locale": "ru"}))
    assert parents and {s["parentID"] for s in subjects} <= {p["id"] for p in parents}
    assert len({s["subjectID"] for s in subjects}) == len(subjects) >= 40
    one = subjects[0]
    named = _data(wb.get("/content/v2/object/all", params={"name": one["subjectName"][:4], "limit": 1000}))
    assert one["subjectID"] in {s["subjectID"] for s in named}
    by_parent = _data(wb.get("/content/v2/object/all", params={"parentID": one["parentID"]}))
    assert {s["parentID"] for s in by_parent} == {one["parentID"]}


def test_characteristics_of_every_subject_conform(wb, charcs):
    assert len([found for found in charcs.values() if found]) >= 10
    for subject_id, found in charcs.items():
        assert all(c["subjectID"] == subject_id and c["charcType"] in (1, 4) for c in found)
    assert _data(wb.get("/content/v2/object/charcs/999999999")) == []


@pytest.mark.parametrize("name", DIRECTORIES)
def test_directories_conform(wb, name):
    values = _data(wb.get(f"/content/v2/directory/{name}", params={"locale": "ru"}))
    assert values


def test_tnved_needs_a_subject(wb, charcs):
    coded = {}
    for subject_id in [k for k, v in charcs.items() if v]:
        coded[subject_id] = _data(wb.get("/content/v2/directory/tnved", params={"subjectID": subject_id}))
    subject_id, codes = next((k, v) for k, v in coded.items() if v)
    assert all(set(c) == {"tnved", "isKiz"} for c in codes)
    prefix = codes[0]["tnved"][:4]
    searched = _data(wb.get("/content/v2/directory/tnved", params={"subjectID": subject_id, "search": prefix}))
    assert searched and all(c["tnved"].startswith(prefix) for c in searched)
    missing = wb.get("/content/v2/directory/tnved", expect=400).json()
    assert missing["error"] is True and missing["errorText"]
    wb.get("/content/v2/directory/tnved", params={"subjectID": "abc"}, expect=400)


def test_brands_page_with_next_and_refuse_bad_queries(wb, charcs):
    for subject_id in charcs:
        page = wb.get("/api/content/v1/brands", params={"subjectId": subject_id}).json()
        if page["brands"]:
            break
    seen = [b["id"] for b in page["brands"]]
    while "next" in page:  # the sample has few brands per subject: usually a single page
        page = wb.get("/api/content/v1/brands", params={"subjectId": subject_id, "next": page["next"]}).json()
        seen.extend(b["id"] for b in page["brands"])
    assert seen and len(seen) == len(set(seen)) == page["total"]
    for params in ({}, {"subjectId": "x"}, {"subjectId": -1}, {"subjectId": subject_id, "next": "x"}):
        assert wb.get("/api/content/v1/brands", params=params, expect=400).json()["title"]
    wb.get("/api/content/v1/brands", params={"subjectId": 999999999}, expect=404)


def test_barcodes_and_limits_conform(wb):
    codes = _data(wb.post("/content/v2/barcodes", {"count": 3}))
    assert len(codes) == len(set(codes)) == 3 and all(c.isdigit() for c in codes)
    limits = _data(wb.get("/content/v2/cards/limits"))
    assert limits["freeLimits"] >= 0 and limits["paidLimits"] >= 0


def test_barcodes_without_count_is_answered_as_documented(wb):
    # count is optional in the spec, and barcodes documents no 400: a spec-only checker sends {}.
    wb.post("/content/v2/barcodes", {}, expect={200})


def test_ping_conforms(wb):
    body = wb.get("/ping").json()
    assert body["Status"] == "OK" and body["TS"]


@pytest.mark.parametrize("token", ["sandbox-wb-token~expired", "garbage", ""])
@pytest.mark.parametrize(
    "path",
    [
        "/content/v2/object/parent/all",
        "/content/v2/cards/limits",
        "/ping",
        "/api/v3/warehouses",
        "/api/v2/history/tasks?uploadID=1",
    ],
)
def test_bad_tokens_are_401_problem_json(wb, token, path):
    response = wb.with_headers(Authorization=token).get(path, expect=401)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 401


@pytest.mark.parametrize("token", ["sandbox-wb-token~prices", "sandbox-wb-token~marketplace"])
def test_a_token_without_the_content_category_is_403(wb: SpecCaller, token: str) -> None:
    body = wb.with_headers(Authorization=token).get("/content/v2/directory/colors", expect=403).json()
    # The 07-23 YAML: an envelope with error=true; WB's gateway since 2026-09: problem+json.
    assert body.get("error") is True or body.get("status") == 403, body


def test_bearer_prefix_is_accepted(wb):
    _data(wb.with_headers(Authorization="Bearer sandbox-wb-token").get("/content/v2/directory/kinds"))
