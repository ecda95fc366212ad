"""Engine errors survive a trip between processes (the web's upload-checking pool sends them back)."""

from __future__ import annotations

import pickle

from engine.errors import OzwbError, RateLimitedError
from engine.gsheets.errors import GoogleApiError, SpreadsheetConflictError
from engine.issues import FileProblem, IssueCode
from engine.validation.errors import FileRejectedError


def round_trip(error: OzwbError) -> OzwbError:
    restored = pickle.loads(pickle.dumps(error))
    assert type(restored) is type(error) and str(restored) == str(error) and restored.args == error.args
    return restored


def test_keyword_only_fields_come_back() -> None:
    google = round_trip(GoogleApiError("Google не ответил", status=503))
    assert isinstance(google, GoogleApiError) and google.status == 503
    conflict = round_trip(SpreadsheetConflictError("листы заняты", titles=("Итоги", "Справочники")))
    assert isinstance(conflict, SpreadsheetConflictError) and conflict.titles == ("Итоги", "Справочники")
    limited = round_trip(RateLimitedError("429", marketplace="wb", method="POST", path="/content/v2/cards/upload",
                                          retry_after=6.5))
    assert isinstance(limited, RateLimitedError) and limited.retry_after == 6.5 and limited.path.endswith("upload")


def test_a_file_problem_comes_back_whole() -> None:
    rejected = round_trip(FileRejectedError(FileProblem(IssueCode.ENCRYPTED, "Файл защищён паролем")))
    assert isinstance(rejected, FileRejectedError) and rejected.problem.code is IssueCode.ENCRYPTED
