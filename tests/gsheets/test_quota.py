"""Quotas: 429 and 5xx are waited out with backoff, big exports are cut into calls under the limits."""

from __future__ import annotations

import pytest

from engine.gsheets import GoogleApiError, Limits
from engine.gsheets.service import GOOGLE_SHEETS, MIN_ATTEMPTS
from engine.ratelimit import LocalRateLimiter
from engine.settings import get_settings
from tests.gsheets.conftest import KEY, Sleeps, export
from tests.gsheets.fake_google import FakeGoogle
from tests.workbook.builders import sample_directories, sample_subjects, synthetic_catalog


def test_429_then_success(fake: FakeGoogle, sleeps: Sleeps) -> None:
    book = fake.spreadsheet(KEY)
    fake.fail(429, on="values:batchUpdate")
    summary = export(fake, sleep=sleeps)
    statuses = [(c.path.rsplit("/", 1)[-1], c.status) for c in fake.calls]
    assert statuses[-2:] == [("values:batchUpdate", 429), ("values:batchUpdate", 200)]
    assert summary.calls == 5 and len(sleeps) == 1 and 0 < sleeps[0] <= get_settings().http_backoff_base
    assert book.sheet("Футболки").value(5, 2) == "A-1"  # the retried write landed
    assert fake.problems == []


def test_server_error_on_structure_is_retried_and_applied_once(fake: FakeGoogle, sleeps: Sleeps) -> None:
    book = fake.spreadsheet(KEY)
    fake.fail(503, times=2, on=":batchUpdate")
    export(fake, sleep=sleeps)
    assert len(sleeps) == 2 and sleeps[1] > sleeps[0] / 2  # backoff grows
    assert [s.title for s in book.sheets].count("Сводка") == 1


def test_a_dropped_connection_is_retried(fake: FakeGoogle, sleeps: Sleeps) -> None:
    book = fake.spreadsheet(KEY)
    fake.fail(0, on="values:batchUpdate")
    summary = export(fake, sleep=sleeps)
    assert [c.status for c in fake.calls][-2:] == [0, 200] and summary.calls == 5 and len(sleeps) == 1
    assert book.sheet("Футболки").value(5, 2) == "A-1"


def test_quota_exhausted_for_good_is_a_clear_error(fake: FakeGoogle, sleeps: Sleeps) -> None:
    book = fake.spreadsheet(KEY)
    fake.fail(429, times=100, on=":batchUpdate")
    with pytest.raises(GoogleApiError) as caught:
        export(fake, sleep=sleeps)
    assert caught.value.status == 429 and "60 в минуту" in str(caught.value)
    assert len(sleeps) == MIN_ATTEMPTS - 1 and max(sleeps) <= 64
    assert [s.title for s in book.sheets] == ["Лист1"]  # nothing half-made


def test_a_big_export_is_cut_into_calls_within_limits(sleeps: Sleeps) -> None:
    subjects, directories = sample_subjects(), sample_directories()
    drafts = synthetic_catalog(300, subjects, directories)
    whole, cut = FakeGoogle(), FakeGoogle()
    whole.spreadsheet(KEY)
    cut.spreadsheet(KEY)
    export(whole, drafts, subjects, directories)
    limits = Limits(body_bytes=60_000, rows=120)
    summary = export(cut, drafts, subjects, directories, limits=limits)
    value_calls = [c for c in cut.calls if c.path.endswith("values:batchUpdate")]
    structure_calls = [c for c in cut.calls if c.path.endswith(":batchUpdate") and "values" not in c.path]
    assert len(value_calls) > 5 and len(structure_calls) > 3
    for call in value_calls:
        assert sum(len(item["values"]) for item in call.body["data"]) <= limits.rows
        assert call.body_bytes <= limits.body_bytes + 1_000  # the envelope around the counted rows
    assert all(c.body_bytes <= limits.body_bytes + 1_000 for c in structure_calls)
    assert summary.rows == 300 and cut.problems == [] and whole.problems == []
    for ours, theirs in zip(cut.spreadsheets[KEY].sheets, whole.spreadsheets[KEY].sheets, strict=True):
        assert ours.title == theirs.title and ours.cells == theirs.cells
        assert ours.validations == theirs.validations and ours.formats == theirs.formats


def test_calls_are_paced_to_60_a_minute_per_service_account() -> None:
    now = [0.0]

    def wait(seconds: float) -> None:
        now[0] += seconds

    limiter = LocalRateLimiter(clock=lambda: now[0], sleep=wait)
    subjects, directories = sample_subjects(), sample_directories()
    fake = FakeGoogle()
    fake.spreadsheet(KEY)
    export(fake, synthetic_catalog(300, subjects, directories), subjects, directories,
           limits=Limits(body_bytes=20_000, rows=4), limiter=limiter)
    calls = len(fake.calls)
    assert calls > 70
    assert now[0] == pytest.approx(calls - GOOGLE_SHEETS.client_burst, abs=1.0)  # one a second past the burst
