"""Record ids from paths and forms, bounded to what the id columns hold.

Ids are INTEGER columns: PostgreSQL answers a bigger number with an error instead of "no such row",
so an id outside 1..2³¹−1 is "not found" here, before any query — like any id that is not the user's.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.errors import NotFoundApiError

MAX_RECORD_ID = 2**31 - 1


def bounded_id(value: int) -> int:
    if not 1 <= value <= MAX_RECORD_ID:
        raise NotFoundApiError("Не найдено.")
    return value


def form_id(text: str) -> int | None:
    """An id typed into (or chosen in) a form: ``None`` when nothing usable was sent."""
    text = text.strip()
    if not text.isdigit():
        return None
    return bounded_id(int(text))


def _job_id(job_id: int) -> int:
    return bounded_id(job_id)


def _import_id(import_id: int) -> int:
    return bounded_id(import_id)


JobId = Annotated[int, Depends(_job_id)]
ImportId = Annotated[int, Depends(_import_id)]
