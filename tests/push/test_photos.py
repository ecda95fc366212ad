"""Photos WB cannot take by link are downloaded, fixed with Pillow and uploaded as files; broken ones are named."""

import openpyxl

from engine.push import PushOptions, Timing, create_job, row_results, run_slice, seller_key
from engine.push.states import RowStatus
from engine.wb.client import WbClient
from engine.workbook import STATIC_KEYS, read_workbook
from sandbox.wb import cards_of
from tests.push.catalogs import revalidate, sandbox_settings


def test_small_and_broken_photos(sb, workbook, store):
    table = read_workbook(workbook).tables[0]
    code = table.rows[0].get(STATIC_KEYS["vendorCode"])
    photos = ";".join([f"{sb.url}/cdn/img/small-400x300.jpg", f"{sb.url}/cdn/img/corrupt-1.jpg",
                       f"{sb.url}/cdn/img/fine-900x1200.png"])
    book = openpyxl.load_workbook(workbook)
    for row in table.rows:
        if row.get(STATIC_KEYS["vendorCode"]) == code:
            book[table.title].cell(row=row.row, column=table.columns[STATIC_KEYS["photo"]]).value = photos
    book.save(workbook)
    report = revalidate(sb, workbook).report
    card = next(c for c in report.cards if c.vendor_code == code)
    only = type(report)(rows=list(card.sizes), cards=[card],
                        groups=[g for g in report.groups if card in g.cards][:1])
    only.groups = [type(only.groups[0])(card.subject_id, None, (card,))]
    settings = sandbox_settings(sb, seller="photos")
    with store.session() as session:
        job_id = create_job(session, only, seller_key(settings), PushOptions())
    timing = Timing().scaled(sb.config.speed)
    timing = type(timing)(**{**timing.__dict__, "photos": 1.0})  # give up on the links quickly
    assert run_slice(store, job_id, lambda _job: WbClient(settings), timing=timing).finished
    with store.session() as session:
        results = row_results(session, job_id)
    assert {r.status for r in results} == {RowStatus.CREATED}
    assert {r.step_photos for r in results} == {"готово"}
    message = results[0].message
    assert "фото 1: увеличено с 400×300" in message and "фото 2: файл повреждён" in message
    on_wb = next(c for c in cards_of(sb, "photos") if c["vendorCode"] == code)
    assert len(on_wb["photos"]) == 2  # the two usable photos, uploaded as files
