"""Problems found in a seller's workbook, as data.

Row problems never stop a file: they are collected as :class:`RowIssue` and shown
to the seller as sheet/row/column/message. A problem with the file itself (not a
workbook, no known sheet, …) is one :class:`FileProblem`. Codes are stable: tests,
the web service and saved reports refer to them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class IssueCode(StrEnum):
    """Stable identifiers of every problem ozwb reports; values never change once released."""

    # file level
    NOT_A_WORKBOOK = "file.not_a_workbook"
    ENCRYPTED = "file.encrypted"
    TOO_LARGE = "file.too_large"
    NO_KNOWN_SHEET = "file.no_known_sheet"
    MISSING_COLUMN = "file.missing_column"
    EMPTY = "file.empty"
    # row level
    REQUIRED = "row.required"
    TOO_LONG = "row.too_long"
    NOT_A_NUMBER = "row.not_a_number"
    OUT_OF_RANGE = "row.out_of_range"
    NOT_IN_DICTIONARY = "row.not_in_dictionary"
    TOO_MANY_VALUES = "row.too_many_values"
    DUPLICATE = "row.duplicate"
    BAD_BARCODE = "row.bad_barcode"
    UNKNOWN_SUBJECT = "row.unknown_subject"
    GROUP_CONFLICT = "row.group_conflict"
    FORBIDDEN_TEXT = "row.forbidden_text"
    NOT_WHOLE = "row.not_whole"
    TOO_PRECISE = "row.too_precise"
    BAD_URL = "row.bad_url"
    FORMULA = "row.formula"
    SUBJECT_CHANGED = "row.subject_changed"
    GROUP_TOO_BIG = "row.group_too_big"
    CARD_CONFLICT = "row.card_conflict"
    GROUP_NOT_DISTINCT = "row.group_not_distinct"  # cards of one group WB cannot tell apart


@dataclass(frozen=True, slots=True)  # ~143,000 per 100,000 validated rows: no per-instance __dict__
class RowIssue:
    sheet: str
    row: int  # 1-based sheet row, as Excel shows it
    column: str  # the column's header text, as the seller sees it
    code: IssueCode
    message: str  # Russian, for the seller

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "code": self.code.value}


@dataclass(frozen=True)
class FileProblem:
    code: IssueCode
    message: str  # Russian, for the seller

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code.value, "message": self.message}
