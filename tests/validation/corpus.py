"""The malformed-workbook corpus in ``samples/bad/``: each file named by its defect, its expected answer beside it.

    .venv/bin/python -m tests.validation.corpus        # regenerate samples/bad/ (deterministic)

Every sample starts from the small valid workbook of ``corpus_base`` written by our own writer, so the
corpus follows the writer's layout. The expected answers are written here by hand, never computed by
the validator: a file problem code, or the exact (sheet, row, column, code) list.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from engine.workbook.columns import STATIC_KEYS, charc_key, stock_key
from tests.validation import edits
from tests.validation.corpus_base import corpus_directories, ean13, shirts, write_base

REPO = Path(__file__).resolve().parents[2]
BAD = REPO / "samples" / "bad"
K = STATIC_KEYS
COLOUR, GENDER, TNVED = charc_key(14177449, 1), charc_key(17596, 1), charc_key(15000001, 1)
J, P, T = "Джинсы", "Сковороды", "Футболки"

Make = Callable[[Path, Path], None]
Expected = str | list[tuple[str, int, str, str]]  # a file problem code, or the row issues


@dataclass(frozen=True)
class Sample:
    name: str
    make: Make
    expected: Expected
    about: str


def cells(sheet: str, changes: dict[tuple[int, str], object]) -> Make:
    return lambda base, dst: edits.edit(base, dst, sheet, changes)


def raw(data: bytes) -> Make:
    def make(base: Path, dst: Path) -> None:
        dst.write_bytes(data)

    return make


def _no_known_sheet(base: Path, dst: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Лист1"
    ws.append(["Артикул", "Название", "Цена"])
    ws.append(["A-1", "Футболка", 990])
    wb.save(dst)
    edits.normalise(dst)


def _zip_without_workbook(base: Path, dst: Path) -> None:
    edits.write_zip(dst, {"readme.txt": "не таблица".encode()})


def _truncated(base: Path, dst: Path) -> None:
    dst.write_bytes(base.read_bytes()[: base.stat().st_size // 2])


def _absurd(base: Path, dst: Path) -> None:
    edits.rewrite_sheet(base, dst, T, lambda xml: xml.replace(
        b"</sheetPr>", b'</sheetPr><dimension ref="A1:XFD1048576"/>', 1))


def _x14(base: Path, dst: Path) -> None:
    """Excel 2010+ re-saves a list validation pointing at another sheet in its x14 extension format."""
    ext = (b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
           b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations '
           b'count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation '
           b'type="list" allowBlank="1" showErrorMessage="1"><x14:formula1><xm:f>_lists!$A$2:$A$35</xm:f>'
           b"</x14:formula1><xm:sqref>E5:E1008</xm:sqref></x14:dataValidation></x14:dataValidations></ext>"
           b"</extLst></worksheet>")
    edits.rewrite_sheet(base, dst, T, lambda xml: xml.replace(b"</worksheet>", ext))


def _thirty_one(base: Path, dst: Path) -> None:
    colours = list(corpus_directories().colors)
    write_base(dst, [shirts(f"T-{n:02d}", ["S"], 1000 + n, group_key="big", colour=colours[n])
                     for n in range(1, 32)])


def _empty(base: Path, dst: Path) -> None:
    write_base(dst, [])


def _reordered(base: Path, dst: Path) -> None:
    edits.rearrange(base, dst, T, hide=(2, 5, 9), extra=("Мои заметки", ["позвонить", None, "ок"]), blank_rows=0)


def _trailing(base: Path, dst: Path) -> None:
    edits.with_blank_rows(base, dst, T, 40)


PHOTOS = ";".join(f"https://ir.ozone.ru/p/{n}.jpg" for n in range(31))
SAMPLES: tuple[Sample, ...] = (
    # --- the file itself
    Sample("not_a_workbook.xlsx", raw("Артикул;Цена\nA-1;990\n".encode()), "file.not_a_workbook",
           "a CSV text renamed to .xlsx"),
    Sample("encrypted.xlsx", raw(edits.encrypted_container()), "file.encrypted",
           "a password-protected workbook: an OLE container with EncryptionInfo/EncryptedPackage"),
    Sample("legacy_xls_renamed.xlsx", raw(edits.legacy_xls_container()), "file.not_a_workbook",
           "an old .xls (OLE container, no encryption) renamed to .xlsx"),
    Sample("truncated_zip.xlsx", _truncated, "file.not_a_workbook", "the first half of a workbook"),
    Sample("zip_without_workbook.xlsx", _zip_without_workbook, "file.not_a_workbook", "a zip with a text file"),
    Sample("zip_bomb.xlsx", lambda base, dst: edits.zip_bomb(dst), "file.too_large",
           "64 KB that unpack to 64 MB of one sheet"),
    Sample("absurd_dimensions.xlsx", _absurd, "file.too_large", "a sheet claiming A1:XFD1048576"),
    Sample("no_known_sheet.xlsx", _no_known_sheet, "file.no_known_sheet", "a seller's own table"),
    Sample("missing_vendor_code_column.xlsx", lambda b, d: edits.delete_column(b, d, T, K["vendorCode"]),
           "file.missing_column", "the vendor code column deleted as Excel deletes it"),
    Sample("missing_title_column.xlsx", lambda b, d: edits.delete_column(b, d, J, K["title"]),
           "file.missing_column", "the title column deleted"),
    Sample("empty_workbook.xlsx", _empty, "file.empty", "our layout with no product rows"),
    # --- tolerated: no issues at all
    Sample("reordered_and_hidden_columns.xlsx", _reordered, [],
           "columns reversed, three hidden, a seller's own column added"),
    Sample("trailing_blank_rows.xlsx", _trailing, [], "40 rows of spaces, empty strings and formats"),
    Sample("excel_x14_validations.xlsx", _x14, [], "a list validation in Excel's x14 extLst format"),
    # --- row issues
    Sample("title_too_long.xlsx", cells(P, {(5, K["title"]): "Сковорода " + "очень " * 10}),
           [(P, 5, "Наименование", "row.too_long")], "a 70-character title"),
    Sample("vendor_code_too_long.xlsx", cells(P, {(5, K["vendorCode"]): "P" * 73}),
           [(P, 5, "Артикул продавца", "row.too_long")], "73 characters"),
    Sample("duplicate_vendor_code.xlsx", cells(T, {(7, K["vendorCode"]): "T-1"}),
           [(T, 7, "Артикул продавца", "row.duplicate")], "T-2 renamed to T-1, size S twice"),
    Sample("vendor_code_on_two_sheets.xlsx", cells(P, {(5, K["vendorCode"]): "J-1"}),
           [(P, 5, "Артикул продавца", "row.duplicate")], "one vendor code on two subject sheets"),
    Sample("bad_ean.xlsx", cells(J, {(6, K["barcodes"]): "4600000001013"}),
           [(J, 6, "Баркоды", "row.bad_barcode")], "a wrong check digit"),
    Sample("duplicate_barcode.xlsx", cells(P, {(5, K["barcodes"]): ean13(100)}),
           [(P, 5, "Баркоды", "row.duplicate")], "P-1 reuses J-1's barcode"),
    Sample("fractional_dimensions.xlsx", cells(P, {(5, K["length"]): 30.5}),
           [(P, 5, "Длина упаковки, см", "row.not_whole")], "30.5 cm"),
    Sample("weight_too_precise.xlsx", cells(P, {(5, K["weightBrutto"]): 0.3505}),
           [(P, 5, "Вес с упаковкой, кг", "row.too_precise")], "four decimals"),
    Sample("negative_price.xlsx", cells(J, {(5, K["price"]): -100}), [(J, 5, "Цена, ₽", "row.out_of_range")],
           "a price below zero"),
    Sample("discount_100.xlsx", cells(J, {(6, K["discount"]): 100}), [(J, 6, "Скидка, %", "row.out_of_range")],
           "a 100 % discount"),
    Sample("text_in_number_column.xlsx", cells(J, {(5, K["price"]): "дорого", (6, stock_key(1093405)): "много"}),
           [(J, 5, "Цена, ₽", "row.not_a_number"), (J, 6, "Остаток: Склад Подольск", "row.not_a_number")],
           "words in number columns"),
    Sample("too_many_photos.xlsx", cells(P, {(5, K["photo"]): PHOTOS}), [(P, 5, "Фото", "row.too_many_values")],
           "31 photo links"),
    Sample("bad_photo_url.xlsx", cells(P, {(5, K["photo"]): "https://ir.ozone.ru/a.jpg; C:\\фото\\1.jpg"}),
           [(P, 5, "Фото", "row.bad_url")], "a local file path among the links"),
    Sample("too_many_colour_values.xlsx",
           cells(T, {(7, COLOUR): "белый; черный; серый; синий; красный; зеленый"}),
           [(T, 7, "Цвет", "row.too_many_values")], "six colours, WB allows five"),
    Sample("colour_not_in_dictionary.xlsx", cells(T, {(7, COLOUR): "бело-розовый в крапинку"}),
           [(T, 7, "Цвет", "row.not_in_dictionary")], "a colour WB does not know"),
    Sample("required_characteristic_missing.xlsx", cells(T, {(7, GENDER): None}), [(T, 7, "Пол", "row.required")],
           "«Пол» emptied"),
    Sample("required_for_create_missing.xlsx", cells(T, {(7, TNVED): None}), [(T, 7, "ТНВЭД", "row.required")],
           "ТНВЭД (isRequiredForCreate) emptied"),
    Sample("title_empty.xlsx", cells(P, {(5, K["title"]): None}), [(P, 5, "Наименование", "row.required")],
           "no title"),
    Sample("description_too_long.xlsx", cells(P, {(5, K["description"]): "Слово " * 400}),
           [(P, 5, "Описание", "row.too_long")], "2,400 characters, the subject allows 2,000"),
    Sample("two_subjects_in_one_group.xlsx", cells(J, {(5, K["groupID"]): 1, (6, K["groupID"]): 1}),
           [(J, 5, "Группа", "row.group_conflict")], "jeans put into the shirts' group 1: the odd one out"),
    Sample("same_colour_in_group.xlsx", cells(T, {(7, COLOUR): "белый"}),
           [(T, 5, "Группа", "row.group_not_distinct"), (T, 7, "Группа", "row.group_not_distinct")],
           "T-2 made white like T-1 in group 1: WB cannot tell the two cards apart"),
    Sample("31_cards_in_group.xlsx", _thirty_one, [(T, 35, "Группа", "row.group_too_big")],
           "31 cards sharing group 1"),
    Sample("sizes_disagree.xlsx", cells(T, {(6, K["title"]): "Футболка другая"}),
           [(T, 6, "Наименование", "row.card_conflict")], "two size rows of T-1 with different titles"),
    Sample("emoji_in_title.xlsx", cells(P, {(5, K["title"]): "Сковорода 🔥 хит"}),
           [(P, 5, "Наименование", "row.forbidden_text")], "an emoji"),
    Sample("email_in_description.xlsx", cells(P, {(5, K["description"]): "Пишите: shop@example.ru"}),
           [(P, 5, "Описание", "row.forbidden_text")], "an e-mail address"),
    Sample("formula_in_cell.xlsx", cells(P, {(5, K["price"]): edits.Formula("=1990*0.9")}),
           [(P, 5, "Цена, ₽", "row.formula")], "a price typed as a formula (never evaluated)"),
    Sample("unknown_subject.xlsx", cells(P, {(5, K["subject"]): "Летающие тарелки"}),
           [(P, 5, "Предмет", "row.unknown_subject")], "a subject WB does not have"),
    Sample("subject_changed.xlsx", cells(P, {(5, K["subject"]): "Кастрюли"}),
           [(P, 5, "Предмет", "row.subject_changed")], "a known subject typed on another subject's sheet"),
)


def expected_json(sample: Sample) -> dict[str, object]:
    if isinstance(sample.expected, str):
        return {"about": sample.about, "file_problem": sample.expected, "issues": []}
    return {"about": sample.about, "file_problem": None, "issues": [list(i) for i in sample.expected]}


def generate(target: Path = BAD) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = write_base(Path(tmp) / "base.xlsx")
        shutil.copy(base, target / "valid_base.xlsx")
        written.append(target / "valid_base.xlsx")
        (target / "valid_base.expected.json").write_text(json.dumps(
            {"about": "the workbook every sample starts from", "file_problem": None, "issues": []},
            ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        for sample in SAMPLES:
            path = target / sample.name
            sample.make(base, path)
            expected = target / sample.name.replace(".xlsx", ".expected.json")
            expected.write_text(json.dumps(expected_json(sample), ensure_ascii=False, indent=1) + "\n",
                                encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    for path in generate():
        print(path.relative_to(REPO), path.stat().st_size)
