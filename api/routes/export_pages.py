"""Export page: choose an Ozon connection (or the demo one) and the price options → a background job.

The job page (``/jobs/{id}``) then shows its stages and offers the workbook for download.
"""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import SellerUser, SettingsDep, StoreDep
from api.ids import form_id
from api.jobqueue import enqueue
from api.templating import render
from engine.connections import list_connections
from engine.errors import OzwbError, RecordNotFoundError
from engine.jobs import ExportChoices, JobInputError, create_export_job
from engine.jobs.sheet_exports import create_sheet_export_job, sheets_account_email
from engine.mapping.pricing import Rounding
from engine.store.account_models import User

router = APIRouter(include_in_schema=False)

FormStr = Annotated[str, Form()]

ROUNDINGS = {
    Rounding.RUBLE.value: "до рубля",
    Rounding.UP_10.value: "вверх до 10 ₽",
    Rounding.UP_100.value: "вверх до 100 ₽",
    Rounding.END_99.value: "вверх до …99 ₽",
}


@router.get("/export")
def export_form(request: Request, user: SellerUser, store: StoreDep) -> Response:
    return _form(request, store, user, {})


@router.post("/export")
def export_start(
    request: Request, user: SellerUser, store: StoreDep, settings: SettingsDep,
    connection_id: FormStr = "",
    wb_connection_id: FormStr = "",
    markup_percent: FormStr = "0",
    rounding: FormStr = Rounding.RUBLE.value,
    include_archived: FormStr = "",
    sheet_url: FormStr = "",
) -> Response:
    values = {"connection_id": connection_id, "wb_connection_id": wb_connection_id, "markup_percent": markup_percent,
              "rounding": rounding, "include_archived": bool(include_archived), "sheet_url": sheet_url}
    try:
        choices = ExportChoices(markup_percent=_percent(markup_percent), rounding=_rounding(rounding),
                                include_archived=bool(include_archived))
        ozon_id = form_id(connection_id)
        if ozon_id is None:
            raise JobInputError("Выберите подключение Ozon")
        wb_id = form_id(wb_connection_id)
        if sheet_url.strip():
            job_id = create_sheet_export_job(store, settings, user.id, ozon_id, sheet_url, wb_connection_id=wb_id,
                                             choices=choices)
        else:
            job_id = create_export_job(store, user.id, ozon_id, wb_connection_id=wb_id, choices=choices)
    except RecordNotFoundError:
        raise  # someone else's (or no) object: 404, like any id that is not the user's
    except OzwbError as exc:  # the seller's input (JobInputError) or a link that is no spreadsheet
        return _form(request, store, user, values, error=str(exc), status=400)
    enqueue(request, job_id)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


def _form(request: Request, store: StoreDep, user: User, values: dict[str, object], *, error: str = "",
          status: int = 200) -> Response:
    with store.session() as session:
        ozon = list_connections(session, user.id, "ozon")
        wb = list_connections(session, user.id, "wb")
    first_ok = next((c.id for c in ozon if c.state == "ok"), ozon[0].id if ozon else 0)
    chosen = _as_int(values.get("connection_id")) or first_ok
    context = {"ozon": ozon, "wb": wb, "roundings": ROUNDINGS, "error": error,
               "sheets_email": sheets_account_email(request.app.state.settings),
               "values": {"markup_percent": "0", "rounding": Rounding.RUBLE.value, **values, "connection_id": chosen}}
    return render(request, "exports/form.html", context, status_code=status)


def _percent(raw: str) -> float:
    text = raw.strip().replace(",", ".").removesuffix("%").strip() or "0"
    try:
        value = float(text)
    except ValueError:
        raise JobInputError("Наценка — число процентов, например 10 или 12,5") from None
    if math.isnan(value) or not 0 <= value <= 1000:
        raise JobInputError("Наценка — от 0 до 1000 %")
    return value


def _rounding(raw: str) -> str:
    if raw not in ROUNDINGS:
        raise JobInputError("Выберите способ округления цен из списка")
    return raw


def _as_int(value: object) -> int:
    return int(value) if isinstance(value, str) and value.strip().isdigit() else 0
