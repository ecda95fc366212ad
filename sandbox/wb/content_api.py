"""Content reads: categories, subjects, charcs, directories, brands, barcodes, limits, and /ping."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from fastapi import Request
from starlette.responses import Response

from sandbox.wb.access import BRANDS, CONTENT, PING, Gate, Seller
from sandbox.wb.payloads import is_int
from sandbox.wb.replies import RefusedError, Utf8JSONResponse, content_error, envelope, problem
from sandbox.wb.requests import int_query, read_json
from sandbox.wb.store import WbStore

SUBJECTS_MAX_LIMIT = 1000
SUBJECTS_DEFAULT_LIMIT = 30
BARCODES_MAX = 5000
BRANDS_PAGE = 1000
DIRECTORIES = ("colors", "kinds", "countries", "seasons", "vat")
MOSCOW = timezone(timedelta(hours=3))


def _bad_params() -> RefusedError:
    return content_error("Invalid request params")


def _brands_error(location: str, message: str, value: str) -> RefusedError:
    return RefusedError(problem(400, "Bad Request", "validation failed", origin="brands-api",
                             errors=[{"message": message, "location": location, "value": value}]))


class ContentApi:
    """Read-only content methods; every handler takes the request and the calling seller."""

    def __init__(self, store: WbStore) -> None:
        self.store = store
        self.directory = store.directory

    def register(self, gate: Gate) -> None:
        gate.route("GET", "/ping", "common", PING)(self.ping)
        gate.route("GET", "/content/v2/object/parent/all", "content", CONTENT)(self.parents)
        gate.route("GET", "/content/v2/object/all", "content", CONTENT)(self.subjects)
        gate.route("GET", "/content/v2/object/charcs/{subjectId}", "content", CONTENT)(self.charcs)
        for name in DIRECTORIES:
            gate.route("GET", f"/content/v2/directory/{name}", "content", CONTENT)(_directory_reader(self.store, name))
        gate.route("GET", "/content/v2/directory/tnved", "content", CONTENT)(self.tnved)
        gate.route("GET", "/api/content/v1/brands", "content", BRANDS)(self.brands)
        gate.route("POST", "/content/v2/barcodes", "content", CONTENT)(self.barcodes)
        gate.route("GET", "/content/v2/cards/limits", "content", CONTENT)(self.limits)

    async def ping(self, request: Request, seller: Seller) -> Response:
        return Utf8JSONResponse({"TS": datetime.now(MOSCOW).isoformat(timespec="seconds"), "Status": "OK"})

    async def parents(self, request: Request, seller: Seller) -> Response:
        return envelope(self.directory.parents)

    async def subjects(self, request: Request, seller: Seller) -> Response:
        """The spec declares no 400 here, so odd paging values are clamped rather than refused."""

        def lenient(name: str, default: int) -> int:
            try:
                value = int_query(request, name, default, _bad_params)
            except RefusedError:
                return default
            return default if value is None else value

        limit = min(max(lenient("limit", SUBJECTS_DEFAULT_LIMIT), 0), SUBJECTS_MAX_LIMIT)
        offset = max(lenient("offset", 0), 0)
        name = (request.query_params.get("name") or "").casefold()
        parent = lenient("parentID", 0)
        found = [
            s for s in self.directory.subjects
            if (not name or name in str(s["subjectName"]).casefold()) and (not parent or s["parentID"] == parent)
        ]
        return envelope(found[offset: offset + limit])

    async def charcs(self, request: Request, seller: Seller) -> Response:
        try:
            subject_id = int(request.path_params["subjectId"])
        except ValueError:
            raise _bad_params() from None
        return envelope([c.public for c in self.directory.charcs_of(subject_id)])

    async def tnved(self, request: Request, seller: Seller) -> Response:
        subject_id = int_query(request, "subjectID", None, _bad_params)
        search = int_query(request, "search", None, _bad_params)
        if subject_id is None:
            raise _bad_params()
        codes: dict[str, list[dict[str, Any]]] = self.directory.directories.get("tnved") or {}
        found = [c for c in codes.get(str(subject_id), []) if search is None or str(c["tnved"]).startswith(str(search))]
        return envelope(found)

    async def brands(self, request: Request, seller: Seller) -> Response:
        """``next`` is an offset into the subject's brands; it is absent on the last page."""
        raw_subject = request.query_params.get("subjectId")
        if raw_subject is None:
            raise _brands_error("query.subjectId", "required parameter is missing", "")
        raw_next = request.query_params.get("next", "0")
        try:
            subject_id = int(raw_subject)
        except ValueError:
            raise _brands_error("query.subjectId", "invalid integer", raw_subject) from None
        try:
            offset = int(raw_next)
        except ValueError:
            raise _brands_error("query.next", "invalid integer", raw_next) from None
        if subject_id < 0:
            raise _brands_error("query.subjectId", "expected number >= 0", raw_subject)
        if offset < 0:
            raise _brands_error("query.next", "expected number >= 0", raw_next)
        if self.directory.subject(subject_id) is None:
            raise RefusedError(problem(404, "Not Found", "Brands not found", origin="brands-api"))
        everything: list[dict[str, Any]] = (self.directory.directories.get("brands") or {}).get(str(subject_id), [])
        body: dict[str, Any] = {"brands": everything[offset: offset + BRANDS_PAGE], "total": len(everything)}
        if offset + BRANDS_PAGE < len(everything):
            body["next"] = offset + BRANDS_PAGE
        return Utf8JSONResponse(body)

    async def barcodes(self, request: Request, seller: Seller) -> Response:
        """At most 5000 per call. The spec declares no 400 here, so a count outside 1..5000 is
        clamped; only a body that is not ``{"count": <int>}`` is refused."""
        body = await read_json(request, lambda: content_error("Invalid request format"))
        if not isinstance(body, dict):
            raise content_error("Invalid request format", {"count": "должно быть целым числом"})
        count = body.get("count", 1)  # optional in the spec; one barcode is the least surprising default
        if not is_int(count):
            raise content_error("Invalid request format", {"count": "должно быть целым числом"})
        with self.store.lock:
            codes = [self.store.new_barcode() for _ in range(min(max(count, 0), BARCODES_MAX))]
        return envelope(codes)

    async def limits(self, request: Request, seller: Seller) -> Response:
        return envelope({"freeLimits": self.store.free_limits(), "paidLimits": 0})


def _directory_reader(store: WbStore, name: str) -> Any:
    async def read(request: Request, seller: Seller) -> Response:
        return envelope(store.directory.directories.get(name) or [])

    read.__name__ = f"directory_{name}"
    return read
