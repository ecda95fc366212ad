"""``cards/upload/add``: a re-pushed workbook whose new card joins a group already on WB (its imtID).

The story each test starts from: the seller pushed the catalog without one card of a merged group; the
result workbook (nmID/imtID filled in) comes back with that card, so the push must add it to the group on
WB rather than upload a new group.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx

from engine.push import PushOptions, RowResult, create_job, row_results, run_slice, seller_key
from engine.push.states import CardStatus, RowStatus
from engine.results import write_results
from engine.store import PushCard, PushPayload, Store
from engine.validation import ValidationReport
from engine.wb.client import WbClient
from sandbox.server import RunningSandbox
from sandbox.wb import cards_of
from tests.push.catalogs import Catalog, revalidate, sandbox_settings

ADD = "/content/v2/cards/upload/add"
UPLOAD = "/content/v2/cards/upload"


def calls(sb: RunningSandbox) -> Counter[str]:
    raw = httpx.get(f"{sb.url}/_sandbox/stats").json()["calls"]
    return Counter({key.replace("/wb/", "/"): n for key, n in raw.items()})


def events(sb: RunningSandbox) -> Counter[str]:
    return Counter(httpx.get(f"{sb.url}/_sandbox/stats").json()["events"])


def without(report: ValidationReport, codes: set[str]) -> ValidationReport:
    """The report as if the cards ``codes`` were not in the workbook."""
    groups = [replace(g, cards=tuple(c for c in g.cards if c.vendor_code not in codes)) for g in report.groups]
    return replace(report, groups=[g for g in groups if g.cards],
                   cards=[c for c in report.cards if c.vendor_code not in codes],
                   rows=[r for r in report.rows if r.vendor_code not in codes])


def where(report: ValidationReport, *codes: str) -> set[tuple[str, int]]:
    return {(r.sheet, r.row) for r in report.rows if r.vendor_code in codes}


def run(sb: RunningSandbox, store: Store, report: ValidationReport, seller: str,
        **options: Any) -> tuple[int, list[RowResult]]:
    settings = sandbox_settings(sb, seller=seller)
    with store.session() as session:
        job_id = create_job(session, report, seller_key(settings), PushOptions(**options))
    result = run_slice(store, job_id, lambda _job: WbClient(settings))
    assert result.finished and result.status == "done"
    with store.session() as session:
        return job_id, row_results(session, job_id)


def first_push(sb: RunningSandbox, catalog: Catalog, store: Store, seller: str, tmp_path: Path,
               *, left_out: int = -1) -> tuple[str, Path]:
    """Push the catalog without one card of a merged group; return that card's code and the result workbook."""
    group = next(g for g in catalog.prepared.report.groups if g.group is not None and len(g.cards) >= 3)
    missing = group.cards[left_out].vendor_code
    _, results = run(sb, store, without(catalog.prepared.report, {missing}), seller)
    mates = where(catalog.prepared.report, *(c.vendor_code for c in group.cards if c.vendor_code != missing))
    assert {r.status for r in results if (r.sheet, r.row) in mates} == {RowStatus.CREATED}
    out = tmp_path / "result.xlsx"
    write_results(catalog.path, out, results, specs=catalog.specs, directories=catalog.directories)
    return missing, out


def group_on_wb(sb: RunningSandbox, seller: str, code: str) -> list[dict[str, Any]]:
    cards = cards_of(sb, seller)
    imt = next(c["imtID"] for c in cards if c["vendorCode"] == code)
    return [c for c in cards if c["imtID"] == imt]


def test_a_new_card_joins_its_group_on_wb_through_upload_add(sb, catalog, store, tmp_path):
    missing, result_path = first_push(sb, catalog, store, "addok", tmp_path)
    prepared = revalidate(sb, result_path)
    assert not prepared.report.issues
    before_calls, before = calls(sb), events(sb)
    job_id, results = run(sb, store, prepared.report, "addok")
    used, happened = calls(sb) - before_calls, events(sb) - before
    assert happened["wb.card_created"] == 1
    assert used[f"POST {ADD}"] == 1 and used[f"POST {UPLOAD}"] == 0
    added = [r for r in results if (r.sheet, r.row) in where(prepared.report, missing)]
    assert added and {r.status for r in added} == {RowStatus.CREATED}
    mates = [c for c in group_on_wb(sb, "addok", missing) if c["vendorCode"] != missing]
    assert len(mates) >= 2 and {r.imt_id for r in added} == {mates[0]["imtID"]}
    assert all(r.chrt_id for r in added)
    codes = [c["vendorCode"] for c in cards_of(sb, "addok")]
    assert len(codes) == len(set(codes))
    with store.session() as session:
        states = Counter(c.status for c in session.query(PushCard).filter_by(job_id=job_id))
    assert states[CardStatus.CREATED] == 1 and states[CardStatus.UNCHANGED] > 0


def test_a_dry_run_shows_the_upload_add_payload_and_writes_nothing(sb, catalog, store, tmp_path):
    missing, result_path = first_push(sb, catalog, store, "adddry", tmp_path)
    prepared = revalidate(sb, result_path)
    before = events(sb)
    job_id, results = run(sb, store, prepared.report, "adddry", dry_run=True)
    assert (events(sb) - before)["wb.cards_accepted"] == 0
    with store.session() as session:
        adds = [json.loads(w.body) for w in session.query(PushPayload).filter_by(job_id=job_id, path=ADD)]
    imt = group_on_wb(sb, "adddry", next(c.vendor_code for g in prepared.report.groups
                                          for c in g.cards if missing in {x.vendor_code for x in g.cards}
                                          and c.vendor_code != missing))[0]["imtID"]
    assert [(a["imtID"], [v["vendorCode"] for v in a["cardsToAdd"]]) for a in adds] == [(imt, [missing])]
    assert {r.status for r in results if (r.sheet, r.row) in where(prepared.report, missing)} == {RowStatus.PLANNED}


def test_wb_refusing_the_added_card_rejects_it_with_wb_words_and_nothing_else(sb, catalog, store, tmp_path):
    """The group on WB holds a card the seller since deleted from the sheet; the new card repeats its colour,
    which only WB can see: WB refuses the addition, the card is rejected with WB's message verbatim."""
    missing, result_path = first_push(sb, catalog, store, "addrefused", tmp_path)
    prepared = revalidate(sb, result_path)
    group = next(g for g in prepared.report.groups if missing in {c.vendor_code for c in g.cards})
    gone = next(c for c in group.cards if c.vendor_code != missing)
    new = next(c for c in group.cards if c.vendor_code == missing)
    same_colour = replace(new, characteristics={**new.characteristics, 14177449: gone.characteristics[14177449]})
    report = without(prepared.report, {gone.vendor_code})
    report = replace(report, groups=[replace(g, cards=tuple(same_colour if c is new else c for c in g.cards))
                                     for g in report.groups])
    before = events(sb)
    job_id, results = run(sb, store, report, "addrefused")
    assert (events(sb) - before)["wb.card_created"] == 0
    refused = [r for r in results if (r.sheet, r.row) in where(prepared.report, missing)]
    assert refused and {r.status for r in refused} == {RowStatus.REJECTED}
    assert all("non unique characteristics" in r.message for r in refused)
    assert missing not in {c["vendorCode"] for c in cards_of(sb, "addrefused")}
    with store.session() as session:
        states = Counter(c.status for c in session.query(PushCard).filter_by(job_id=job_id))
    assert states[CardStatus.REJECTED] == 1 and states[CardStatus.CREATED] == 0


def test_resume_after_a_lost_upload_add_answer_creates_the_card_once(sb, catalog, store, tmp_path):
    from engine.push.cards import full_variant
    from engine.push.context import PushContext, Timing
    from engine.push.jobs import job_cards, job_rows, load_job
    from engine.push.writer import ClientWriter
    from engine.wb.card_models import CardDraft

    missing, result_path = first_push(sb, catalog, store, "addresume", tmp_path)
    prepared = revalidate(sb, result_path)
    settings = sandbox_settings(sb, seller="addresume")
    with store.session() as session:
        job_id = create_job(session, prepared.report, seller_key(settings), PushOptions())
    imt = group_on_wb(sb, "addresume", next(c.vendor_code for g in prepared.report.groups
                                             if missing in {x.vendor_code for x in g.cards}
                                             for c in g.cards if c.vendor_code != missing))[0]["imtID"]
    session = store.sessions()
    with WbClient(settings) as wb:
        job = load_job(session, job_id)
        job.since = "2020-01-01T00:00:00Z"
        ctx = PushContext(session, job, job_cards(session, job_id), job_rows(session, job_id), wb, ClientWriter(wb),
                          Timing())
        card = ctx.by_code[missing]
        wb.upload_add(imt, [CardDraft.model_validate(full_variant(ctx, card))])  # reached WB ...
        card.status = CardStatus.SENDING  # ... but the answer never made it to the database
        ctx.save()
    session.close()
    before = events(sb)
    result = run_slice(store, job_id, lambda _job: WbClient(settings))
    assert result.finished and result.status == "done"
    assert (events(sb) - before)["wb.card_created"] <= 1
    on_wb = [c["vendorCode"] for c in cards_of(sb, "addresume")]
    assert on_wb.count(missing) == 1 and len(on_wb) == len(set(on_wb))
    with store.session() as session:
        added = [r for r in row_results(session, job_id) if (r.sheet, r.row) in where(prepared.report, missing)]
    assert {r.status for r in added} == {RowStatus.CREATED} and {r.imt_id for r in added} == {imt}


def test_the_original_workbook_pushed_again_adds_the_new_card_to_the_group_it_finds_on_wb(sb, catalog, store,
                                                                                             tmp_path):
    """No nmID/imtID in the sheet: WB's vendor-code clash makes the push list the seller's cards, and the new
    card then joins its mates' group instead of a new one."""
    missing, _ = first_push(sb, catalog, store, "addagain", tmp_path)
    before_calls, before = calls(sb), events(sb)
    _, results = run(sb, store, catalog.prepared.report, "addagain")
    assert (events(sb) - before)["wb.card_created"] == 1
    assert (calls(sb) - before_calls)[f"POST {ADD}"] == 1
    added = [r for r in results if (r.sheet, r.row) in where(catalog.prepared.report, missing)]
    assert {r.status for r in added} == {RowStatus.CREATED}
    mates = [c for c in group_on_wb(sb, "addagain", missing) if c["vendorCode"] != missing]
    assert len(mates) >= 2 and {r.imt_id for r in added} == {mates[0]["imtID"]}
    codes = [c["vendorCode"] for c in cards_of(sb, "addagain")]
    assert len(codes) == len(set(codes))


def test_only_failed_repush_still_adds_the_new_card_to_the_group(sb, catalog, store, tmp_path):
    missing, result_path = first_push(sb, catalog, store, "addfailed", tmp_path)
    prepared = revalidate(sb, result_path)
    before = events(sb)
    _, results = run(sb, store, prepared.report, "addfailed", only_failed=True)
    assert (events(sb) - before)["wb.card_created"] == 1
    added = [r for r in results if (r.sheet, r.row) in where(prepared.report, missing)]
    assert {r.status for r in added} == {RowStatus.CREATED}
    mates = [c for c in group_on_wb(sb, "addfailed", missing) if c["vendorCode"] != missing]
    assert {r.imt_id for r in added} == {mates[0]["imtID"]}


def test_a_group_whose_cards_are_gone_from_wb_gets_the_new_card_uploaded_not_added(sb, catalog, store, tmp_path):
    """The sheet's nmID/imtID of the new card's mates point at nothing on WB (deleted, or mistyped): they fail
    as not found, and the new card must not be sent to that dead imtID."""
    import openpyxl

    from engine.workbook import STATIC_KEYS, read_workbook

    missing, result_path = first_push(sb, catalog, store, "addgone", tmp_path)
    mates = where(catalog.prepared.report, *(c.vendor_code for g in catalog.prepared.report.groups
                                             if missing in {x.vendor_code for x in g.cards}
                                             for c in g.cards if c.vendor_code != missing))
    book = openpyxl.load_workbook(result_path)
    for table in read_workbook(result_path).tables:
        for row in table.rows:
            if (table.title, row.row) in mates:
                book[table.title].cell(row=row.row, column=table.columns[STATIC_KEYS["nmID"]]).value = 7 + row.row
                book[table.title].cell(row=row.row, column=table.columns[STATIC_KEYS["imtID"]]).value = 5
    book.save(result_path)
    prepared = revalidate(sb, result_path)
    before_calls, before = calls(sb), events(sb)
    _, results = run(sb, store, prepared.report, "addgone")
    assert (calls(sb) - before_calls)[f"POST {ADD}"] == 0
    assert (events(sb) - before)["wb.card_created"] == 1
    added = [r for r in results if (r.sheet, r.row) in where(prepared.report, missing)]
    assert {r.status for r in added} == {RowStatus.CREATED} and all(r.imt_id not in (None, 5) for r in added)
    assert {r.status for r in results if (r.sheet, r.row) in mates} == {RowStatus.FAILED}
