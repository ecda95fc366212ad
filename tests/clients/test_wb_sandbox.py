"""The WB client against the sandbox over real HTTP: every endpoint, errors, pacing, 429."""

import logging
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from engine.errors import AuthenticationError, BadRequestError, PermissionDeniedError
from engine.settings import Settings
from engine.wb import Card, CardUpdate, PriceItem, StockAmount, WbClient
from sandbox.server import RunningSandbox
from sandbox.wb import cards_of
from tests.clients.sandbox_support import sandbox, settings_for, stats
from tests.clients.wb_cards import MUGS, mug, mug_groups, wait_for
from tests.support.recorder import SpecRecorder

SPEED = 40


@pytest.fixture(scope="module")
def sb() -> Iterator[RunningSandbox]:
    with sandbox(speed=SPEED, card_creation_delay=4.0) as running:
        yield running


def seller(sb: RunningSandbox, name: str, **overrides: Any) -> Settings:
    settings = settings_for(sb, **overrides)
    return settings.model_copy(update={"wb_token": SecretStr(f"sandbox-wb-token.{name}")})


def recorded(client: WbClient) -> SpecRecorder:
    recorder = SpecRecorder()
    for host in ("content", "prices", "marketplace", "common"):
        recorder.attach(client.host(host).session)
    return recorder


def test_directories(sb):
    with WbClient(seller(sb, "dirs")) as wb:
        recorder = recorded(wb)
        assert wb.ping().status == "OK"
        parents = wb.get_parents()
        assert any(p.name == "Одежда" for p in parents)
        subjects = list(wb.iter_subjects(limit=30))
        assert len({s.subject_id for s in subjects}) == len(subjects) > 60
        assert [s.subject_id for s in wb.iter_subjects(name="Кружки")] == [MUGS]
        assert {s.subject_id for s in wb.iter_subjects(parent_id=1)} >= {192, 69}
        charcs = wb.get_charcs(MUGS)
        assert {c.charc_id for c in charcs} >= {17008, 14177449} and {c.charc_type for c in charcs} <= {1, 4}
        assert any(c.name == "белый" for c in wb.get_colors())
        assert "Женский" in wb.get_kinds()
        assert any(c.name == "Китай" for c in wb.get_countries())
        assert "лето" in wb.get_seasons() and "Без НДС" in wb.get_vat()
        assert all(len(t.tnved) == 10 for t in wb.get_tnved(192))
        assert any(b.name == "Северная Нить" for b in wb.iter_brands(192))
        barcodes = wb.generate_barcodes(7)
        assert len(set(barcodes)) == 7 and all(len(b) == 13 for b in barcodes)
        assert wb.get_limits().free_limits > 0
    recorder.assert_conforms()


def test_card_lifecycle(sb):
    with WbClient(seller(sb, "life")) as wb:
        recorder = recorded(wb)
        barcodes = wb.generate_barcodes(6)
        groups = mug_groups("LIFE", barcodes[:3], per_group=2)  # a merged pair and a single card
        bad = mug("LIFE-BAD", barcodes[3], colour="черный", title="Кружка 😈 лучшая")
        groups[1].variants.append(bad)
        outcome = wb.upload_cards(groups)
        assert outcome.accepted == ["LIFE-0", "LIFE-1", "LIFE-2", "LIFE-BAD"] and not outcome.ambiguous_attempts

        def three_cards() -> list[Card] | None:
            found = list(wb.iter_cards(text_search="LIFE"))
            return found if len(found) == 3 else None

        cards = wait_for(three_cards)
        by_code = {c.vendor_code: c for c in cards}
        assert set(by_code) == {"LIFE-0", "LIFE-1", "LIFE-2"}
        assert by_code["LIFE-0"].imt_id == by_code["LIFE-1"].imt_id != by_code["LIFE-2"].imt_id
        assert all(c.sizes[0].chrt_id for c in cards)
        errors = wait_for(lambda: [b for b in wb.iter_error_list() if "LIFE-BAD" in b.errors])
        assert errors[0].errors["LIFE-BAD"] == ["Поле Наименование не должно содержать запрещенные символы: 😈"]

        paged = list(wb.iter_card_pages(text_search="LIFE", limit=1, ascending=True))
        assert [p.cards[0].vendor_code for p in paged if p.cards] == sorted(
            by_code, key=lambda code: (by_code[code].updated_at, by_code[code].nm_id))

        card = by_code["LIFE-2"]
        update = CardUpdate(nm_id=card.nm_id, vendor_code=card.vendor_code, title="Кружка новая", brand=card.brand,
                            description=card.description, dimensions=card.dimensions,
                            characteristics=card.characteristics, sizes=card.sizes)
        wb.update_cards([update])
        wait_for(lambda: [c for c in wb.iter_cards(text_search="LIFE-2") if c.title == "Кружка новая"])

        added = wb.upload_add(by_code["LIFE-0"].imt_id or 0, [mug("LIFE-ADD", barcodes[4], colour="синий")])
        assert added.accepted == ["LIFE-ADD"]
        joined = wait_for(lambda: [c for c in wb.iter_cards(text_search="LIFE-ADD")])
        assert joined[0].imt_id == by_code["LIFE-0"].imt_id

        photo = f"{sb.url}/cdn/img/mug-1-900x1200.jpg"
        wb.media_save(card.nm_id, [photo, f"{sb.url}/cdn/img/mug-2-900x1200.jpg"])
        wait_for(lambda: [c for c in wb.iter_cards(text_search="LIFE-2") if len(c.photos) == 2])
        wb.media_file(card.nm_id, 3, httpx.get(photo).content)
        wait_for(lambda: [c for c in wb.iter_cards(text_search="LIFE-2") if len(c.photos) == 3])

        task = wb.upload_price_task([PriceItem(nm_id=c.nm_id, price=790, discount=10) for c in cards])
        assert task.id and not task.already_exists
        again = wb.upload_price_task([PriceItem(nm_id=c.nm_id, price=790, discount=10) for c in cards])
        assert again.id == task.id and again.already_exists
        done = wait_for(lambda: wb.get_price_task(task.id))
        assert done.status == 3 and done.success_goods_number == 3
        goods = list(wb.iter_price_task_goods(task.id, limit=2))
        assert sorted(g.nm_id for g in goods) == sorted(c.nm_id for c in cards) and {g.status for g in goods} == {2}

        warehouse = wb.list_warehouses()[0]
        amounts = [StockAmount(chrt_id=c.sizes[0].chrt_id or 0, amount=5 + i) for i, c in enumerate(cards)]
        wb.set_stocks(warehouse.id, amounts)
        assert sorted(wb.get_stocks(warehouse.id, [a.chrt_id for a in amounts]), key=lambda s: s.amount) == amounts
    recorder.assert_conforms()
    assert sorted(c["vendorCode"] for c in cards_of(sb, "life")) == ["LIFE-0", "LIFE-1", "LIFE-2", "LIFE-ADD"]


def test_reused_vendor_code_is_refused(sb):
    with WbClient(seller(sb, "dupe")) as wb:
        barcodes = wb.generate_barcodes(2)
        wb.upload_cards(mug_groups("DUPE", barcodes[:1]))
        before = stats(sb)["events"].get("wb.vendor_code_conflict", 0)
        with pytest.raises(BadRequestError, match="vendor code is used in other cards") as caught:
            wb.upload_cards([mug_groups("DUPE", barcodes[1:2])[0]])
        assert caught.value.status == 400
        assert stats(sb)["events"].get("wb.vendor_code_conflict", 0) == before + 1
    assert len(cards_of(sb, "dupe")) <= 1


class LosingTransport(httpx.HTTPTransport):
    """Delivers the first ``cards/upload`` to the sandbox, then loses its answer."""

    def __init__(self) -> None:
        super().__init__()
        self.lost = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.url.path.endswith("/content/v2/cards/upload") and not self.lost:
            self.lost += 1
            response.read()
            response.close()
            raise httpx.ReadTimeout("answer lost on the way back", request=request)
        return response


@pytest.mark.parametrize(("wait", "conflicts"), [(60.0, 0), (0.01, 3)])
def test_lost_upload_answer_creates_each_card_once(sb, wait, conflicts):
    """Reconciliation finds the cards (long enough wait), or the resend's conflict proves them accepted.

    The sandbox counts one ``wb.vendor_code_conflict`` per clashing code."""
    name = f"lost{conflicts}"
    transport = LosingTransport()
    before = stats(sb)["events"].get("wb.vendor_code_conflict", 0)
    with WbClient(seller(sb, name), transport=transport, card_creation_wait=wait) as wb:
        groups = mug_groups(name.upper(), wb.generate_barcodes(3), per_group=3)
        outcome = wb.upload_cards(groups)
        assert transport.lost == 1 and outcome.ambiguous_attempts == 1
        codes = [f"{name.upper()}-{n}" for n in range(3)]
        assert outcome.accepted == codes
        assert outcome.resent == ([] if not conflicts else codes)
        assert set(outcome.created) == (set(codes) if not conflicts else set())
        wait_for(lambda: len(list(wb.iter_cards(text_search=name.upper()))) == 3 or None)
    assert stats(sb)["events"].get("wb.vendor_code_conflict", 0) - before == conflicts
    assert sorted(c["vendorCode"] for c in cards_of(sb, name)) == codes


def test_token_categories_and_expiry(sb):
    content_only = seller(sb, "cats").model_copy(update={"wb_token": SecretStr("sandbox-wb-token.cats~content")})
    with WbClient(content_only) as wb:
        assert wb.get_parents()
        with pytest.raises(PermissionDeniedError) as denied:
            wb.get_price_task(1)
        assert denied.value.status == 403
    expired = seller(sb, "x").model_copy(update={"wb_token": SecretStr("sandbox-wb-token~expired")})
    with WbClient(expired) as wb, pytest.raises(AuthenticationError) as caught:
        wb.get_parents()
    assert caught.value.status == 401 and "expired" in caught.value.message
    assert "sandbox-wb-token" not in str(caught.value)


def test_client_pacing_stays_inside_the_limits(sb, caplog):
    """At the sandbox's own speed, 12 error-list reads (10/min, burst 5) never meet a 429."""
    caplog.set_level(logging.INFO, logger="engine.http.client")
    with WbClient(seller(sb, "pace")) as wb:
        start = time.monotonic()
        for _ in range(12):
            list(wb.iter_error_list())
        elapsed = time.monotonic() - start
    assert not any("429" in r.getMessage() for r in caplog.records)
    assert elapsed >= 8 * 6.0 / SPEED * 0.9  # 12 calls, 4 of them free, then one per scaled 6 s


def test_429_headers_are_honoured(caplog):
    """The client thinks WB is 100x faster than the sandbox: pings hit 429 and wait X-Ratelimit-Retry."""
    caplog.set_level(logging.INFO, logger="engine.http.client")
    with sandbox(speed=10) as slow, WbClient(seller(slow, "rl", speed=1000)) as wb:
        start = time.monotonic()
        for _ in range(5):  # ping: 3 per 30 s, burst 3 -> 1 token per second at speed 10
            assert wb.ping().status == "OK"
        elapsed = time.monotonic() - start
    retries = [r for r in caplog.records if "HTTP 429" in r.getMessage()]
    assert retries
    assert 1.5 <= elapsed < 8
