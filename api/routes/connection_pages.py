"""Connection pages: the list with each one's state, add Ozon / add WB forms, check, remove, the demo pair.

Every action is the seller's own (another user's id is "not found"); keys go in through the forms,
are checked at once, and are never shown again — only their last characters.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import KeyringDep, SellerUser, SettingsDep, StoreDep, client_ip
from api.security import set_flash
from api.templating import render
from engine.accounts import record_audit
from engine.connections import (
    ConnectionInputError,
    ConnectionView,
    add_and_check,
    add_demo_pair,
    check_stored,
    get_connection,
    list_connections,
    remove_connection,
)
from engine.store import Store
from engine.store.account_models import User

router = APIRouter(include_in_schema=False)

FormStr = Annotated[str, Form()]


def _back(request: Request, text: str, kind: str = "ok") -> Response:
    response = RedirectResponse("/connections", status_code=303)
    set_flash(request, response, text, kind)
    return response


def _outcome(added: ConnectionView) -> tuple[str, str]:
    if added.state == "ok":
        return f"«{added.name}»: {added.state_detail}", "ok"
    return f"«{added.name}» сохранено, но {added.state_label}: {added.state_detail}", "error"


def _list(request: Request, store: Store, settings: SettingsDep, user: User, *, form: dict[str, str] | None = None,
          error: str = "", status: int = 200) -> Response:
    with store.session() as session:
        connections = list_connections(session, user.id)
    context = {"connections": connections, "demo_available": bool(settings.demo_sandbox_url),
               "form": form or {}, "error": error}
    return render(request, "connections/list.html", context, status_code=status)


@router.get("/connections")
def connections_page(request: Request, user: SellerUser, store: StoreDep, settings: SettingsDep) -> Response:
    return _list(request, store, settings, user)


def _add(request: Request, user: User, store: Store, keyring: KeyringDep, settings: SettingsDep, kind: str,
         name: str, secret: str, client_id: str = "") -> Response:
    try:
        added = add_and_check(store, keyring, settings, user.id, kind=kind, name=name, secret=secret,
                              client_id=client_id)
    except ConnectionInputError as exc:
        # The key is never echoed back into the form; the seller pastes it again.
        return _list(request, store, settings, user, form={"kind": kind, "name": name, "client_id": client_id},
                     error=str(exc), status=400)
    with store.session() as session:
        record_audit(session, "connection_added", user_id=user.id, target=f"connection:{added.id}",
                     ip=client_ip(request), detail={"kind": kind, "state": added.state})
    text, level = _outcome(added)
    return _back(request, text, level)


@router.post("/connections/ozon")
def add_ozon_page(request: Request, user: SellerUser, store: StoreDep, keyring: KeyringDep, settings: SettingsDep,
                  name: FormStr = "", client_id: FormStr = "", api_key: FormStr = "") -> Response:
    return _add(request, user, store, keyring, settings, "ozon", name, api_key, client_id)


@router.post("/connections/wb")
def add_wb_page(request: Request, user: SellerUser, store: StoreDep, keyring: KeyringDep, settings: SettingsDep,
                name: FormStr = "", token: FormStr = "") -> Response:
    return _add(request, user, store, keyring, settings, "wb", name, token)


@router.post("/connections/demo")
def add_demo_page(request: Request, user: SellerUser, store: StoreDep, keyring: KeyringDep,
                  settings: SettingsDep) -> Response:
    url = settings.demo_sandbox_url
    if not url:
        return _back(request, "Демо-подключения доступны только в демо-режиме (ozwb serve --demo).", "error")
    with store.session() as session:
        pair = add_demo_pair(session, keyring, user.id, url)
        ids = [c.id for c in pair]
        for connection_id in ids:
            record_audit(session, "connection_added", user_id=user.id, target=f"connection:{connection_id}",
                         ip=client_ip(request), detail={"demo": True})
    states = [check_stored(store, keyring, settings, user.id, connection_id) for connection_id in ids]
    if all(s.state == "ok" for s in states):
        return _back(request, "Демо-подключения Ozon и WB добавлены и работают.")
    return _back(request, "Демо-подключения добавлены, но песочница не ответила: "
                 + "; ".join(s.state_detail for s in states), "error")


@router.post("/connections/{connection_id}/check")
def check_page(request: Request, connection_id: int, user: SellerUser, store: StoreDep, keyring: KeyringDep,
               settings: SettingsDep) -> Response:
    checked = check_stored(store, keyring, settings, user.id, connection_id)
    text, level = _outcome(checked)
    return _back(request, text, level)


@router.get("/connections/{connection_id}/remove")
def remove_confirm(request: Request, connection_id: int, user: SellerUser, store: StoreDep) -> Response:
    with store.session() as session:
        connection = get_connection(session, user.id, connection_id)
    return render(request, "connections/remove.html", {"connection": connection})


@router.post("/connections/{connection_id}/remove")
def remove_page(request: Request, connection_id: int, user: SellerUser, store: StoreDep) -> Response:
    with store.session() as session:
        name = get_connection(session, user.id, connection_id).name
        remove_connection(session, user.id, connection_id)
        record_audit(session, "connection_removed", user_id=user.id, target=f"connection:{connection_id}",
                     ip=client_ip(request))
    return _back(request, f"Подключение «{name}» удалено, его ключ стёрт.")
