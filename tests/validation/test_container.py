"""Checks on the file before any cell is loaded, and the parsing helpers the rules share."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from engine.issues import IssueCode
from engine.mapping.barcodes import is_valid_gtin
from engine.validation import container, validate_workbook
from engine.validation.container import MAX_ROWS, inspect_container
from engine.validation.errors import FileRejectedError
from engine.validation.values import EMOJI, decimals_of, forbidden_in, is_gtin, is_url, number_of, split_list
from tests.validation import edits
from tests.validation.corpus import BAD, T


def _rejected(path: Path | io.BytesIO) -> IssueCode:
    with pytest.raises(FileRejectedError) as caught:
        inspect_container(path)
    return caught.value.problem.code


def test_magic_bytes_decide_before_anything_is_parsed(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert _rejected(empty) is IssueCode.NOT_A_WORKBOOK
    assert _rejected(io.BytesIO(edits.encrypted_container())) is IssueCode.ENCRYPTED
    assert _rejected(io.BytesIO(edits.legacy_xls_container())) is IssueCode.NOT_A_WORKBOOK
    assert _rejected(tmp_path / "absent.xlsx") is IssueCode.NOT_A_WORKBOOK


def test_a_zip_bomb_is_refused_from_its_directory_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = tmp_path / "bomb.xlsx"
    edits.zip_bomb(bomb, megabytes=2)
    inspect_container(bomb)  # 2 MB is under the floor where the ratio counts
    monkeypatch.setattr(container, "RATIO_FLOOR", 1 << 20)
    assert _rejected(bomb) is IssueCode.TOO_LARGE
    monkeypatch.setattr(container, "RATIO_FLOOR", 16 << 20)
    monkeypatch.setattr(container, "MAX_UNCOMPRESSED", 1 << 20)
    assert _rejected(bomb) is IssueCode.TOO_LARGE


def test_rows_past_the_limit_are_refused_whether_declared_or_written(tmp_path: Path) -> None:
    base = BAD / "valid_base.xlsx"
    declared = tmp_path / "declared.xlsx"
    edits.rewrite_sheet(base, declared, T, lambda xml: xml.replace(
        b"</sheetPr>", f'</sheetPr><dimension ref="A1:AZ{MAX_ROWS + 1}"/>'.encode(), 1))
    assert _rejected(declared) is IssueCode.TOO_LARGE
    wide = tmp_path / "wide.xlsx"
    edits.rewrite_sheet(base, wide, T, lambda xml: xml.replace(b"</sheetPr>", b'</sheetPr><dimension ref="A1:CZZ9"/>'))
    assert _rejected(wide) is IssueCode.TOO_LARGE
    far = tmp_path / "far.xlsx"
    edits.rewrite_sheet(base, far, T, lambda xml: xml.replace(
        b"</sheetData>", f'<row r="{MAX_ROWS + 5}"><c r="A{MAX_ROWS + 5}" t="n"><v>1</v></c></row></sheetData>'
        .encode()))
    assert _rejected(far) is IssueCode.TOO_LARGE


def test_formula_cells_are_found_with_their_text_including_shared_ones(tmp_path: Path) -> None:
    shared = tmp_path / "shared.xlsx"
    cells = (b'<row r="90"><c r="B90"><f t="shared" ref="B90:B91" si="0">A90*2</f><v>4</v></c></row>'
             b'<row r="91"><c r="B91"><f t="shared" si="0"/><v>6</v></c></row></sheetData>')
    edits.rewrite_sheet(BAD / "valid_base.xlsx", shared, T, lambda xml: xml.replace(b"</sheetData>", cells))
    facts = inspect_container(shared)
    assert [(c.row, c.column, c.text) for c in facts.formulas[T]] == [(90, 2, "A90*2"), (91, 2, "")]
    assert inspect_container(BAD / "excel_x14_validations.xlsx").formulas == {}


def test_a_corrupt_archive_is_not_a_workbook(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    data = bytearray((BAD / "valid_base.xlsx").read_bytes())
    with zipfile.ZipFile(BAD / "valid_base.xlsx") as archive:
        sheet = archive.getinfo(edits.sheet_member(archive, T))
    start = sheet.header_offset + 30 + len(sheet.filename.encode()) + 100
    data[start:start + 50] = b"\x00" * 50  # damage the compressed sheet: the CRC no longer matches
    broken.write_bytes(bytes(data))
    assert _rejected(broken) is IssueCode.NOT_A_WORKBOOK


def test_a_sheet_whose_crc_does_not_match_is_not_a_workbook(tmp_path: Path) -> None:
    """Its bytes inflate fine, so only the CRC tells: python-calamine checks it only if it reads the sheet to
    its very end, so the container pass keeps zipfile's check."""
    wrong = tmp_path / "crc.xlsx"
    data = bytearray((BAD / "valid_base.xlsx").read_bytes())
    with zipfile.ZipFile(BAD / "valid_base.xlsx") as archive:
        sheet = archive.getinfo(edits.sheet_member(archive, T))
    crc = (sheet.CRC ^ 1).to_bytes(4, "little")
    data[sheet.header_offset + 14:sheet.header_offset + 18] = crc  # the local header's copy
    entry = data.index(b"PK\x01\x02")  # central directory entries: the sheet's is found by its name
    while data[entry + 46:entry + 46 + len(sheet.filename)] != sheet.filename.encode():
        entry = data.index(b"PK\x01\x02", entry + 4)
    data[entry + 16:entry + 20] = crc  # the central directory's copy
    wrong.write_bytes(bytes(data))
    assert _rejected(wrong) is IssueCode.NOT_A_WORKBOOK
    problem = validate_workbook(wrong).file_problem
    assert problem is not None and problem.code is IssueCode.NOT_A_WORKBOOK


def test_emoji_prefilter_misses_no_character_the_pattern_matches() -> None:
    matched = [chr(c) for c in range(0x110000) if EMOJI.match(chr(c))]
    assert len(matched) > 4000 and all(forbidden_in(f"Плед {char}") == "emoji" for char in matched)
    assert forbidden_in("Плед — шерсть… №5, «мягкий»") == ""


def test_parsing_helpers() -> None:
    assert number_of("1 990") == 1990 and number_of("0,5") == 0.5 and number_of("70 см", "см") == 70
    assert number_of("70 см") is None and number_of("nan") is None and number_of("inf") is None
    assert number_of(True) is None and number_of(float("nan")) is None
    assert decimals_of(0.35) == 2 and decimals_of(0.3505) == 4 and decimals_of(2.0) == 0 and decimals_of(3) == 0
    assert split_list(" a; ;b ;") == ("a", "b") and split_list(None) == () and split_list(5) == ("5",)
    assert forbidden_in("Плед 🧸") == "emoji" and forbidden_in("a@b.ru") == "email" and forbidden_in("@ник") == ""
    assert is_url("https://ir.ozone.ru/s3/a.jpg?x=1") and not is_url("http://localhost") and not is_url("C:\\a.jpg")


@pytest.mark.parametrize("code", ["4600000000015", "12345670", "012345678905", "10012345678902", "4600000000016",
                                  "460000000001", "46000000000a5", "", "٤٦٠٠٠٠٠٠٠٠٠١٥"])
def test_gtin_check_agrees_with_the_mapping_one_on_ascii_digits(code: str) -> None:
    assert is_gtin(code) == (is_valid_gtin(code) and code.isascii())
