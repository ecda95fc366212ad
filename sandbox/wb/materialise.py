"""Applying accepted writes once they are due: cards appear or fail, price tasks finish.

Everything due is applied in the order it fell due, stamped with that moment rather than
with the read that noticed it, so results do not depend on when a client polls.
"""

from __future__ import annotations

from typing import Any

from sandbox.wb.directory import Charc
from sandbox.wb.moderation import dimensions_of, review
from sandbox.wb.store import Card, ErrorBatch, Pending, PriceTask, SellerState, Size, WbStore

NOT_FOUND = "Карточка товара с таким артикулом WB не найдена"
FOREIGN_SIZE = "Размер с chrtID {chrt} не принадлежит карточке"
VENDOR_CODE_TAKEN = "Артикул продавца {code} уже используется в другой карточке"
ITEM_NOT_FOUND = "Item not found"
NOT_SYNCED = "The item card is not synchronized yet, try again later"
BAD_PRICE = "Invalid price value"
BAD_DISCOUNT = "Invalid discount value"
MAX_DISCOUNT = 99


def apply_due(store: WbStore, state: SellerState) -> None:
    now = store.ctx.now()
    due: list[tuple[float, Pending | PriceTask]] = [(w.ready_at, w) for w in state.pending if w.ready_at <= now]
    due += [(t.ready_at, t) for t in state.tasks.values() if t.results is None and t.ready_at <= now]
    if not due:
        return
    due.sort(key=lambda pair: pair[0])
    state.pending = [w for w in state.pending if w.ready_at > now]
    index = _Index(state)
    for _, event in due:
        if isinstance(event, PriceTask):
            _process_prices(store, state, event)
        elif event.kind == "update":
            _update(store, state, event, index)
        else:
            _create(store, state, event, index)


class _Index:
    """Barcode owners and vendor codes in use, built once per batch of due writes and kept up to date
    by them: rebuilding both for every write made a big upload cost O(cards) per group."""

    def __init__(self, state: SellerState) -> None:
        self.owners = state.barcode_owners()
        self.codes = {c.vendor_code: c.nm_id for c in state.cards.values()}

    def own(self, card: Card, old_code: str | None = None) -> None:
        self.owners.update({sku: card.nm_id for size in card.sizes for sku in size.skus})
        if old_code is not None and self.codes.get(old_code) == card.nm_id:
            del self.codes[old_code]
        self.codes[card.vendor_code] = card.nm_id


def _record_failures(state: SellerState, write: Pending, failed: dict[str, list[str]],
                     subjects: dict[str, dict[str, Any]]) -> None:
    if failed:
        stamp = int(write.ready_at * 1_000_000)
        state.errors.append(ErrorBatch(write.batch_uuid, stamp, subjects, failed))


def _characteristics(variant: dict[str, Any], charcs: list[Charc]) -> list[dict[str, Any]]:
    names = {c.charc_id: c.name for c in charcs}
    return [
        {"id": int(item["id"]), "name": names.get(int(item["id"]), ""), "value": item["value"]}
        for item in variant.get("characteristics") or []
        if item.get("value") not in (None, [], "")
    ]


def _new_size(store: WbStore, raw: dict[str, Any]) -> Size:
    skus = [str(s) for s in raw.get("skus") or []] or [store.new_barcode()]
    return Size(store.new_id("chrt"), raw.get("techSize") or "0", raw.get("wbSize") or "", skus)


def _fill(card: Card, variant: dict[str, Any], charcs: list[Charc]) -> None:
    card.vendor_code = str(variant["vendorCode"])
    card.brand = variant.get("brand") or ""
    card.title = variant.get("title") or ""
    card.description = variant.get("description") or ""
    card.kiz_marked = bool(variant.get("kizMarked"))
    card.dimensions = dimensions_of(variant)
    card.characteristics = _characteristics(variant, charcs)
    if variant.get("wholesale") is not None:
        card.wholesale = {"enabled": bool(variant["wholesale"].get("enabled")),
                          "quantum": variant["wholesale"].get("quantum") or 0}


def _create(store: WbStore, state: SellerState, write: Pending, index: _Index) -> None:
    subject = store.directory.subject(write.subject_id) or {"subjectID": write.subject_id, "subjectName": ""}
    charcs = store.directory.charcs_of(write.subject_id)
    owners = index.owners
    stamp = int(write.ready_at * 1_000_000)
    failed: dict[str, list[str]] = {}
    imt_id = write.imt_id
    for variant in write.variants:
        code = str(variant["vendorCode"])
        problems = review(variant, subject, charcs, store.directory, owners)
        if code in index.codes:
            # Never two cards with one vendor code, whatever raced past the request check.
            store.ctx.stats.count_event("wb.vendor_code_conflict")
            problems.append(VENDOR_CODE_TAKEN.format(code=code))
        if problems:
            failed[code] = problems
            continue
        if imt_id is None:
            imt_id = store.new_id("imt")
        sizes = [_new_size(store, raw) for raw in variant.get("sizes") or [{}]]
        price = next((s.get("price") for s in variant.get("sizes") or [] if s.get("price") is not None), None)
        card = Card(
            nm_id=store.new_id("nm"), imt_id=imt_id, nm_uuid=store.new_uuid(), subject_id=write.subject_id,
            subject_name=str(subject["subjectName"]), vendor_code=code, brand="", title="", description="",
            kiz_marked=False, need_kiz=False, wholesale={"enabled": False, "quantum": 0}, dimensions={},
            characteristics=[], sizes=sizes, created_us=stamp, updated_us=stamp, price=price,
        )
        _fill(card, variant, charcs)
        state.cards[card.nm_id] = card
        index.own(card)
        store.ctx.stats.count_event("wb.card_created")
    subjects = {code: {"id": write.subject_id, "name": str(subject["subjectName"])} for code in failed}
    _record_failures(state, write, failed, subjects)


def _resize(store: WbStore, card: Card, variant: dict[str, Any]) -> tuple[list[Size], list[str]]:
    """New sizes for an update: known chrtIDs keep their barcodes (WB never drops one), others are new."""
    current = {s.chrt_id: s for s in card.sizes}
    sizes: list[Size] = []
    for raw in variant.get("sizes") or []:
        chrt = raw.get("chrtID")
        if chrt is None:
            sizes.append(_new_size(store, raw))
            continue
        old = current.get(chrt)
        if old is None:
            return [], [FOREIGN_SIZE.format(chrt=chrt)]
        skus = list(old.skus) + [str(s) for s in raw.get("skus") or [] if str(s) not in old.skus]
        sizes.append(Size(old.chrt_id, raw.get("techSize") or old.tech_size, raw.get("wbSize") or "", skus))
    return sizes, []


def _update(store: WbStore, state: SellerState, write: Pending, index: _Index) -> None:
    owners = index.owners
    stamp = int(write.ready_at * 1_000_000)
    failed: dict[str, list[str]] = {}
    subjects: dict[str, dict[str, Any]] = {}
    for variant in write.variants:
        code = str(variant["vendorCode"])
        card = state.cards.get(int(variant["nmID"]))
        if card is None:
            failed[code] = [NOT_FOUND]
            continue
        subject = store.directory.subject(card.subject_id) or {"subjectID": card.subject_id,
                                                               "subjectName": card.subject_name}
        charcs = store.directory.charcs_of(card.subject_id)
        problems = review(variant, subject, charcs, store.directory, owners, own_nm=card.nm_id)
        other = index.codes.get(code)
        if other is not None and other != card.nm_id:
            store.ctx.stats.count_event("wb.vendor_code_conflict")
            problems.append(VENDOR_CODE_TAKEN.format(code=code))
        sizes, size_problems = _resize(store, card, variant)
        problems.extend(size_problems)
        if problems:
            failed[code] = problems
            subjects[code] = {"id": card.subject_id, "name": card.subject_name}
            continue
        card.sizes = sizes
        old_code = card.vendor_code
        _fill(card, variant, charcs)
        card.updated_us = max(stamp, card.updated_us + 1)
        index.own(card, old_code)
        store.ctx.stats.count_event("wb.card_updated")
    _record_failures(state, write, failed, subjects)


def _price_problem(store: WbStore, state: SellerState, task: PriceTask, item: dict[str, Any]) -> str:
    card = state.cards.get(int(item["nmID"]))
    if card is None:
        return ITEM_NOT_FOUND
    if (task.ready_at * 1_000_000 - card.created_us) < store.sync_delay() * 1_000_000:
        return NOT_SYNCED
    if item.get("discount") is not None and not 0 <= item["discount"] <= MAX_DISCOUNT:
        return BAD_DISCOUNT
    if item.get("price") is not None and item["price"] <= 0:
        return BAD_PRICE
    return ""


def _process_prices(store: WbStore, state: SellerState, task: PriceTask) -> None:
    results: list[dict[str, Any]] = []
    for item in task.items:
        problem = _price_problem(store, state, task, item)
        card = state.cards.get(int(item["nmID"]))
        if not problem and card is not None:
            card.price = item["price"] if item.get("price") is not None else card.price
            card.discount = item["discount"] if item.get("discount") is not None else card.discount
        results.append({
            "nmID": item["nmID"],
            "vendorCode": card.vendor_code if card else "",
            "sizeID": None,
            "techSizeName": "",
            "price": item.get("price") if item.get("price") is not None else (card.price if card else None),
            "currencyIsoCode4217": "RUB",
            "discount": item.get("discount") if item.get("discount") is not None else (card.discount if card else 0),
            "clubDiscount": 0,
            "status": 3 if problem else 2,
            "errorText": problem,
        })
    task.results = results
    task.processed_us = int(task.ready_at * 1_000_000)
    store.ctx.stats.count_event("wb.price_task_processed")
