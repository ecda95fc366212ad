"""What every push leaves behind when it ends, for ``ozwb push`` and the web alike: the result workbook,
the "to fix" workbook, a dry run's request plan, and the results written back into a Google Sheet source.

One function, :func:`write_push_end`, so the command line and the worker cannot drift apart; each only
decides where the files go and how to tell the seller.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from gspread import Client

from engine.drafts import Directories, SubjectSpec
from engine.errors import OzwbError
from engine.push.outcome import JobProgress, RowResult, job_progress, recorded_payloads, row_results
from engine.push.states import ROW_LABELS, RowStatus
from engine.results.gsheet import GoogleResults, write_results_to_google_sheet
from engine.results.snapshot import write_tables_workbook
from engine.results.summary import ResultsSummary
from engine.results.workbook import write_results, write_to_fix
from engine.settings import Settings
from engine.store import Store
from engine.workbook.reader import SheetTable

Replacer = Callable[[Path], AbstractContextManager[Path]]


@dataclass(frozen=True)
class GoogleSource:
    """The Google Sheet a push was read from; its results go back into it (never on a dry run)."""

    link: str
    client: Client
    service_account_email: str = ""
    settings: Settings | None = None


@dataclass
class PushEnd:
    """The files written and the figures the seller is told."""

    progress: JobProgress
    results: list[RowResult]
    summary: ResultsSummary
    result_path: Path
    to_fix_path: Path | None = None  # None: every row went through (or no to-fix file was asked for)
    plan_path: Path | None = None  # a dry run's requests, when asked for
    requests: dict[str, int] = field(default_factory=dict)  # "METHOD path" → how many, on a dry run
    google: GoogleResults | None = None
    google_failure: OzwbError | None = None  # the files are written all the same; the caller tells the seller

    @property
    def counts_text(self) -> str:
        """"создана 12, отклонена 1" — row states by frequency."""
        return ", ".join(f"{ROW_LABELS.get(s, s).lower()} {n}" for s, n in self.summary.by_status.most_common())

    @property
    def failed(self) -> bool:
        return self.progress.status == "failed"

    @property
    def bad_rows(self) -> int:
        return self.summary.by_status.get(RowStatus.REJECTED, 0) + self.summary.by_status.get(RowStatus.FAILED, 0)


@contextmanager
def _in_place(target: Path) -> Iterator[Path]:
    yield target


def write_push_end(store: Store, job_id: int, source: Path | Sequence[SheetTable], target: Path, *,
                   specs: Mapping[int, SubjectSpec], directories: Directories | None, info: Mapping[str, str],
                   dry_run: bool, google: GoogleSource | None = None, to_fix: bool = False, plan: bool = False,
                   replaced: Replacer = _in_place) -> PushEnd:
    """Push ``job_id``'s row results into ``target`` (a copy of ``source``: the seller's xlsx, or the tables
    read from their Google Sheet), then the optional files beside it, then the Google Sheet itself.

    ``replaced(path)`` yields where to write ``path`` (the CLI swaps files atomically; the web writes new ones).
    """
    with store.session() as session:
        results = row_results(session, job_id)
        progress = job_progress(session, job_id)
        payloads = recorded_payloads(session, job_id) if dry_run else []
    found = directories or Directories()
    with _workbook_of(source) as book, replaced(target) as scratch:
        summary = write_results(book, scratch, results, specs=specs, directories=found, info=info)
    end = PushEnd(progress=progress, results=results, summary=summary, result_path=target)
    if to_fix and summary.to_fix:
        end.to_fix_path = target.with_name(f"{target.stem}.исправить.xlsx")
        with replaced(end.to_fix_path) as scratch:
            write_to_fix(target, scratch, results, specs=specs, directories=found)
    if plan and dry_run:
        end.plan_path = target.with_name(f"{target.stem}.payloads.json")
        end.plan_path.write_text(json.dumps(payloads, ensure_ascii=False, indent=1), encoding="utf-8")
    for payload in payloads:
        request = f"{payload['method']} {payload['path']}"
        end.requests[request] = end.requests.get(request, 0) + 1
    if google is not None and not dry_run:  # a dry run's rows carry no WB ids; the sheet keeps a real push's
        tables = None if isinstance(source, Path) else list(source)
        try:
            end.google = write_results_to_google_sheet(google.link, results, client=google.client, tables=tables,
                                                       info=dict(info),
                                                       service_account_email=google.service_account_email,
                                                       settings=google.settings)
        except OzwbError as exc:
            end.google_failure = exc
    return end


@contextmanager
def _workbook_of(source: Path | Sequence[SheetTable]) -> Iterator[Path]:
    if isinstance(source, Path):
        yield source
        return
    with tempfile.TemporaryDirectory(prefix="ozwb-gsheet-") as folder:
        copy = Path(folder) / "google-sheet.xlsx"
        write_tables_workbook(copy, list(source))
        yield copy
