"""A whole request WB refuses is narrowed down to the card at fault; the others go through.

WB is played by a writer that refuses any upload containing a bad vendor code, the way WB answers
a batch with one malformed card (HTTP 400, nothing accepted).
"""

from collections.abc import Sequence

from pydantic import SecretStr

from engine.errors import BadRequestError
from engine.push import PushOptions, create_job
from engine.push.cards import upload_new
from engine.push.context import PushContext, Timing
from engine.push.jobs import job_cards, job_rows, load_job
from engine.push.states import CardStatus
from engine.push.writer import RecordingWriter
from engine.settings import get_settings
from engine.wb.card_models import CardGroup, UploadOutcome
from engine.wb.client import WbClient
from tests.push.builders import simple_report


class RefusingWriter(RecordingWriter):
    def __init__(self, bad: set[str], additional: object = None) -> None:
        super().__init__(dry=False)
        self.bad = bad
        self.additional = additional
        self.uploads: list[list[str]] = []

    def upload_cards(self, groups: Sequence[CardGroup]) -> UploadOutcome:
        codes = [v.vendor_code for g in groups for v in g.variants]
        self.uploads.append(codes)
        if self.bad & set(codes):
            details = self.additional(codes) if callable(self.additional) else self.additional
            raise BadRequestError("Invalid request format", marketplace="wb", method="POST",
                                  path="/content/v2/cards/upload", status=400, details=details)
        return UploadOutcome(accepted=codes)


def context(store, count: int, writer: RecordingWriter) -> PushContext:
    with store.session() as session:
        job_id = create_job(session, simple_report(count), "wb:test", PushOptions())
    session = store.sessions()
    job = load_job(session, job_id)
    job.since = "2026-01-01T00:00:00Z"
    client = WbClient(get_settings(wb_token=SecretStr("unused"), wb_content_url="http://127.0.0.1:9"))
    return PushContext(session, job, job_cards(session, job_id), job_rows(session, job_id), client, writer, Timing())


def test_one_bad_card_in_a_full_batch_costs_a_handful_of_calls(store):
    writer = RefusingWriter({"M-37"}, additional={"error": "characteristic 17008 has a value of the wrong type"})
    ctx = context(store, 100, writer)
    upload_new(ctx)
    statuses = {c.vendor_code: c.status for c in ctx.cards}
    assert statuses.pop("M-37") == CardStatus.REJECTED
    assert set(statuses.values()) == {CardStatus.ACCEPTED}
    bad = next(c for c in ctx.cards if c.vendor_code == "M-37")
    assert bad.message == 'Invalid request format: {"error": "characteristic 17008 has a value of the wrong type"}'
    assert len(writer.uploads) <= 1 + 2 * 7  # halving 100 cards: at most two requests per level
    accepted = [code for batch in writer.uploads if "M-37" not in batch for code in batch]
    assert sorted(accepted) == sorted(statuses)  # every good card was taken exactly once


def test_cards_wb_names_are_refused_without_bisecting(store):
    def keyed(codes):
        return {code: "missing required characteristics with ids: 17008" for code in codes if code in {"M-3", "M-8"}}

    writer = RefusingWriter({"M-3", "M-8"}, additional=keyed)
    ctx = context(store, 10, writer)
    upload_new(ctx)
    assert len(writer.uploads) == 2  # the refused request, then everything else at once
    rejected = {c.vendor_code: c.message for c in ctx.cards if c.status == CardStatus.REJECTED}
    assert rejected == {code: "Invalid request format: missing required characteristics with ids: 17008"
                        for code in ("M-3", "M-8")}


def test_checkpoint_marks_cards_sending_before_the_request_leaves(store):
    seen: list[set[str]] = []

    class Watching(RefusingWriter):
        def upload_cards(self, groups):
            with store.session() as other:  # what a resumed worker would read right now
                from engine.store import PushCard

                seen.append({c.vendor_code for c in other.query(PushCard).filter_by(status="sending")})
            return super().upload_cards(groups)

    ctx = context(store, 5, Watching(set()))
    upload_new(ctx)
    assert seen == [{f"M-{n}" for n in range(5)}]
    assert {c.status for c in ctx.cards} == {CardStatus.ACCEPTED}
