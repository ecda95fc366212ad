"""The results workbook: statuses and ids per row, dropdowns rebuilt, a summary chart; the "to fix" workbook."""

import shutil
import warnings
import zipfile
from pathlib import Path

import openpyxl

from engine.push.outcome import RowResult
from engine.push.states import RowStatus
from engine.results import write_results, write_to_fix
from engine.results.summary import SUMMARY_SHEET
from engine.validation import validate_workbook
from engine.workbook import STATIC_KEYS, read_workbook
from engine.workbook.layout import LISTS_TITLE
from tests.validation.corpus_base import corpus_directories, corpus_subjects

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "samples" / "bad" / "valid_base.xlsx"
X14 = REPO / "samples" / "bad" / "excel_x14_validations.xlsx"
FORMULA = '=HYPERLINK("http://evil.example","нажми")'


def results_for(path: Path) -> list[RowResult]:
    """One result per data row, cycling through the final states; WB's message may look like a formula."""
    found = []
    states = [RowStatus.CREATED, RowStatus.REJECTED, RowStatus.CREATED, RowStatus.FAILED, RowStatus.SKIPPED]
    for n, row in enumerate(read_workbook(path).rows()):
        status = states[n % len(states)]
        created = status == RowStatus.CREATED
        found.append(RowResult(
            sheet=row.sheet, row=row.row, status=status, nm_id=300_000_000 + n if created else None,
            imt_id=150_000_000 if created else None, chrt_id=2**40 + n if created else None,
            barcodes="", barcodes_generated=False,
            message=FORMULA if status == RowStatus.REJECTED else "", step_card="создана" if created else "ошибка",
            step_photos="готово" if created else "не нужно", step_price="готово" if created else "не нужно",
            step_stock="готово" if created else "не нужно"))
    return found


def data_validations(path: Path) -> dict[str, int]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the x14 sample: openpyxl says it drops what it cannot read
        book = openpyxl.load_workbook(path)
    return {ws.title: len(ws.data_validations.dataValidation) for ws in book.worksheets
            if ws.title not in (SUMMARY_SHEET, LISTS_TITLE) and ws.data_validations.dataValidation}


def test_every_row_gets_its_status_ids_steps_and_wb_message_as_text(tmp_path):
    out = tmp_path / "result.xlsx"
    results = results_for(BASE)
    summary = write_results(BASE, out, results, specs=corpus_subjects(), directories=corpus_directories())
    assert summary.rows == len(results) and sum(summary.by_status.values()) == len(results)
    book = openpyxl.load_workbook(out)
    tables = {t.title: t for t in read_workbook(out).tables}
    for result in results:
        table = tables[result.sheet]
        cell = book[result.sheet].cell
        assert cell(result.row, table.columns[STATIC_KEYS["status"]]).value == result.label
        assert cell(result.row, table.columns[STATIC_KEYS["nmID"]]).value == result.nm_id
        assert cell(result.row, table.columns[STATIC_KEYS["chrtID"]]).value == result.chrt_id
        assert cell(result.row, table.columns[STATIC_KEYS["stepCard"]]).value == result.step_card
        message = cell(result.row, table.columns[STATIC_KEYS["wbMessage"]])
        if result.message:
            assert message.value == FORMULA and message.data_type == "s"  # shown, never evaluated


def test_summary_sheet_counts_statuses_and_carries_a_bar_chart(tmp_path):
    out = tmp_path / "result.xlsx"
    write_results(BASE, out, results_for(BASE), specs=corpus_subjects(), directories=corpus_directories())
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == SUMMARY_SHEET
    labels = [c.value for c in book[SUMMARY_SHEET]["A"]]
    assert "Создана" in labels and "Отклонена WB" in labels
    with zipfile.ZipFile(out) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert charts and b"barChart" in archive.read(charts[0])


def test_a_workbook_excel_saved_with_x14_lists_gets_our_validations_back(tmp_path):
    source = tmp_path / "x14.xlsx"
    shutil.copy(X14, source)
    before = data_validations(source)  # what openpyxl still sees after Excel moved lists into x14
    out = tmp_path / "result.xlsx"
    write_results(source, out, results_for(source), specs=corpus_subjects(), directories=corpus_directories())
    after = data_validations(out)
    reference = tmp_path / "reference.xlsx"
    write_results(BASE, reference, results_for(BASE), specs=corpus_subjects(), directories=corpus_directories())
    assert after == data_validations(reference)
    assert before  # the file did have validations openpyxl could read; the x14 one it could not


def test_dropdowns_a_spreadsheet_program_dropped_come_back(tmp_path):
    source = tmp_path / "stripped.xlsx"
    book = openpyxl.load_workbook(BASE)
    for sheet in book.worksheets:
        sheet.data_validations.dataValidation = []  # what a round trip through x14 leaves openpyxl
    book.save(source)
    assert not data_validations(source)
    out = tmp_path / "result.xlsx"
    write_results(source, out, results_for(source), specs=corpus_subjects(), directories=corpus_directories())
    reference = tmp_path / "reference.xlsx"
    write_results(BASE, reference, results_for(BASE), specs=corpus_subjects(), directories=corpus_directories())
    assert data_validations(out) == data_validations(reference) != {}
    book = openpyxl.load_workbook(out)
    assert book[LISTS_TITLE].sheet_state == "veryHidden"
    subject_lists = [dv for ws in book.worksheets for dv in ws.data_validations.dataValidation
                     if dv.type == "list" and dv.formula1 and dv.formula1.startswith(f"'{LISTS_TITLE}'!")]
    assert subject_lists


def test_to_fix_holds_only_the_rows_that_need_the_seller_and_validates_again(tmp_path):
    out = tmp_path / "result.xlsx"
    results = results_for(BASE)
    write_results(BASE, out, results, specs=corpus_subjects(), directories=corpus_directories())
    fix = tmp_path / "fix.xlsx"
    count = write_to_fix(out, fix, results, specs=corpus_subjects(), directories=corpus_directories())
    wanted = [r for r in results if r.status != RowStatus.CREATED]
    assert count == len(wanted)
    report = validate_workbook(fix, subjects=corpus_subjects(), directories=corpus_directories())
    assert report.file_problem is None
    assert len(report.rows) == len(wanted)
    assert all(r.nm_id is None for r in report.rows)
    assert data_validations(fix)
    kept = openpyxl.load_workbook(fix)
    messages = [c for ws in kept.worksheets for row in ws.iter_rows() for c in row if c.value == FORMULA]
    assert messages and all(c.data_type == "s" for c in messages)


def test_nothing_to_fix_writes_no_file(tmp_path):
    out = tmp_path / "result.xlsx"
    results = [r for r in results_for(BASE) if r.status == RowStatus.CREATED]
    write_results(BASE, out, results, specs=corpus_subjects(), directories=corpus_directories())
    assert write_to_fix(out, tmp_path / "fix.xlsx", results, specs=corpus_subjects(),
                        directories=corpus_directories()) == 0
    assert not (tmp_path / "fix.xlsx").exists()
