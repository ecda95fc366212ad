"""The workbook package's exceptions, under the engine's root ``OzwbError``."""

from __future__ import annotations

from engine.errors import OzwbError


class WorkbookError(OzwbError):
    """A workbook cannot be written, read or re-laid."""


class WorkbookLimitError(WorkbookError):
    """Something we were about to write breaks one of Excel's hard limits (list length, message length)."""


class UnreadableWorkbookError(WorkbookError):
    """The file is not an xlsx workbook we can read."""
