"""Pages: home, register, confirm email, sign in (with the 2FA step), sign out, password reset."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import KeyringDep, MailerDep, SettingsDep, StoreDep, client_ip, optional_user, session_cookie
from api.security import safe_next, set_flash, set_session_cookie
from api.templating import render
from engine.accounts import (
    AccountError,
    accept_invite,
    authenticate,
    confirm_email,
    end_session,
    find_invite,
    note_totp_result,
    pending_user,
    register,
    request_password_reset,
    reset_password,
    start_session,
    totp_enabled,
    verify_code,
)
from engine.accounts.sessions import drop_session
from engine.accounts.throttle import check_throttle
from engine.settings import Settings
from engine.store.account_models import User

router = APIRouter(include_in_schema=False)

FormStr = Annotated[str, Form()]


def _signed_in(request: Request, settings: Settings, token: str, target: str) -> Response:
    response = RedirectResponse(safe_next(target), status_code=303)
    set_session_cookie(response, name=settings.session_cookie_name, token=token, max_age=settings.session_ttl,
                       https=settings.public_url.startswith("https://"))
    return response


@router.get("/")
def home(request: Request) -> Response:
    user = optional_user(request)
    if user is not None:
        from api.routes.home_pages import dashboard  # the signed-in home lives with the flow pages

        return dashboard(request, user)
    return render(request, "auth/home.html")


@router.get("/register")
def register_form(request: Request, store: StoreDep, invite: str = "") -> Response:
    context: dict[str, object] = {"invite": invite}
    if invite:
        with store.session() as session:
            try:
                context["invite_email"] = find_invite(session, invite).email
            except AccountError as exc:
                return render(request, "errors/error.html", {"status": 400, "message": exc.message}, 400)
    return render(request, "auth/register.html", context)


@router.post("/register")
def register_submit(
    request: Request, store: StoreDep, mailer: MailerDep, settings: SettingsDep,
    email: FormStr, password: FormStr, invite: Annotated[str, Form()] = "",
) -> Response:
    ip = client_ip(request)
    try:
        with store.session() as session:
            if invite:
                # The invitation came by mail to this address: that confirms it, and the role is manager.
                invited = find_invite(session, invite)
                user = register(session, mailer, invited.email, password, ip=ip, role="manager", confirmed=True)
                accept_invite(session, invite, user, ip=ip)
                token = start_session(session, settings, user, ip=ip)
                return _signed_in(request, settings, token, "/jobs")
            user = register(session, mailer, email, password, ip=ip)
            active = user.is_active
    except AccountError as exc:
        return render(request, "auth/register.html", {"error": exc.message, "email": email, "invite": invite}, 400)
    if active:
        text = "Аккаунт создан. Войдите с вашим адресом и паролем."
    else:
        text = "Мы отправили письмо со ссылкой. Откройте её, чтобы подтвердить адрес, затем войдите."
    return render(request, "auth/message.html", {"title": "Регистрация", "text": text, "link": "/login",
                                                 "link_text": "Войти"})


@router.get("/confirm/{token}")
def confirm(request: Request, token: str, store: StoreDep) -> Response:
    try:
        with store.session() as session:
            confirm_email(session, token, ip=client_ip(request))
    except AccountError as exc:
        return render(request, "errors/error.html", {"status": 400, "message": exc.message}, 400)
    return render(request, "auth/message.html", {"title": "Адрес подтверждён", "text": "Спасибо! Теперь можно войти.",
                                                 "link": "/login", "link_text": "Войти"})


@router.get("/login")
def login_form(request: Request, next_url: Annotated[str, Query(alias="next")] = "") -> Response:
    return render(request, "auth/login.html", {"next": next_url})


@router.post("/login")
def login_submit(
    request: Request, store: StoreDep, keyring: KeyringDep, settings: SettingsDep,
    email: FormStr, password: FormStr, next_url: Annotated[str, Form(alias="next")] = "",
) -> Response:
    ip = client_ip(request)
    error: AccountError | None = None
    pending = False
    token = ""
    with store.session() as session:
        try:
            user = authenticate(session, settings, keyring, email, password, ip=ip, require_totp=False)
            pending = totp_enabled(user)
            token = start_session(session, settings, user, ip=ip, pending_totp=pending)
        except AccountError as exc:  # caught inside the block: the failed attempt is committed
            error = exc
    if error is not None:
        status = 429 if error.code == "too_many_attempts" else 400
        return render(request, "auth/login.html", {"error": error.message, "email": email, "next": next_url}, status)
    if pending:
        response = RedirectResponse(f"/login/totp?next={quote(safe_next(next_url), safe='')}", status_code=303)
        set_session_cookie(response, name=settings.session_cookie_name, token=token, max_age=600,
                           https=settings.public_url.startswith("https://"))
        return response
    return _signed_in(request, settings, token, next_url)


@router.get("/login/totp")
def totp_form(request: Request, store: StoreDep, next_url: Annotated[str, Query(alias="next")] = "") -> Response:
    with store.session() as session:
        if pending_user(session, session_cookie(request)) is None:
            return RedirectResponse("/login", status_code=303)
    return render(request, "auth/login_totp.html", {"next": next_url})


@router.post("/login/totp")
def totp_submit(
    request: Request, store: StoreDep, keyring: KeyringDep, settings: SettingsDep,
    code: FormStr, next_url: Annotated[str, Form(alias="next")] = "",
) -> Response:
    ip = client_ip(request)
    old = session_cookie(request)
    error: AccountError | None = None
    token = ""
    with store.session() as session:
        user: User | None = pending_user(session, old)
        if user is None:
            return RedirectResponse("/login", status_code=303)
        try:
            check_throttle(session, settings, user.email, ip)
            verify_code(keyring, user, code)
            note_totp_result(session, settings, user, ip, ok=True)
            drop_session(session, old)  # a fresh token once fully signed in
            token = start_session(session, settings, user, ip=ip)
        except AccountError as exc:
            if exc.code == "totp_invalid":
                note_totp_result(session, settings, user, ip, ok=False)
            error = exc
    if error is not None:
        status = 429 if error.code == "too_many_attempts" else 400
        return render(request, "auth/login_totp.html", {"error": error.message, "next": next_url}, status)
    return _signed_in(request, settings, token, next_url)


@router.post("/logout")
def logout(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    with store.session() as session:
        end_session(session, session_cookie(request), ip=client_ip(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(settings.session_cookie_name, path="/")
    set_flash(request, response, "Вы вышли из аккаунта.")
    return response


@router.get("/reset")
def reset_request_form(request: Request) -> Response:
    return render(request, "auth/reset_request.html")


@router.post("/reset")
def reset_request(request: Request, store: StoreDep, mailer: MailerDep, email: FormStr) -> Response:
    with store.session() as session:
        request_password_reset(session, mailer, email, ip=client_ip(request))
    # The same answer for known and unknown addresses: nobody learns who has an account.
    text = "Если этот адрес зарегистрирован, мы отправили на него ссылку для нового пароля. Она действует 1 час."
    return render(request, "auth/message.html", {"title": "Восстановление пароля", "text": text})


@router.get("/reset/{token}")
def reset_form(request: Request, token: str) -> Response:
    return render(request, "auth/reset_form.html", {"token": token})


@router.post("/reset/{token}")
def reset_submit(request: Request, token: str, store: StoreDep, password: FormStr) -> Response:
    try:
        with store.session() as session:
            reset_password(session, token, password, ip=client_ip(request))
    except AccountError as exc:
        return render(request, "auth/reset_form.html", {"token": token, "error": exc.message}, 400)
    response = RedirectResponse("/login", status_code=303)
    set_flash(request, response, "Пароль изменён. Войдите с новым паролем.")
    return response
