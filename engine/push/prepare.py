"""Before a push: the workbook validated against WB's current subject specs (what ``ozwb validate`` does)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.drafts import Directories, SubjectSpec
from engine.ratelimit import limiter_key, wb_account_id
from engine.settings import Settings
from engine.validation import ValidationReport, validate_spreadsheet, validate_workbook
from engine.wb.client import WbClient
from engine.wb_reference import WorkbookReference, fetch_workbook_reference
from engine.workbook import UnreadableWorkbookError, WorkbookContent, read_workbook


@dataclass(frozen=True)
class PreparedPush:
    report: ValidationReport
    reference: WorkbookReference | None  # None when the file could not be read at all


def prepare_push(path: Path, wb: WbClient) -> PreparedPush:
    """Validate ``path`` with the specs of the subjects it uses, fetched fresh from WB."""
    try:
        content = read_workbook(path)
    except UnreadableWorkbookError:
        return PreparedPush(validate_workbook(path), None)  # the validator words the file problem
    reference = fetch_workbook_reference(wb, content)
    report = validate_workbook(path, subjects=reference.specs, directories=reference.directories)
    return PreparedPush(report, reference)


def prepare_push_content(content: WorkbookContent, wb: WbClient) -> PreparedPush:
    """:func:`prepare_push` for sheets read elsewhere (a Google Sheet): the same checks and the same report."""
    reference: list[WorkbookReference] = []

    def fetch(found: WorkbookContent) -> tuple[dict[int, SubjectSpec], Directories]:
        reference.append(fetch_workbook_reference(wb, found))
        return reference[0].specs, reference[0].directories

    report = validate_spreadsheet(content, reference=fetch)
    return PreparedPush(report, reference[0] if reference else None)


def seller_key(settings: Settings) -> str:
    """Whose push it is: a fingerprint of the WB account behind the token (never the token itself)."""
    return limiter_key("wb", wb_account_id(settings.wb_token.get_secret_value()))
