"""Remembering the WB subject each seller confirmed for an Ozon type."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from engine.store import (
    ConfirmedChoice,
    StoreError,
    load_confirmed,
    open_store,
    ozon_seller_key,
    remember_choices,
    upgrade_to_head,
)


@pytest.fixture
def store(db_settings):
    opened = open_store(db_settings)
    upgrade_to_head(db_settings, opened.engine)
    yield opened
    opened.close()


def test_choices_round_trip_per_seller(store):
    alice, bob = ozon_seller_key("111"), ozon_seller_key("222")
    with store.session() as session:
        assert remember_choices(session, alice, {(17028922, 93244): 192, (200000933, 93182): 69}) == 2
        remember_choices(session, bob, {(17028922, 93244): 184})
    with store.session() as session:
        assert load_confirmed(session, alice) == {(17028922, 93244): 192, (200000933, 93182): 69}
        assert load_confirmed(session, bob) == {(17028922, 93244): 184}
        assert load_confirmed(session, ozon_seller_key("333")) == {}


def test_a_newer_choice_replaces_the_older_one(store):
    seller = ozon_seller_key("111")
    first, later = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)
    with store.session() as session:
        remember_choices(session, seller, {(1, 2): 192, (3, 4): 69}, now=first)
    with store.session() as session:
        remember_choices(session, seller, {(1, 2): 184}, now=later)
    with store.session() as session:
        assert load_confirmed(session, seller) == {(1, 2): 184, (3, 4): 69}
        rows = {(r.description_category_id, r.type_id): r for r in session.scalars(select(ConfirmedChoice))}
        assert rows[(1, 2)].confirmed_at.replace(tzinfo=UTC) == later
        assert rows[(3, 4)].confirmed_at.replace(tzinfo=UTC) == first
        assert session.scalar(select(func.count()).select_from(ConfirmedChoice)) == 2


def test_large_ozon_ids_fit(store):
    seller = ozon_seller_key("111")
    big = (2_000_000_000_123, 971_081_965)  # beyond 32 bits: the columns are BIGINT
    with store.session() as session:
        remember_choices(session, seller, {big: 519})
    with store.session() as session:
        assert load_confirmed(session, seller) == {big: 519}


def test_nothing_to_remember_writes_nothing(store):
    with store.session() as session:
        assert remember_choices(session, ozon_seller_key("111"), {}) == 0
        assert session.scalar(select(func.count()).select_from(ConfirmedChoice)) == 0


def test_the_unique_key_holds_and_a_failed_unit_of_work_leaves_nothing(store):
    seller = ozon_seller_key("111")
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(StoreError), store.session() as session:
        remember_choices(session, seller, {(9, 9): 1})
        for subject in (192, 184):
            session.add(ConfirmedChoice(seller=seller, description_category_id=1, type_id=2, subject_id=subject,
                                        confirmed_at=stamp))
        session.flush()
    with store.session() as session:
        assert load_confirmed(session, seller) == {}


def test_the_seller_key_is_a_stable_fingerprint_not_the_client_id():
    key = ozon_seller_key("1234567")
    assert key == ozon_seller_key(" 1234567 ")
    assert key.startswith("ozon:") and "1234567" not in key
    assert key != ozon_seller_key("1234568")
    assert len(key) <= 64
