"""The workbook opens in LibreOffice and survives its xlsx -> xlsx round trip (one conversion, a few seconds)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from engine.workbook.columns import STATIC_KEYS
from engine.workbook.layout import LISTS_TITLE
from engine.workbook.reader import read_workbook
from tests.workbook.conftest import FORMULA_TITLE
from tests.workbook.editing import columns_of

pytestmark = pytest.mark.libreoffice

_QUOTED_SHEET = re.compile(r"'((?:[^']|'')+)'!")


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.fail("LibreOffice is not installed: apt-get install -y --no-install-recommends libreoffice-calc")
    return found


def _plain(formula: str) -> str:
    """LibreOffice drops quotes around sheet names that need none; compare without them."""
    return _QUOTED_SHEET.sub(lambda m: m.group(1).replace("''", "'") + "!", formula)


def _validations(ws) -> set[tuple[str, str, str, str | None, str | None]]:
    # LibreOffice writes a formula2 of "0" where none is needed; only number ranges use it
    return {(str(dv.sqref), dv.type, _plain(dv.formula1), dv.formula2 if dv.type in ("whole", "decimal") else None,
             dv.errorStyle) for dv in ws.data_validations.dataValidation}


def _names(ws) -> dict[str, str]:
    return {name: _plain(d.attr_text) for name, d in ws.defined_names.items()}


@pytest.fixture(scope="module")
def converted(small_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lo")
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run(
        [_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(small_book)],
        check=True, capture_output=True, timeout=120,
    )
    return out / small_book.name


def test_round_trip_keeps_dropdowns_and_names(small_book: Path, converted: Path) -> None:
    ours, theirs = openpyxl.load_workbook(small_book), openpyxl.load_workbook(converted)
    assert theirs.sheetnames == ours.sheetnames
    assert theirs[LISTS_TITLE].sheet_state in ("hidden", "veryHidden")  # LibreOffice knows no veryHidden
    data_sheets = [ws.title for ws in ours.worksheets if "static_vendorCode_0" in ws.defined_names]
    assert len(data_sheets) == 4
    for title in data_sheets:
        assert _validations(theirs[title]) == _validations(ours[title]), title
        assert _names(theirs[title]) == _names(ours[title]), title
    lists = ours[LISTS_TITLE]
    assert [[c.value for c in r] for r in theirs[LISTS_TITLE].iter_rows()] == [[c.value for c in r]
                                                                              for r in lists.iter_rows()]


def test_round_trip_keeps_text_as_text_and_reads_back(small_book: Path, converted: Path) -> None:
    ws = openpyxl.load_workbook(converted)["Джинсы"]
    title = ws.cell(5, columns_of(ws)[STATIC_KEYS["title"]])
    assert (title.value, title.data_type) == (FORMULA_TITLE, "s")
    for sheet in openpyxl.load_workbook(converted).worksheets:
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    original = [r.as_dict() for r in read_workbook(small_book).rows()]
    assert [r.as_dict() for r in read_workbook(converted).rows()] == original
