"""Validating a seller's workbook against WB's rules, and parsing it into cards ready for the push.

Public API:

- :func:`validate_workbook` — xlsx → :class:`ValidationReport` (one ``FileProblem``, or every row's
  ``RowIssue``s plus the typed :class:`ValidatedRow` / :class:`ValidatedCard` / :class:`ValidatedGroup` model);
- :func:`validate_spreadsheet` — the same for tables read elsewhere (a Google Sheet), file problems included;
- :func:`validate_content` — only the row rules, for tables already read and known to be ours;
- :func:`write_issues_workbook` — the rows with problems as a workbook for the seller.
"""

from engine.validation.errors import FileRejectedError, ValidationError
from engine.validation.issues_book import write_issues_workbook
from engine.validation.model import ValidatedCard, ValidatedGroup, ValidatedRow, ValidationReport
from engine.validation.validator import validate_content, validate_spreadsheet, validate_workbook

__all__ = [
    "FileRejectedError",
    "ValidatedCard",
    "ValidatedGroup",
    "ValidatedRow",
    "ValidationError",
    "ValidationReport",
    "validate_content",
    "validate_spreadsheet",
    "validate_workbook",
    "write_issues_workbook",
]
