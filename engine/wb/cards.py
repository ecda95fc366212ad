"""Reading cards and the error list, editing cards, and their media (content host)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from engine.ratelimit import WB_CARD_WRITES, WB_CONTENT, WB_ERROR_LIST, WB_MEDIA
from engine.wb.base import WbBase
from engine.wb.card_models import Card, CardsCursor, CardsPage, CardUpdate, ErrorBatch, ErrorPage
from engine.wb.models import dump

CARDS_PAGE = 100
ERRORS_PAGE = 100
UPDATE_LIMIT = 3000


class CardsMixin(WbBase):
    def iter_card_pages(
        self,
        *,
        text_search: str | None = None,
        subject_ids: Sequence[int] | None = None,
        imt_id: int | None = None,
        with_photo: int = -1,
        ascending: bool = False,
        limit: int = CARDS_PAGE,
        after: CardsCursor | None = None,
    ) -> Iterator[CardsPage]:
        """Pages of ``get/cards/list`` (no trash). Pass the last page's cursor as ``after`` with
        ``ascending=True`` to fetch only cards created or changed since (incremental sync)."""
        path = "/content/v2/get/cards/list"
        filter_: dict[str, Any] = {"withPhoto": with_photo}
        if text_search:
            filter_["textSearch"] = text_search
        if subject_ids:
            filter_["objectIDs"] = list(subject_ids)
        if imt_id is not None:
            filter_["imtID"] = imt_id
        cursor: dict[str, Any] = {"limit": limit}
        if after is not None and after.updated_at:
            cursor.update(updatedAt=after.updated_at, nmID=after.nm_id or 0)
        marks: set[tuple[str, int | None]] = set()
        while True:
            body = {"settings": {"sort": {"ascending": ascending}, "filter": filter_, "cursor": cursor}}
            answer = self.call("content", "POST", path, json=body, bucket=WB_CONTENT, idempotent=True)
            page = self.parse(CardsPage, answer or {}, "POST", path)
            yield page
            mark = (page.cursor.updated_at, page.cursor.nm_id)
            # WB: keep going while a page comes back full.
            if page.cursor.total < limit or not page.cards or mark in marks:
                return
            marks.add(mark)
            cursor = {"limit": limit, "updatedAt": page.cursor.updated_at, "nmID": page.cursor.nm_id}

    def iter_cards(self, **filters: Any) -> Iterator[Card]:
        """Every card matching the filters of :meth:`iter_card_pages`."""
        for page in self.iter_card_pages(**filters):
            yield from page.cards

    def iter_error_list(self, *, ascending: bool = True, limit: int = ERRORS_PAGE) -> Iterator[ErrorBatch]:
        """Batches of cards WB accepted but did not create, errors keyed by vendorCode (Russian)."""
        path = "/content/v2/cards/error/list"
        cursor: dict[str, Any] = {"limit": limit}
        marks: set[tuple[str, str]] = set()
        while True:
            body = {"cursor": cursor, "order": {"ascending": ascending}}
            answer = self.call("content", "POST", path, json=body, bucket=WB_ERROR_LIST, idempotent=True)
            page = self.parse(ErrorPage, self.unwrap(answer, "POST", path) or {}, "POST", path)
            yield from page.items
            mark = (page.cursor.updated_at, page.cursor.batch_uuid)
            if not page.cursor.next or not page.items or mark in marks:
                return
            marks.add(mark)
            cursor = {"limit": limit, "updatedAt": page.cursor.updated_at, "batchUUID": page.cursor.batch_uuid}

    def update_cards(self, cards: Sequence[CardUpdate]) -> None:
        """Overwrite whole cards (send every field). Problems surface later in the error list.

        Safe to repeat only when every size carries its ``chrt_id``: a size without one is
        *added*, so an update with new sizes is treated as a non-repeatable write and a lost
        answer raises ``AmbiguousWriteError`` instead of being resent.
        """
        if not 1 <= len(cards) <= UPDATE_LIMIT:
            raise ValueError(f"cards/update takes 1..{UPDATE_LIMIT} cards per request")
        path = "/content/v2/cards/update"
        repeatable = all(size.chrt_id for card in cards for size in card.sizes)
        body = [dump(card) for card in cards]
        answer = self.call("content", "POST", path, json=body, bucket=WB_CARD_WRITES, idempotent=repeatable)
        self.unwrap(answer, "POST", path)

    def media_save(self, nm_id: int, urls: Sequence[str]) -> None:
        """Replace all media of a card by these URLs (display order). WB fetches them later and
        silently keeps the old set if any one file fails. Replacing is naturally repeatable."""
        path = "/content/v3/media/save"
        answer = self.call(
            "content", "POST", path, json={"nmId": nm_id, "data": list(urls)}, bucket=WB_MEDIA, idempotent=True
        )
        self.unwrap(answer, "POST", path)

    def media_file(
        self, nm_id: int, photo_number: int, content: bytes, *, filename: str = "photo.jpg",
        content_type: str = "image/jpeg",
    ) -> None:
        """Upload one file into media slot ``photo_number`` (from 1); writing a slot again replaces it."""
        path = "/content/v3/media/file"
        answer = self.call(
            "content",
            "POST",
            path,
            files={"uploadfile": (filename, content, content_type)},
            headers={"X-Nm-Id": str(nm_id), "X-Photo-Number": str(photo_number)},
            bucket=WB_MEDIA,
            idempotent=True,
        )
        self.unwrap(answer, "POST", path)
