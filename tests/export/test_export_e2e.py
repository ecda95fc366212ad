"""``ozwb export`` on the sample catalog: the workbook a seller opens, read back cell by cell."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from engine.workbook import ReadRow, read_workbook
from engine.workbook.columns import stock_key
from engine.workbook.layout import SUBJECT_NAME_PREFIX
from tests.export.conftest import KAZAN, PODOLSK, Cli, rows_by_offer, value

ADVERSARIAL = {
    p["offer_id"] + ("#archived" if p["archived"] else ""): p
    for p in json.loads((Path(__file__).resolve().parents[2] / "samples/ozon/adversarial.json").read_text())["products"]
}
MISSING_FILL = "FFC7CE"


@pytest.fixture(scope="module")
def exported(cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("export") / "catalog.xlsx"
    result = cli("export", "--out", str(out), "--markup", "10", "--rounding", "up100", "--warehouse", f"fbs={KAZAN}")
    assert result.exit_code == 0, result.output
    return out, result.output


@pytest.fixture(scope="module")
def rows(exported: tuple[Path, str]) -> dict[str, ReadRow]:
    return rows_by_offer(exported[0])


@pytest.fixture(scope="module")
def book(exported: tuple[Path, str]) -> openpyxl.Workbook:
    return openpyxl.load_workbook(exported[0])


def test_summary_in_russian(exported):
    output = exported[1]
    assert "Готово:" in output
    assert "Товаров на Ozon: 441, перенесено 427, архивных пропущено 14." in output
    assert "Карточек WB: " in output and "на 34 листах предметов" in output


def test_one_sheet_per_subject_and_every_row_on_its_subjects_sheet(exported):
    content = read_workbook(exported[0])
    ids = [t.subject_id for t in content.tables]
    assert len(ids) == 34 and len(set(ids)) == 34 and all(ids)
    for table in content.tables:
        assert {r.get("static_subject_0") for r in table.rows} == {table.title}
    assert sum(len(t.rows) for t in content.tables) == 427


def test_no_formula_anywhere_and_the_formula_name_is_text(book, rows):
    formulas = [f"{ws.title}!{c.coordinate}" for ws in book.worksheets for line in ws.iter_rows() for c in line
                if c.data_type == "f"]
    assert formulas == []
    row = rows["ADV-FORMULA-01"]
    name = ADVERSARIAL["ADV-FORMULA-01"]["name"]
    assert value(row, "title") == name and value(row, "ozonName") == name
    cell = book[row.sheet][row.coordinate("characteristic_15000000_0")]
    assert cell.value == name and cell.data_type == "s"


def test_long_title_is_cut_to_60_with_the_full_ozon_name_beside_it(rows):
    row = rows["ADV-LONG-01"]
    full = ADVERSARIAL["ADV-LONG-01"]["name"]
    assert len(full) == 300
    title = str(value(row, "title"))
    assert 40 < len(title) <= 60 and full.startswith(title)  # cut at a word, not mid-word
    assert value(row, "ozonName") == full
    assert "сокращено до 60" in str(value(row, "mappingNotes"))


def test_emoji_are_removed_from_the_title_but_kept_in_the_ozon_name(rows):
    row = rows["ADV-EMOJI-01"]
    title = str(value(row, "title"))
    assert not [ch for ch in title if unicodedata.category(ch) == "So"]
    assert "Кружка" in title and "350 мл" in title
    assert value(row, "ozonName") == ADVERSARIAL["ADV-EMOJI-01"]["name"]


def test_html_is_stripped_from_the_description(book, rows):
    description = str(value(rows["ADV-HTML-01"], "description"))
    assert "Надежная защита." in description and "Силикон" in description and "Жирный" in description
    for markup in ("<br", "<li", "<b>", "<script", "alert(", "onerror"):
        assert markup not in description
    texts = [str(c.value) for ws in book.worksheets for line in ws.iter_rows() for c in line if c.value]
    assert not [t for t in texts if "<script" in t.lower()]


def test_missing_dimensions_are_left_empty_and_noted(rows):
    for offer in ("ADV-NODIM-ZERO", "ADV-NODIM-ABSENT"):
        row = rows[offer]
        assert [value(row, f) for f in ("length", "width", "height", "weightBrutto")] == [None] * 4
        assert "Нет габаритов упаковки" in str(value(row, "mappingNotes"))
    assert [value(rows["ADV-UNITS-IN-LB"], f) for f in ("length", "width", "height")] == [49, 31, 11]


def test_archived_twin_is_skipped_by_default(rows):
    twins = [r for key, r in rows.items() if key.startswith("LM-MG-REUSE-01")]
    assert [value(r, "ozonProductId") for r in twins] == [ADVERSARIAL["LM-MG-REUSE-01"]["product_id"]]


def test_two_adjacent_sizes_stay_one_size_of_one_card(rows):
    joined, other = rows["ADV-SIZE2-48"], rows["ADV-SIZE2-52"]
    assert value(joined, "wbSize") == "48-50" and value(joined, "techSize") == "L/XL"
    assert value(other, "wbSize") == "52"
    assert value(joined, "vendorCode") == value(other, "vendorCode")  # one card, two sizes
    assert joined.sheet == other.sheet == "Футболки"


def test_prices_carry_the_markup_and_the_rounding(rows):
    # No old price: WB price = Ozon price + 10 %, rounded up to a multiple of 100.
    assert (value(rows["ADV-EMOJI-01"], "price"), value(rows["ADV-EMOJI-01"], "discount")) == (600, 0)
    # With an old price: the price before discount carries the markup, the discount stays Ozon's.
    formula = rows["ADV-FORMULA-01"]
    assert (value(formula, "price"), value(formula, "discount")) == (1700, 33)  # 1480 * 1.1 = 1628 -> 1700
    for row in rows.values():
        price = value(row, "price")
        assert price is None or (isinstance(price, int) and price % 100 == 0)


def test_stocks_land_in_the_mapped_warehouse_column(rows):
    kazan, podolsk = stock_key(KAZAN), stock_key(PODOLSK)
    assert rows["ADV-FORMULA-01"].get(kazan) == 10
    assert rows["LM-MG-REUSE-01"].get(kazan) == 24  # present 25, reserved 1
    assert all(r.get(podolsk) is None for r in rows.values())


def test_barcodes_are_kept(rows):
    assert value(rows["ADV-TWO-BARCODES"], "barcodes") == "4690000000207;4690000000214"
    assert value(rows["ADV-FORMULA-01"], "barcodes") == "4690000000016"
    assert value(rows["ADV-NO-BARCODE"], "barcodes") is None


def test_missing_required_characteristics_are_marked(book, exported):
    charcs = json.loads((Path(__file__).resolve().parents[2] / "samples/wb/charcs.json").read_text())
    marked = unmarked = 0
    for table in read_workbook(exported[0]).tables:
        required = {c["charcID"] for c in charcs[str(table.subject_id)] if c["required"] or c["isRequiredForCreate"]}
        keys = [k for k in table.columns if k.startswith("characteristic_") and int(k.split("_")[1]) in required]
        sheet = book[table.title]
        for row in table.rows:
            for key in keys:
                if row.get(key) is None:
                    fill = sheet[row.coordinate(key)].fill.fgColor.rgb
                    marked += str(fill).endswith(MISSING_FILL)
                    unmarked += not str(fill).endswith(MISSING_FILL)
    assert marked > 0 and unmarked == 0


def test_sheets_are_tagged_with_their_subject(book):
    tagged = {name for ws in book.worksheets for name in ws.defined_names if name.startswith(SUBJECT_NAME_PREFIX)}
    assert len(tagged) == 34


def test_include_archived_brings_both_twins_with_distinct_vendor_codes(cli: Cli, tmp_path):
    out = tmp_path / "all.xlsx"
    result = cli("export", "--out", str(out), "--include-archived")
    assert result.exit_code == 0, result.output
    assert "перенесено 441, архивных пропущено 0" in result.output
    rows = rows_by_offer(out)
    twins = [r for key, r in rows.items() if key.startswith("LM-MG-REUSE-01")]
    assert sorted(str(value(r, "ozonProductId")) for r in twins) == ["1400000010", "1400000011"]
    codes = [value(r, "vendorCode") for r in twins]
    assert len(set(codes)) == 2 and all(codes)
    assert any("архиве" in str(value(r, "mappingNotes")) for r in twins)
