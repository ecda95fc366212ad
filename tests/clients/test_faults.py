"""With 30 % injected faults (429, 500, hung answers, dropped connections) the clients still
read the whole catalog exactly once and never create a card twice."""

import logging
from collections import Counter
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from engine.http import RetryPolicy
from engine.ozon import OzonClient
from engine.wb import WbClient
from sandbox.catalog import generate_catalog
from sandbox.config import FaultSpec
from sandbox.server import RunningSandbox
from sandbox.wb import cards_of
from tests.clients.sandbox_support import sandbox, settings_for, stats
from tests.clients.wb_cards import mug_groups

SPEED = 30
FAULTS = "429=0.1,500=0.1,timeout=0.05,reset=0.05"


@pytest.fixture(scope="module")
def sb() -> Iterator[RunningSandbox]:
    with sandbox(speed=SPEED, faults=FaultSpec.parse(FAULTS), fault_hang_seconds=1.0, card_creation_delay=6.0,
                 seed=7) as running:
        yield running


def policy() -> RetryPolicy:
    # Enough attempts that 30 % faults almost never exhaust them; a short read timeout for hung answers.
    return RetryPolicy(max_attempts=12, backoff_base=0.02, backoff_cap=0.2, timeout=0.4, overall_timeout=60)


def test_catalog_read_is_complete_and_exactly_once(sb):
    truth = generate_catalog(None, sb.config.seed)
    before = stats(sb)["faults"]
    with OzonClient(settings_for(sb), policy=policy()) as client:
        first = client.read_catalog()
        second = client.read_catalog()
    for products in (first, second):
        ids = [p.product_id for p in products]
        assert len(ids) == len(set(ids)) == len(truth)
        assert set(ids) == {p.product_id for p in truth}
        assert all(p.info and p.details and p.prices for p in products)
    faults = Counter(stats(sb)["faults"]) - Counter(before)
    assert sum(faults.values()) >= 2  # the read really went through faults


def test_card_upload_is_never_duplicated(sb, caplog):
    caplog.set_level(logging.INFO, logger="engine")
    settings = settings_for(sb).model_copy(update={"wb_token": SecretStr("sandbox-wb-token.faulty")})
    events_before = Counter(stats(sb)["events"])
    outcomes = []
    with WbClient(settings, policy=policy(), card_creation_wait=30.0) as wb:
        barcodes = wb.generate_barcodes(36)
        for batch in range(6):
            groups = mug_groups(f"F{batch}", barcodes[batch * 6 : batch * 6 + 6], per_group=2)
            outcomes.append(wb.upload_cards(groups))
        accepted = [code for o in outcomes for code in o.accepted]
        assert sorted(accepted) == sorted(f"F{b}-{n}" for b in range(6) for n in range(6))
        assert not any(o.rejected for o in outcomes)
        # Let everything accepted materialise, then look at what exists.
        created = {}
        for _ in range(200):
            created = {c.vendor_code: c for c in wb.iter_cards(text_search="F")}
            if len(created) == len(accepted):
                break
    codes = [c["vendorCode"] for c in cards_of(sb, "faulty")]
    assert sorted(codes) == sorted(accepted)  # every accepted card exists, each exactly once
    assert set(created) == set(accepted)
    events = Counter(stats(sb)["events"]) - events_before
    assert events["wb.card_created"] == len(accepted)
    ambiguous = sum(o.ambiguous_attempts for o in outcomes)
    resent = sum(len(o.resent) for o in outcomes)
    # A conflict can only come from resending codes of an unanswered attempt; never more than we resent.
    assert events["wb.vendor_code_conflict"] <= resent
    assert ambiguous >= 1, "the fault rate should have cost at least one answer"
