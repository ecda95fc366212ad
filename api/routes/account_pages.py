"""Pages of one's own account: two-factor setup, managers (invite, list, remove), accepting an
invitation, in-app notices, the recent audit log."""

from __future__ import annotations

import io
from typing import Annotated

import segno
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import CurrentUser, KeyringDep, MailerDep, SellerUser, StoreDep, client_ip, optional_user
from api.errors import LoginRequiredError, NotFoundApiError
from api.security import set_flash
from api.templating import render
from engine.accounts import (
    AccountError,
    accept_invite,
    audit_events,
    begin_totp,
    confirm_totp,
    disable_totp,
    find_invite,
    invite_manager,
    list_notices,
    managers_of,
    mark_all_read,
    pending_invites,
    pending_uri,
    record_audit,
    remove_manager,
    totp_enabled,
    user_by_email,
)
from engine.store.account_models import User

router = APIRouter(include_in_schema=False)

FormStr = Annotated[str, Form()]


def _back(request: Request, text: str, kind: str = "ok", to: str = "/account") -> Response:
    response = RedirectResponse(to, status_code=303)
    set_flash(request, response, text, kind)
    return response


@router.get("/account")
def account(request: Request, user: CurrentUser, store: StoreDep, keyring: KeyringDep) -> Response:
    with store.session() as session:
        fresh = session.get(User, user.id)
        assert fresh is not None
        context = {
            "totp_on": totp_enabled(fresh),
            "totp_setup": pending_uri(keyring, fresh),
            "managers": managers_of(session, user.id),
            "invites": pending_invites(session, user.id),
            "events": audit_events(session, user.id, limit=20),
        }
    return render(request, "auth/account.html", context)


@router.post("/account/totp/start")
def totp_start(request: Request, user: CurrentUser, store: StoreDep, keyring: KeyringDep) -> Response:
    with store.session() as session:
        fresh = session.get(User, user.id)
        assert fresh is not None
        if totp_enabled(fresh):
            return _back(request, "Двухфакторная защита уже включена.", "error")
        begin_totp(session, keyring, fresh)
    return RedirectResponse("/account#totp", status_code=303)


@router.get("/account/2fa/qr.svg")
def totp_qr(request: Request, store: StoreDep, keyring: KeyringDep) -> Response:
    """The pending setup's otpauth link as a QR code, for the account page's ``<img>``; nothing to show: 404."""
    user = optional_user(request)  # an image, not a page: no redirect to the sign-in form
    if user is None:
        raise NotFoundApiError("Страница не найдена.")
    with store.session() as session:
        fresh = session.get(User, user.id)
        setup = pending_uri(keyring, fresh) if fresh is not None else None
    if setup is None:
        raise NotFoundApiError("Нет начатой настройки двухфакторной защиты.")
    svg = io.BytesIO()
    # White background of its own: the code stays scannable whatever the page behind it; no styles (CSP).
    segno.make(setup[1], error="m").save(svg, kind="svg", xmldecl=False, scale=5, border=4, dark="#000",
                                         light="#fff", title="QR-код для приложения-аутентификатора")
    return Response(svg.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


@router.post("/account/totp/confirm")
def totp_confirm(request: Request, user: CurrentUser, store: StoreDep, keyring: KeyringDep, code: FormStr) -> Response:
    try:
        with store.session() as session:
            fresh = session.get(User, user.id)
            assert fresh is not None
            confirm_totp(session, keyring, fresh, code)
            record_audit(session, "totp_enabled", user_id=user.id, target=f"user:{user.id}", ip=client_ip(request))
    except AccountError as exc:
        return _back(request, exc.message, "error", "/account#totp")
    return _back(request, "Двухфакторная защита включена. При входе понадобится код из приложения.")


@router.post("/account/totp/disable")
def totp_disable(request: Request, user: CurrentUser, store: StoreDep, keyring: KeyringDep, code: FormStr) -> Response:
    try:
        with store.session() as session:
            fresh = session.get(User, user.id)
            assert fresh is not None
            disable_totp(session, keyring, fresh, code)
            record_audit(session, "totp_disabled", user_id=user.id, target=f"user:{user.id}", ip=client_ip(request))
    except AccountError as exc:
        return _back(request, exc.message, "error", "/account#totp")
    return _back(request, "Двухфакторная защита выключена.")


@router.post("/account/managers")
def managers_invite(
    request: Request, user: SellerUser, store: StoreDep, mailer: MailerDep, email: FormStr
) -> Response:
    try:
        with store.session() as session:
            invite_manager(session, mailer, user, email, ip=client_ip(request))
    except AccountError as exc:
        return _back(request, exc.message, "error")
    return _back(request, "Приглашение отправлено.")


@router.post("/account/managers/{manager_id}/remove")
def managers_remove(request: Request, manager_id: int, user: CurrentUser, store: StoreDep) -> Response:
    with store.session() as session:
        if not remove_manager(session, user, manager_id, ip=client_ip(request)):
            raise NotFoundApiError("Менеджер не найден.")
    return _back(request, "Доступ менеджера отозван.")


@router.get("/invite/{token}")
def invite_page(request: Request, token: str, store: StoreDep) -> Response:
    user = optional_user(request)
    with store.session() as session:
        try:
            invite = find_invite(session, token)
        except AccountError as exc:
            return render(request, "errors/error.html", {"status": 400, "message": exc.message}, 400)
        seller = session.get(User, invite.seller_id)
        has_account = user_by_email(session, invite.email) is not None
    if user is None and not has_account:
        return RedirectResponse(f"/register?invite={token}", status_code=303)
    if user is None:
        raise LoginRequiredError
    return render(request, "auth/invite.html", {"token": token, "invite_email": invite.email,
                                                "seller_email": seller.email if seller else ""})


@router.post("/invite/{token}")
def invite_accept(request: Request, token: str, user: CurrentUser, store: StoreDep) -> Response:
    try:
        with store.session() as session:
            accept_invite(session, token, user, ip=client_ip(request))
    except AccountError as exc:
        return render(request, "errors/error.html", {"status": 400, "message": exc.message}, 400)
    return _back(request, "Приглашение принято: результаты продавца доступны на странице «Задачи».", to="/jobs")


@router.get("/notices")
def notices(request: Request, user: CurrentUser, store: StoreDep) -> Response:
    with store.session() as session:
        items = list_notices(session, user.id)
    return render(request, "auth/notices.html", {"notices": items})


@router.post("/notices/read")
def notices_read(request: Request, user: CurrentUser, store: StoreDep) -> Response:
    with store.session() as session:
        mark_all_read(session, user.id)
    return RedirectResponse("/notices", status_code=303)
