"""WB's category tree, characteristics and value directories (content host, all GET)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from engine.ratelimit import WB_BRANDS, WB_CONTENT
from engine.wb.base import WbBase
from engine.wb.models import Brand, BrandsPage, CardLimits, Charc, Color, Country, Parent, Subject, Tnved

SUBJECT_PAGE = 1000
BARCODE_BATCH = 5000


class DirectoryMixin(WbBase):
    def _get_data(self, path: str, params: dict[str, Any] | None = None) -> Any:
        body = self.call("content", "GET", path, params=params, bucket=WB_CONTENT, idempotent=True)
        return self.unwrap(body, "GET", path)

    @staticmethod
    def _locale(locale: str | None, **params: Any) -> dict[str, Any]:
        query = {k: v for k, v in params.items() if v is not None}
        if locale:
            query["locale"] = locale
        return query

    def get_parents(self, locale: str | None = None) -> list[Parent]:
        path = "/content/v2/object/parent/all"
        return self.parse_list(Parent, self._get_data(path, self._locale(locale)), "GET", path)

    def iter_subjects(
        self,
        *,
        name: str | None = None,
        parent_id: int | None = None,
        locale: str | None = None,
        limit: int = SUBJECT_PAGE,
    ) -> Iterator[Subject]:
        """Every subject (leaf category), paged by ``offset`` in steps of ``limit`` (≤ 1000)."""
        path = "/content/v2/object/all"
        offset = 0
        while True:
            query = self._locale(locale, name=name, parentID=parent_id, limit=limit, offset=offset)
            page = self.parse_list(Subject, self._get_data(path, query), "GET", path)
            yield from page
            if len(page) < limit:
                return
            offset += limit

    def get_charcs(self, subject_id: int, locale: str | None = None) -> list[Charc]:
        path = f"/content/v2/object/charcs/{subject_id}"
        return self.parse_list(Charc, self._get_data(path, self._locale(locale)), "GET", path)

    def get_colors(self, locale: str | None = None) -> list[Color]:
        path = "/content/v2/directory/colors"
        return self.parse_list(Color, self._get_data(path, self._locale(locale)), "GET", path)

    def get_kinds(self, locale: str | None = None) -> list[str]:
        """Пол (gender) values."""
        path = "/content/v2/directory/kinds"
        return self.parse_list(str, self._get_data(path, self._locale(locale)), "GET", path)

    def get_countries(self, locale: str | None = None) -> list[Country]:
        path = "/content/v2/directory/countries"
        return self.parse_list(Country, self._get_data(path, self._locale(locale)), "GET", path)

    def get_seasons(self, locale: str | None = None) -> list[str]:
        path = "/content/v2/directory/seasons"
        return self.parse_list(str, self._get_data(path, self._locale(locale)), "GET", path)

    def get_vat(self, locale: str | None = None) -> list[str]:
        path = "/content/v2/directory/vat"
        return self.parse_list(str, self._get_data(path, self._locale(locale)), "GET", path)

    def get_tnved(self, subject_id: int, search: int | None = None, locale: str | None = None) -> list[Tnved]:
        """ТН ВЭД codes allowed for a subject; ``is_kiz`` means Честный знак marking is required."""
        path = "/content/v2/directory/tnved"
        query = self._locale(locale, subjectID=subject_id, search=search)
        return self.parse_list(Tnved, self._get_data(path, query), "GET", path)

    def iter_brands(self, subject_id: int) -> Iterator[Brand]:
        """Brands of a subject, following ``next`` until it is absent (no envelope here)."""
        path = "/api/content/v1/brands"
        after: int | None = None
        seen: set[int] = set()
        while True:
            query: dict[str, Any] = {"subjectId": subject_id}
            if after:
                query["next"] = after
            body = self.call("content", "GET", path, params=query, bucket=WB_BRANDS, idempotent=True)
            page = self.parse(BrandsPage, body or {}, "GET", path)
            yield from page.brands
            if not page.brands or not page.next or page.next in seen:
                return
            seen.add(page.next)
            after = page.next

    def generate_barcodes(self, count: int) -> list[str]:
        """New unique EAN-13 barcodes from WB (≤ 5000 per request; more are fetched in batches).

        Marked safe to repeat: a lost answer only wastes numbers, it changes no card.
        """
        path = "/content/v2/barcodes"
        found: list[str] = []
        while len(found) < count:
            batch = min(BARCODE_BATCH, count - len(found))
            body = self.call("content", "POST", path, json={"count": batch}, bucket=WB_CONTENT, idempotent=True)
            codes = self.parse_list(str, self.unwrap(body, "POST", path), "POST", path)
            if not codes:
                break
            found.extend(codes)
        return found

    def get_limits(self) -> CardLimits:
        """Card-creation quota: you may create ``free + paid - existing`` cards."""
        path = "/content/v2/cards/limits"
        return self.parse(CardLimits, self._get_data(path) or {}, "GET", path)
