"""The Google Sheets package's exceptions, under the engine's root ``OzwbError``.

Every message is Russian and meant for the seller as is: they are the ones who must share the
spreadsheet, free sheet titles or make room, so the text says what to do.
"""

from __future__ import annotations

from engine.errors import OzwbError


class GoogleSheetsError(OzwbError):
    """A Google spreadsheet could not be written or read."""


class SpreadsheetAddressError(GoogleSheetsError):
    """The text given as the spreadsheet is neither a Google Sheets link nor a spreadsheet key."""


class ServiceAccountError(GoogleSheetsError):
    """The service-account key file is missing, unreadable or rejected by Google."""


class SpreadsheetAccessError(GoogleSheetsError):
    """The spreadsheet does not exist or is not shared with the service account (as an editor, for writes).

    ``status`` is Google's HTTP status (403 or 404).
    """

    def __init__(self, message: str, *, status: int) -> None:
        self.status = status
        super().__init__(message)


class SpreadsheetConflictError(GoogleSheetsError):
    """The spreadsheet already has sheets with the titles the export needs; nothing was written."""

    def __init__(self, message: str, *, titles: tuple[str, ...]) -> None:
        self.titles = titles
        super().__init__(message)


class SpreadsheetLimitError(GoogleSheetsError):
    """The export would not fit Google's limits (10 million cells per spreadsheet); nothing was written."""


class GoogleApiError(GoogleSheetsError):
    """Google refused a call or kept failing after every retry; ``status`` is its last HTTP status, if any."""

    def __init__(self, message: str, *, status: int | None) -> None:
        self.status = status
        super().__init__(message)
