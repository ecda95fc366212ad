"""The signed-in home page: what to do next (connections, export, upload), the latest jobs, unread notices.

``/`` belongs to ``auth_pages`` (it greets visitors); for a signed-in user it renders
:func:`dashboard`. ``/home`` is the same page under its own address.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import CurrentUser
from api.templating import render
from engine.accounts import list_notices
from engine.connections import list_connections
from engine.jobs import list_jobs
from engine.store import Store
from engine.store.account_models import User

router = APIRouter(include_in_schema=False)

LATEST_JOBS = 5
LATEST_NOTICES = 5


@router.get("/home")
def home(request: Request, user: CurrentUser) -> Response:
    return dashboard(request, user)


def dashboard(request: Request, user: User) -> Response:
    store: Store = request.app.state.store
    with store.session() as session:
        connections = list_connections(session, user.id) if user.role != "manager" else []
        jobs = list_jobs(session, user.id)[:LATEST_JOBS]
        notices = [n for n in list_notices(session, user.id, limit=20) if n.read_at is None][:LATEST_NOTICES]
    ozon = [c for c in connections if c.kind == "ozon"]
    wb = [c for c in connections if c.kind == "wb"]
    context = {
        "ozon_count": len(ozon), "wb_count": len(wb),
        "has_export": any(j.kind == "export" and j.status == "done" for j in jobs),
        "jobs": jobs, "notices": notices,
        "demo_offered": bool(request.app.state.settings.demo_sandbox_url) and not connections,
    }
    return render(request, "home/dashboard.html", context)
