"""Admin pages under /admin: users (search, paging, block / unblock) and the audit log.

Only admins see them; everyone else, signed in or not, gets "not found". They show account facts
and audit entries only — never a user's connections, keys, files or workbooks. Roles are granted
with ``ozwb admin grant`` on the server, not here.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import AdminUser, StoreDep, client_ip
from api.ids import bounded_id
from api.security import set_flash
from api.templating import render
from engine.accounts import AdminActionError, audit_actions, audit_log, block_user, list_users, unblock_user

router = APIRouter(prefix="/admin", include_in_schema=False)

SearchText = Annotated[str, Query(max_length=254)]
PageNumber = Annotated[int, Query(ge=1, le=1_000_000)]
ACTION_LABELS = {
    "register": "регистрация",
    "email_confirmed": "адрес подтверждён",
    "login_ok": "вход",
    "login_failed": "неудачный вход",
    "logout": "выход",
    "password_reset_requested": "запрос сброса пароля",
    "password_reset": "пароль сменён по ссылке",
    "totp_enabled": "2FA включена",
    "totp_disabled": "2FA выключена",
    "manager_invited": "менеджер приглашён",
    "manager_added": "менеджер подключён",
    "manager_removed": "менеджер отключён",
    "connection_added": "подключение добавлено",
    "connection_removed": "подключение удалено",
    "push_started": "запуск загрузки в WB",
    "role_granted": "роль назначена",
    "user_blocked": "пользователь заблокирован",
    "user_unblocked": "пользователь разблокирован",
    "job_stopped": "задание остановлено (блокировка)",
    "job_resumed": "перенос продолжен",
}


@router.get("")
def admin_home(admin: AdminUser) -> Response:
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/users")
def users_page(request: Request, admin: AdminUser, store: StoreDep, q: SearchText = "",
               page: PageNumber = 1) -> Response:
    with store.session() as session:
        found = list_users(session, search=q, page=page)
    return render(request, "admin/users.html", {"found": found, "q": q, "me": admin.id,
                                                "query": _query(q=q)})


@router.post("/users/{user_id}/block")
def block_page(request: Request, admin: AdminUser, store: StoreDep, user_id: int,
               q: Annotated[str, Form(max_length=254)] = "", page: Annotated[str, Form(max_length=8)] = "") -> Response:
    try:
        with store.session() as session:
            email = block_user(session, admin, bounded_id(user_id), ip=client_ip(request)).email
    except AdminActionError as exc:
        return _back(request, q, page, exc.message, "error")
    return _back(request, q, page, f"{email} заблокирован: его сеансы и токены API больше не действуют.")


@router.post("/users/{user_id}/unblock")
def unblock_page(request: Request, admin: AdminUser, store: StoreDep, user_id: int,
                 q: Annotated[str, Form(max_length=254)] = "",
                 page: Annotated[str, Form(max_length=8)] = "") -> Response:
    with store.session() as session:
        email = unblock_user(session, admin, bounded_id(user_id), ip=client_ip(request)).email
    return _back(request, q, page, f"{email} разблокирован и может снова войти.")


@router.get("/audit")
def audit_page(request: Request, admin: AdminUser, store: StoreDep, user: SearchText = "",
               action: Annotated[str, Query(max_length=40)] = "", page: PageNumber = 1) -> Response:
    with store.session() as session:
        found = audit_log(session, user=user, action=action, page=page)
        actions = audit_actions(session)
    return render(request, "admin/audit.html", {
        "found": found, "user_filter": user, "action": action, "labels": ACTION_LABELS,
        "actions": [(a, ACTION_LABELS.get(a, a)) for a in actions], "query": _query(user=user, action=action),
    })


def _query(**values: str) -> str:
    """The filters of a list page, for its paging links."""
    kept = {name: value for name, value in values.items() if value}
    return urlencode(kept)


def _back(request: Request, q: str, page: str, text: str, kind: str = "ok") -> Response:
    values = {"q": q, "page": page if page.isdigit() else ""}
    query = _query(**values)
    response = RedirectResponse("/admin/users" + (f"?{query}" if query else ""), status_code=303)
    set_flash(request, response, text, kind)
    return response
