"""The Wildberries emulator: content, prices, marketplace and common hosts under one router.

Tests look inside through :func:`store_for` (read-only by convention) and the
``wb.*`` events in ``ctx.stats``.
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter

from sandbox.context import SandboxContext
from sandbox.wb.access import Gate
from sandbox.wb.cards_api import CardsApi
from sandbox.wb.content_api import ContentApi
from sandbox.wb.directory import load_directory
from sandbox.wb.listing import render_card
from sandbox.wb.media_api import MediaApi
from sandbox.wb.prices_api import register_prices
from sandbox.wb.stocks_api import register_stocks
from sandbox.wb.store import WbStore

__all__ = ["build_router", "cards_of", "store_for"]

_stores: dict[int, tuple[SandboxContext, WbStore]] = {}
_stores_lock = threading.Lock()


def build_router(ctx: SandboxContext) -> APIRouter:
    store = WbStore(ctx, load_directory(subjects_file=ctx.config.wb_subjects_file))
    with _stores_lock:
        _stores[id(ctx)] = (ctx, store)
    router = APIRouter()
    gate = Gate(ctx, router)
    ContentApi(store).register(gate)
    CardsApi(store).register(gate)
    MediaApi(store).register(gate)
    register_prices(gate, store)
    register_stocks(gate, store)
    return router


def store_for(owner: Any) -> WbStore:
    """The WB state behind a ``SandboxContext``, a FastAPI app or a ``RunningSandbox``."""
    ctx = owner
    if hasattr(owner, "server"):  # RunningSandbox
        owner = owner.server.config.app
    if hasattr(owner, "state") and hasattr(owner.state, "ctx"):  # FastAPI app
        ctx = owner.state.ctx
    with _stores_lock:
        found = _stores.get(id(ctx))
    if found is None or found[0] is not ctx:
        raise LookupError("no WB emulator was built for this sandbox")
    return found[1]


def cards_of(owner: Any, seller: str = "default") -> list[dict[str, Any]]:
    """The seller's created cards as ``get/cards/list`` shows them (pending writes applied first)."""
    store = store_for(owner)
    with store.lock:
        return [render_card(c) for c in store.seller(seller).cards.values()]
