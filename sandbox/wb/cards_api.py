"""Card writes (upload, upload/add, update) and the two lists that show their outcome."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.responses import Response

from sandbox.wb.access import CARD_WRITES, CONTENT, ERROR_LIST, Gate, Seller
from sandbox.wb.listing import list_cards, list_errors
from sandbox.wb.payloads import (
    GROUP_TOO_BIG,
    MAX_UPDATE_CARDS,
    MAX_VARIANTS,
    VENDOR_CODE_USED,
    charcs_by_id,
    check_variant,
    invalid,
    is_int,
    parse_upload,
    require_create_charcs,
    require_distinct,
    require_free_vendor_codes,
    require_subject,
    require_vendor_codes,
)
from sandbox.wb.replies import content_error, envelope
from sandbox.wb.requests import read_json
from sandbox.wb.store import Card, Pending, SellerState, WbStore

UNKNOWN_IMT = "Указан несуществующий imt"
UNKNOWN_NM = "Указан несуществующий nmID карточки товара"


def as_variant(card: Card) -> dict[str, Any]:
    """A stored card in request shape, for comparing with its group's new cards."""
    return {"vendorCode": card.vendor_code,
            "characteristics": [{"id": c["id"], "value": c["value"]} for c in card.characteristics]}


def _refuse_clashes(store: WbStore, codes: list[str], used: set[str]) -> None:
    clashes = require_free_vendor_codes(codes, used)
    if clashes:
        store.ctx.stats.count_event("wb.vendor_code_conflict", len(clashes))
        raise content_error(VENDOR_CODE_USED)


def _accept(store: WbStore, state: SellerState, write: Pending) -> None:
    state.pending.append(write)
    state.forget_errors({str(v["vendorCode"]) for v in write.variants})
    store.ctx.stats.count_event("wb.cards_accepted", len(write.variants))


class CardsApi:
    """Card writes and the lists that show their outcome."""

    def __init__(self, store: WbStore) -> None:
        self.store = store

    def register(self, gate: Gate) -> None:
        gate.route("POST", "/content/v2/cards/upload", "content", CARD_WRITES)(self.upload)
        gate.route("POST", "/content/v2/cards/upload/add", "content", CARD_WRITES)(self.upload_add)
        gate.route("POST", "/content/v2/cards/update", "content", CARD_WRITES)(self.update)
        gate.route("POST", "/content/v2/get/cards/list", "content", CONTENT)(self.cards_list)
        gate.route("POST", "/content/v2/cards/error/list", "content", ERROR_LIST)(self.error_list)

    async def upload(self, request: Request, seller: Seller) -> Response:
        """200 means accepted: each card appears in the list or the error list after the creation delay."""
        groups = parse_upload(await read_json(request, invalid), self.store.directory)
        for subject_id, variants in groups:
            require_subject(self.store.directory, subject_id)
            require_vendor_codes(variants)
        with self.store.lock:
            state = self.store.seller(seller.account)
            codes = [str(v["vendorCode"]) for _, vs in groups for v in vs]
            _refuse_clashes(self.store, codes, state.vendor_codes_in_use())
            for subject_id, variants in groups:
                charcs = self.store.directory.charcs_of(subject_id)
                require_create_charcs(variants, charcs)
                require_distinct(variants, charcs)
            ready = self.store.ctx.now() + self.store.delay()
            for subject_id, variants in groups:
                _accept(self.store, state, Pending(ready, self.store.new_uuid(), "create", subject_id, variants))
        return envelope(None, additional={})

    async def upload_add(self, request: Request, seller: Seller) -> Response:
        """New cards join an existing group (imtID) and take its subject."""
        body = await read_json(request, invalid)
        if not isinstance(body, dict) or not is_int(body.get("imtID")):
            raise invalid("imtID must be an integer")
        variants = body.get("cardsToAdd")
        if not isinstance(variants, list) or not variants:
            raise invalid("cardsToAdd must be a non-empty array")
        with self.store.lock:
            state = self.store.seller(seller.account)
            group = [c for c in state.cards.values() if c.imt_id == body["imtID"]]
            if not group:
                raise content_error(UNKNOWN_IMT)
            subject_id = group[0].subject_id
            for variant in variants:
                check_variant(variant, charcs_by_id(self.store.directory, subject_id))
            if len(group) + len(variants) > MAX_VARIANTS:
                raise content_error(GROUP_TOO_BIG)
            require_vendor_codes(variants)
            _refuse_clashes(self.store, [str(v["vendorCode"]) for v in variants], state.vendor_codes_in_use())
            charcs = self.store.directory.charcs_of(subject_id)
            require_create_charcs(variants, charcs)
            require_distinct([as_variant(c) for c in group] + variants, charcs, imt_id=body["imtID"])
            ready = self.store.ctx.now() + self.store.delay()
            write = Pending(ready, self.store.new_uuid(), "create", subject_id, variants, imt_id=body["imtID"])
            _accept(self.store, state, write)
        return envelope(None, additional={})

    async def update(self, request: Request, seller: Seller) -> Response:
        """Overwrites whole cards; sizes with a chrtID are kept (barcodes only grow), others are new."""
        body = await read_json(request, invalid)
        if not isinstance(body, list) or not body:
            raise invalid("body must be a non-empty array")
        if len(body) > MAX_UPDATE_CARDS:
            raise invalid(f"no more than {MAX_UPDATE_CARDS} cards per request")
        with self.store.lock:
            state = self.store.seller(seller.account)
            for variant in body:
                nm_id = variant.get("nmID") if isinstance(variant, dict) else None
                card = state.cards.get(nm_id) if is_int(nm_id) else None
                check_variant(variant, charcs_by_id(self.store.directory, card.subject_id if card else 0), update=True)
                if card is None:
                    raise content_error(UNKNOWN_NM, {"nmID": str(nm_id)})
            require_vendor_codes(body)
            targets = {int(v["nmID"]) for v in body}
            own = {state.cards[n].vendor_code for n in targets}
            _refuse_clashes(self.store, [str(v["vendorCode"]) for v in body], state.vendor_codes_in_use() - own)
            if len(targets) != len(body):
                raise invalid("nmID repeats in the request")
            for imt_id in {state.cards[n].imt_id for n in targets}:
                members = [c for c in state.cards.values() if c.imt_id == imt_id]
                sent = {int(v["nmID"]): v for v in body if state.cards[int(v["nmID"])].imt_id == imt_id}
                charcs = self.store.directory.charcs_of(members[0].subject_id)
                require_create_charcs(list(sent.values()), charcs)
                require_distinct([sent.get(c.nm_id) or as_variant(c) for c in members], charcs, imt_id=imt_id)
            ready = self.store.ctx.now() + self.store.delay()
            _accept(self.store, state, Pending(ready, self.store.new_uuid(), "update", 0, body))
        return envelope(None, additional={})

    async def cards_list(self, request: Request, seller: Seller) -> Response:
        body = await read_json(request, invalid)
        with self.store.lock:
            cards = list(self.store.seller(seller.account).cards.values())
            return _plain(list_cards(cards, body))

    async def error_list(self, request: Request, seller: Seller) -> Response:
        raw = await request.body()
        body = await read_json(request, invalid) if raw.strip() else None
        with self.store.lock:
            batches = list(self.store.seller(seller.account).errors)
            return envelope(list_errors(batches, body))


def _plain(body: dict[str, Any]) -> Response:
    """``get/cards/list`` is the one content read without the envelope."""
    from sandbox.wb.replies import Utf8JSONResponse

    return Utf8JSONResponse(body)
