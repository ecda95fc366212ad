"""The push: a seller's validated workbook turned into WB cards, resumable, never creating a card twice.

Public API:

- :func:`prepare_push` — validate the workbook against WB's current specs (the same check as ``ozwb validate``);
- :func:`create_job` — store a job for a validation report (every row, with its first state);
- :func:`run_slice` — advance a job until it is finished or a time budget is spent (inline or in a worker);
- :func:`row_results` / :func:`job_progress` — what each row ended as; counts for a progress display;
- :class:`Timing`, :class:`PushOptions`, the states in :mod:`engine.push.states`.

Row problems and WB's refusals are data on the rows; only a job that cannot go on at all raises
(:class:`PushError`, an ``OzwbError``).
"""

from engine.push.context import Timing
from engine.push.errors import JobNotFoundError, PushError
from engine.push.jobs import PushOptions, create_job
from engine.push.outcome import JobProgress, RowResult, job_progress, recorded_payloads, row_results
from engine.push.pipeline import ClientFactory, SliceResult, run_slice
from engine.push.prepare import PreparedPush, prepare_push, seller_key
from engine.push.states import CardStatus, JobStatus, RowStatus, StepState

__all__ = [
    "CardStatus",
    "ClientFactory",
    "JobNotFoundError",
    "JobProgress",
    "JobStatus",
    "PreparedPush",
    "PushError",
    "PushOptions",
    "RowResult",
    "RowStatus",
    "SliceResult",
    "StepState",
    "Timing",
    "create_job",
    "job_progress",
    "prepare_push",
    "recorded_payloads",
    "row_results",
    "run_slice",
    "seller_key",
]
