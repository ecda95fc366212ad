"""The seller's Google Sheet for push tests: the validation corpus catalog (three WB subjects of the sandbox,
photos from its pool) written into the replaying fake Google of tests/gsheets, shared with ozwb's robot."""

from __future__ import annotations

from dataclasses import replace

from engine.gsheets import write_google_sheet
from engine.ratelimit import UnlimitedRateLimiter
from sandbox.server import RunningSandbox
from tests.gsheets.conftest import KEY, URL, Sleeps
from tests.gsheets.fake_google import ROBOT, FakeGoogle
from tests.push.catalogs import pool_photo
from tests.validation.corpus_base import base_drafts, corpus_directories, corpus_subjects


def corpus_google_sheet(sandbox: RunningSandbox) -> FakeGoogle:
    google = FakeGoogle()
    google.spreadsheet(KEY)
    drafts = [replace(d, photos=[pool_photo(sandbox, n)]) for n, d in enumerate(base_drafts())]
    write_google_sheet(URL, drafts, corpus_subjects(), corpus_directories(), client=google.client(),
                       service_account_email=ROBOT, sleep=Sleeps(), limiter=UnlimitedRateLimiter())
    google.calls.clear()  # tests count the calls of what they do, not of this setup
    return google
