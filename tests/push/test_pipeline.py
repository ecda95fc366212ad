"""The push against the sandbox: every row ends final, nothing twice, dry runs write nothing, re-push updates."""

from collections import Counter
from typing import Any

import httpx
import openpyxl

from engine.errors import BadRequestError
from engine.push import PushOptions, RowResult, create_job, row_results, run_slice, seller_key
from engine.push.states import CardStatus, RowStatus
from engine.store import PushCard, PushPayload
from engine.wb.client import WbClient
from engine.workbook import STATIC_KEYS, read_workbook
from sandbox.wb import cards_of
from tests.push.catalogs import revalidate, sandbox_settings

FINAL = {RowStatus.CREATED, RowStatus.UPDATED, RowStatus.REJECTED, RowStatus.SKIPPED, RowStatus.FAILED}


def events(sb) -> Counter[str]:
    return Counter(httpx.get(f"{sb.url}/_sandbox/stats").json()["events"])


def push(sb, store, report, seller: str, **options: Any) -> tuple[int, list[RowResult]]:
    settings = sandbox_settings(sb, seller=seller)
    with store.session() as session:
        job_id = create_job(session, report, seller_key(settings), PushOptions(**options))
    result = run_slice(store, job_id, lambda _job: WbClient(settings))
    assert result.finished and result.status == "done"
    with store.session() as session:
        return job_id, row_results(session, job_id)


def test_every_row_ends_final_and_each_created_card_exists_once(sb, catalog, store):
    before = events(sb)
    _, results = push(sb, store, catalog.prepared.report, "full")
    assert {r.status for r in results} <= FINAL
    assert len(results) == len(catalog.prepared.report.rows)
    created = [r for r in results if r.status == RowStatus.CREATED]
    assert len(created) > len(results) / 3
    on_wb = cards_of(sb, "full")
    codes = [c["vendorCode"] for c in on_wb]
    assert len(codes) == len(set(codes))
    assert len({r.nm_id for r in created}) == len(on_wb) == (events(sb) - before)["wb.card_created"]
    assert all(r.chrt_id and r.imt_id for r in created)
    assert {r.step_price for r in created} == {"готово"} and {r.step_stock for r in created} <= {"готово", "не нужно"}
    assert all(c["photos"] for c in on_wb)
    rejected = [r for r in results if r.status == RowStatus.REJECTED]
    assert all(r.message for r in rejected)  # WB's own words


def test_dry_run_records_the_exact_writes_and_changes_nothing(sb, catalog, store):
    before = events(sb)
    job_id, results = push(sb, store, catalog.prepared.report, "dry", dry_run=True)
    assert cards_of(sb, "dry") == []
    assert (events(sb) - before)["wb.cards_accepted"] == 0
    assert {r.status for r in results} == {RowStatus.PLANNED}
    with store.session() as session:
        writes = session.query(PushPayload).filter_by(job_id=job_id).all()
    paths = Counter(w.path for w in writes)
    assert paths["/content/v2/cards/upload"] >= 2  # ≤ 100 groups each
    uploads = [w for w in writes if w.path == "/content/v2/cards/upload"]
    import json

    sent = [v["vendorCode"] for w in uploads for g in json.loads(w.body) for v in g["variants"]]
    assert sorted(sent) == sorted(c.vendor_code for c in catalog.prepared.report.cards)
    assert all(len(json.loads(w.body)) <= 100 for w in uploads)
    assert paths["/content/v3/media/save"] == sum(1 for c in catalog.prepared.report.cards if c.photos)
    assert paths["/api/v2/upload/task"] == 1 and paths["/api/v3/stocks/{warehouseId}".replace("{warehouseId}", "")] == 0


def test_resume_after_a_lost_answer_never_creates_a_card_twice(sb, catalog, store):
    """A worker died after its upload left but before the answer was stored: the cards are 'sending'."""
    settings = sandbox_settings(sb, seller="resume")
    report = catalog.prepared.report
    with store.session() as session:
        job_id = create_job(session, report, seller_key(settings), PushOptions())
    from engine.push.cards import full_variant
    from engine.push.context import PushContext, Timing
    from engine.push.jobs import job_cards, job_rows, load_job
    from engine.push.writer import ClientWriter
    from engine.wb.card_models import CardGroup

    session = store.sessions()
    with WbClient(settings) as wb:
        job = load_job(session, job_id)
        job.since = "2020-01-01T00:00:00Z"
        ctx = PushContext(session, job, job_cards(session, job_id), job_rows(session, job_id), wb, ClientWriter(wb),
                          Timing())
        first = [c for c in ctx.cards if c.status == CardStatus.PENDING][:60]
        units: dict[int, list[PushCard]] = {}
        for card in first:
            units.setdefault(card.unit, []).append(card)
        sent = 0
        for cs in units.values():
            group = CardGroup.model_validate({"subjectID": cs[0].subject_id,
                                             "variants": [full_variant(ctx, c) for c in cs]})
            try:
                wb.upload_cards([group])  # reached WB ...
            except BadRequestError:
                continue
            sent += len(cs)
            for card in cs:
                card.status = CardStatus.SENDING  # ... but the answer never made it to the database
        assert sent >= 10
        ctx.save()
    session.close()
    before = events(sb)
    result = run_slice(store, job_id, lambda _job: WbClient(settings))
    assert result.finished
    on_wb = [c["vendorCode"] for c in cards_of(sb, "resume")]
    assert len(on_wb) == len(set(on_wb))
    with store.session() as session:
        results = row_results(session, job_id)
    created = {r.nm_id for r in results if r.status == RowStatus.CREATED}
    assert len(created) == len(on_wb)
    assert (events(sb) - before)["wb.card_created"] <= len(on_wb)


def test_repush_updates_what_changed_and_creates_nothing(sb, catalog, store, tmp_path):
    from engine.results import write_results

    _, results = push(sb, store, catalog.prepared.report, "again")
    result_path = tmp_path / "result.xlsx"
    write_results(catalog.path, result_path, results, specs=catalog.specs, directories=catalog.directories)
    created = next(r for r in results if r.status == RowStatus.CREATED)
    table = next(t for t in read_workbook(result_path).tables if t.title == created.sheet)
    book = openpyxl.load_workbook(result_path)
    for sheet_row in table.rows:  # the title is a card field: every size row of the card
        if sheet_row.get(STATIC_KEYS["nmID"]) == created.nm_id:
            book[created.sheet].cell(row=sheet_row.row, column=table.columns[STATIC_KEYS["title"]]).value = \
                "Новое название"
    book.save(result_path)
    prepared = revalidate(sb, result_path)
    assert not prepared.report.issues
    before = events(sb)
    job_id, second = push(sb, store, prepared.report, "again")
    delta = events(sb) - before
    assert delta["wb.card_created"] == 0 and delta["wb.card_updated"] >= 1
    statuses = Counter(r.status for r in second)
    assert statuses[RowStatus.UPDATED] >= 1 and statuses[RowStatus.CREATED] == 0
    card = next(c for c in cards_of(sb, "again") if c["nmID"] == created.nm_id)
    assert card["title"] == "Новое название"
    with store.session() as session:
        states = Counter(c.status for c in session.query(PushCard).filter_by(job_id=job_id))
    assert states[CardStatus.UNCHANGED] > 0  # the untouched cards were not rewritten
    before = events(sb)
    _, third = push(sb, store, prepared.report, "again", only_failed=True)
    assert (events(sb) - before)["wb.card_created"] == 0
    assert all(r.status in (RowStatus.SKIPPED, RowStatus.REJECTED) for r in third)
