"""The push's state machines, as stable strings stored in the database.

Job: ``queued → running → done | failed``. Card: ``pending → sending → accepted → created`` (or
``rejected`` by WB, ``failed`` when WB never answered), ``existing → updating → updated`` for cards
already on WB, ``unchanged`` when re-pushed as they are; ``skipped`` when the seller's row is not
ready; a dry run ends in ``planned``. Steps of a created card (photos, price, stocks):
``none`` (nothing to do) or ``pending → sent → done | failed``.
"""

from __future__ import annotations

from enum import StrEnum


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class CardStatus(StrEnum):
    PENDING = "pending"  # to be created
    SENDING = "sending"  # in an upload whose answer may be lost: the resume looks before resending
    ACCEPTED = "accepted"  # WB took it in; creation is asynchronous
    CREATED = "created"
    EXISTING = "existing"  # already on WB (nmID known): a re-push updates it
    UPDATING = "updating"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"  # WB refused it; ``message`` holds WB's words
    FAILED = "failed"  # WB never answered for it
    SKIPPED = "skipped"  # not pushed: the row has issues, or only failed rows were retried
    PLANNED = "planned"  # dry run


class StepState(StrEnum):
    NONE = "none"
    PENDING = "pending"
    SENT = "sent"
    FILES = "files"  # photos: WB did not take the links; uploading the files ourselves
    DONE = "done"
    FAILED = "failed"
    PLANNED = "planned"


class RowStatus(StrEnum):
    """Where every sheet row ends."""

    CREATED = "created"
    UPDATED = "updated"
    REJECTED = "rejected"
    SKIPPED = "skipped"
    FAILED = "failed"
    PLANNED = "planned"


ROW_LABELS: dict[str, str] = {
    RowStatus.CREATED: "Создана",
    RowStatus.UPDATED: "Обновлена",
    RowStatus.REJECTED: "Отклонена WB",
    RowStatus.SKIPPED: "Пропущена",
    RowStatus.FAILED: "Ошибка",
    RowStatus.PLANNED: "Пробный запуск",
}
"""What the sheet's «Статус» column says."""

CARD_STEP_LABELS: dict[str, str] = {
    CardStatus.CREATED: "создана",
    CardStatus.UPDATED: "обновлена",
    CardStatus.UNCHANGED: "без изменений",
    CardStatus.REJECTED: "отклонена",
    CardStatus.FAILED: "ошибка",
    CardStatus.SKIPPED: "пропущена",
    CardStatus.PLANNED: "будет создана",
}

STEP_LABELS: dict[str, str] = {
    StepState.NONE: "не нужно",
    StepState.PENDING: "не выполнен",
    StepState.SENT: "не подтверждён",
    StepState.FILES: "не подтверждён",
    StepState.DONE: "готово",
    StepState.FAILED: "ошибка",
    StepState.PLANNED: "будет выполнен",
}

WAITING_CARDS = (CardStatus.PENDING, CardStatus.SENDING, CardStatus.ACCEPTED, CardStatus.EXISTING,
                 CardStatus.UPDATING)
LIVE_CARDS = (CardStatus.CREATED, CardStatus.UPDATED, CardStatus.UNCHANGED)
"""Cards on WB after this job: their photos, prices and stocks are worth setting."""
