"""Reading request bodies and query strings by hand, so bad input gets WB's answers, never FastAPI's 422."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import Request

from sandbox.wb.replies import RefusedError, problem

MAX_BODY_BYTES = 10 * 1024 * 1024


async def read_json(request: Request, on_error: Callable[[], RefusedError]) -> Any:
    """The JSON body; more than 10 MB is the gateway's 413, anything unparsable is ``on_error()``.

    The 413 carries the gateway's problem fields but, as 02-items.yaml declares it, as application/json.
    """
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise RefusedError(problem(413, "request body too long", "https://openapi.wildberries.ru/content/api/ru/",
                                   origin="s2s-api-auth-content", media_type="application/json"))
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):  # absurdly deep nesting is as unreadable as broken JSON
        raise on_error() from None


def int_query(request: Request, name: str, default: int | None, on_error: Callable[[], RefusedError]) -> int | None:
    """An integer query parameter; absent gives ``default``, unparsable gives ``on_error()``."""
    text = request.query_params.get(name)
    if text is None or text == "":
        return default
    try:
        return int(text)
    except ValueError:
        raise on_error() from None
