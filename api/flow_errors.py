"""How the flow's REST endpoints turn the jobs service's expected failures into JSON errors with stable codes.

``bad_input`` (400): the request cannot run as asked (wrong connection kind, rows with problems…);
``marketplace_unavailable`` (502): Ozon/WB refused or did not answer while checking the workbook.
Another user's ids are :class:`engine.errors.RecordNotFoundError`, which the app maps to 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from api.errors import ApiError
from engine.errors import MarketplaceError
from engine.jobs import JobInputError
from engine.jobs.messages import failure_text


class BadInputError(ApiError):
    status = 400
    code = "bad_input"


class MarketplaceUnavailableError(ApiError):
    status = 502
    code = "marketplace_unavailable"


@contextmanager
def flow_errors() -> Iterator[None]:
    try:
        yield
    except JobInputError as exc:
        raise BadInputError(_sentence(str(exc))) from exc
    except MarketplaceError as exc:
        raise MarketplaceUnavailableError(_sentence(failure_text(exc))) from exc


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."
