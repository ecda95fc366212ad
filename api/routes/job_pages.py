"""Job pages: the history (/jobs), one job with live progress, its result (and "to fix") download, re-running
failed rows, continuing a push stopped by a block.

Live progress: ``/jobs/{id}/events`` (server-sent events) pushes the progress block as HTML
whenever it changes; ``/jobs/{id}/progress`` serves the same block for polling (static/job.js
falls back to it). Without JavaScript the page refreshes itself while the job runs.
Managers read the jobs of the sellers linked to them; only the owner gets the action buttons.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from sqlalchemy import select

from api.deps import CurrentUser, KeyringDep, SellerUser, SettingsDep, StoreDep, client_ip
from api.ids import JobId
from api.jobqueue import enqueue
from api.security import set_flash
from api.templating import render
from engine.errors import OzwbError, RecordNotFoundError
from engine.jobs import (
    JobView,
    job_view,
    list_jobs,
    payloads_of,
    rerun_failed,
    result_file,
    resume_stopped_push,
    to_fix_file,
)
from engine.jobs.messages import failure_text
from engine.jobs.records import readable_job
from engine.push.states import CARD_STEP_LABELS, ROW_LABELS, CardStatus
from engine.russian import plural
from engine.store import Store
from engine.store.account_models import User

router = APIRouter(include_in_schema=False)


POLL_SECONDS = 1.0
STREAM_SECONDS = 600.0  # EventSource reconnects by itself; a stream does not hold a worker thread forever
KEEPALIVE_SECONDS = 15.0
SHOWN_PAYLOADS = 20
EXPORT_COUNTS = (("products", "товаров Ozon"), ("exported", "выгружено товаров"), ("cards", "карточек WB"),
                 ("subjects", "предметов WB"), ("rows", "строк в таблице"),
                 ("low_confidence", "карточек с неуверенным подбором предмета"),
                 ("archived_skipped", "архивных товаров пропущено"))
RERUNNABLE_ROWS = ("rejected", "failed", "skipped")
# Cards still on their way (engine.push.states.CARD_STEP_LABELS words only where a card ended up).
CARD_LABELS = {**CARD_STEP_LABELS, CardStatus.PENDING: "ждёт отправки", CardStatus.SENDING: "отправляется",
               CardStatus.ACCEPTED: "принята WB, создаётся", CardStatus.EXISTING: "уже на WB",
               CardStatus.UPDATING: "обновляется"}


@router.get("/jobs")
def jobs_list(request: Request, user: CurrentUser, store: StoreDep) -> Response:
    with store.session() as session:
        jobs = list_jobs(session, user.id)
        others = {j.owner_id for j in jobs} - {user.id}
        owners: dict[int, str] = {}
        if others:
            owners = {row.id: row.email for row in session.execute(select(User.id, User.email)
                                                                   .where(User.id.in_(others)))}
    return render(request, "jobs/list.html", {"jobs": jobs, "owners": owners, "show_owner": bool(owners)})


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: JobId, user: CurrentUser, store: StoreDep) -> Response:
    with store.session() as session:
        view = job_view(session, user.id, job_id)
        job = readable_job(session, user.id, job_id)
        push_job_id = job.push_job_id
        payloads = payloads_of(session, push_job_id) if view.dry_run and push_job_id is not None else []
        owner = session.get(User, view.owner_id) if view.owner_id != user.id else None
    context = {
        **progress_context(view), "owner_email": owner.email if owner else "",
        "can_act": view.owner_id == user.id, "can_rerun": _can_rerun(view), "can_resume": view.resumable,
        "payload_count": len(payloads), "payload_label": plural(len(payloads), "запрос", "запроса", "запросов"),
        "payloads": [{**p, "body": json.dumps(p["body"], ensure_ascii=False, indent=1)}
                     for p in payloads[:SHOWN_PAYLOADS]],
    }
    return render(request, "jobs/detail.html", context)


@router.get("/jobs/{job_id}/progress")
def job_progress_block(request: Request, job_id: JobId, user: CurrentUser, store: StoreDep) -> Response:
    return JSONResponse(_snapshot(request, store, user, job_id))


@router.get("/jobs/{job_id}/events")
async def job_events(request: Request, job_id: JobId, user: CurrentUser, store: StoreDep) -> Response:
    first = await run_in_threadpool(_snapshot, request, store, user, job_id)  # someone else's job: 404 here
    return StreamingResponse(_stream(request, store, user, job_id, first), media_type="text/event-stream",
                             headers={"X-Accel-Buffering": "no"})


@router.get("/jobs/{job_id}/result")
def job_result(job_id: JobId, user: CurrentUser, store: StoreDep, settings: SettingsDep) -> Response:
    with store.session() as session:
        view = job_view(session, user.id, job_id)
        path = result_file(settings, session, user.id, job_id)
    name = f"ozwb-{'export' if view.kind == 'export' else 'result'}-{job_id}.xlsx"
    return FileResponse(path, filename=name,
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@router.get("/jobs/{job_id}/to-fix")
def job_to_fix(request: Request, job_id: JobId, user: CurrentUser, store: StoreDep, settings: SettingsDep) -> Response:
    with store.session() as session:
        view = job_view(session, user.id, job_id)  # someone else's job: 404 here
        if not view.to_fix_rows:
            response = RedirectResponse(f"/jobs/{job_id}", status_code=303)
            set_flash(request, response, "В этой задаче нет строк для исправления.", "error")
            return response
        path = to_fix_file(settings, session, user.id, job_id)
    return FileResponse(path, filename=f"ozwb-to-fix-{job_id}.xlsx",
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@router.post("/jobs/{job_id}/rerun")
def job_rerun(request: Request, job_id: JobId, user: SellerUser, store: StoreDep, keyring: KeyringDep,
              settings: SettingsDep) -> Response:
    try:
        new_id = rerun_failed(store, keyring, settings, user.id, job_id)
    except RecordNotFoundError:
        raise  # someone else's (or no) object: 404, like any id that is not the user's
    except OzwbError as exc:
        response = RedirectResponse(f"/jobs/{job_id}", status_code=303)
        set_flash(request, response, failure_text(exc), "error")
        return response
    enqueue(request, new_id)
    return RedirectResponse(f"/jobs/{new_id}", status_code=303)


@router.post("/jobs/{job_id}/resume")
def job_resume(request: Request, job_id: JobId, user: SellerUser, store: StoreDep) -> Response:
    """«Продолжить перенос»: the push stopped by a block goes on from its checkpoints (the same job)."""
    response = RedirectResponse(f"/jobs/{job_id}", status_code=303)
    try:
        resume_stopped_push(store, user.id, job_id, lambda job: enqueue(request, job), ip=client_ip(request))
    except RecordNotFoundError:
        raise  # someone else's (or no) job: 404
    except OzwbError as exc:
        set_flash(request, response, failure_text(exc), "error")
        return response
    set_flash(request, response, "Перенос продолжается с того места, где остановился.")
    return response


def progress_context(view: JobView) -> dict[str, Any]:
    """What the progress block shows; the page and the live updates render it from the same values."""
    counts: list[tuple[str, object]] = []
    if view.kind == "export":
        counts = [(label, view.counts[key]) for key, label in EXPORT_COUNTS if view.counts.get(key)]
    else:
        rows = view.counts.get("rows")
        if isinstance(rows, dict):
            counts = [(f"строк: {_lower_first(ROW_LABELS.get(str(k), str(k)))}", n)
                      for k, n in sorted(rows.items()) if k != "running"]
        cards = view.counts.get("cards")
        if isinstance(cards, dict):
            counts += [(f"карточек: {CARD_LABELS.get(k, k)}", n) for k, n in sorted(cards.items())]
    return {"job": view, "counts": counts, "eta_text": eta_text(view.eta_seconds, view.finished),
            "percent": _percent(view)}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def eta_text(seconds: float | None, finished: bool) -> str:
    if finished:
        return ""
    if seconds is None:
        return "оцениваем…"
    if seconds < 60:
        return "меньше минуты"
    minutes = round(seconds / 60)
    if minutes < 90:
        return f"≈ {minutes} мин"
    return f"≈ {minutes // 60} ч {minutes % 60} мин"


def _percent(view: JobView) -> int:
    total = sum(s.total for s in view.steps)
    if view.finished:
        return 100
    return int(100 * sum(s.done for s in view.steps) / total) if total else 0


def _can_rerun(view: JobView) -> bool:
    rows = view.counts.get("rows")
    failed = sum(int(rows.get(k, 0)) for k in RERUNNABLE_ROWS) if isinstance(rows, dict) else 0
    return view.kind == "push" and view.status == "done" and view.has_result and failed > 0


def _snapshot(request: Request, store: Store, user: User, job_id: int) -> dict[str, object]:
    with store.session() as session:
        view = job_view(session, user.id, job_id)
    templates = request.app.state.templates
    html = templates.get_template("jobs/_progress.html").render({"request": request, **progress_context(view)})
    return {"status": view.status, "finished": view.finished, "html": html}


async def _stream(request: Request, store: Store, user: User, job_id: JobId,
                  first: dict[str, object]) -> AsyncIterator[str]:
    snapshot, sent = first, ""
    started = last_sent = time.monotonic()
    while True:
        data = json.dumps(snapshot, ensure_ascii=False)
        if data != sent:
            yield f"event: progress\ndata: {data}\n\n"
            sent, last_sent = data, time.monotonic()
        elif time.monotonic() - last_sent > KEEPALIVE_SECONDS:
            yield ": keep-alive\n\n"
            last_sent = time.monotonic()
        if snapshot["finished"] or time.monotonic() - started > STREAM_SECONDS or await request.is_disconnected():
            return
        await asyncio.sleep(POLL_SECONDS)
        snapshot = await run_in_threadpool(_snapshot, request, store, user, job_id)
