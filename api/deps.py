"""Dependencies of the routes: the store, keyring, mailer and settings of the app, and who is asking.

Pages: ``user: User = Depends(current_user)`` (no session → redirect to /login).
REST: ``user: User = Depends(api_user)`` (``Authorization: Bearer <jwt>``; missing/bad → 401 JSON).
Roles: ``Depends(require_role("seller", "admin"))`` for pages, ``require_api_role`` for REST; a
wrong role reads as "not found", like every object the user may not see. The usual ones are named
once here: ``SellerUser`` / ``ApiSeller`` (a seller's own work; admins too), ``AdminUser`` (/admin).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.errors import LoginRequiredError, NotFoundApiError, UnauthorizedError
from engine.accounts import TokenInvalidError, session_user, token_claims, unread_count
from engine.accounts.bearer import password_fingerprint
from engine.keyring import Keyring
from engine.mail import Mailer
from engine.settings import Settings
from engine.store import Store
from engine.store.account_models import User

_bearer = HTTPBearer(auto_error=False, description="JWT из POST /api/v1/auth/token")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_keyring(request: Request) -> Keyring:
    keyring: Keyring = request.app.state.keyring
    return keyring


def get_mailer(request: Request) -> Mailer:
    mailer: Mailer = request.app.state.mailer
    return mailer


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def session_cookie(request: Request) -> str:
    return request.cookies.get(get_settings(request).session_cookie_name, "")


def optional_user(request: Request) -> User | None:
    """The signed-in user of the page, or None; also fills the nav (user, unread notices)."""
    token = session_cookie(request)
    if not token:
        return None
    with get_store(request).session() as session:
        user = session_user(session, token)
        if user is not None:
            request.state.user = user
            request.state.unread_notices = unread_count(session, user.id)
    return user


def current_user(request: Request) -> User:
    user = optional_user(request)
    if user is None:
        raise LoginRequiredError
    return user


def api_user(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise UnauthorizedError("Нужен токен: заголовок Authorization: Bearer <токен из /api/v1/auth/token>.")
    try:
        user_id, fingerprint = token_claims(get_settings(request), credentials.credentials)
    except TokenInvalidError as exc:
        raise UnauthorizedError(exc.message, code="token_invalid") from exc
    with get_store(request).session() as session:
        user = session.get(User, user_id)
    if user is None or not user.is_active or user.blocked_at is not None or password_fingerprint(user) != fingerprint:
        raise UnauthorizedError("Токен недействителен или истёк. Получите новый: POST /api/v1/auth/token.",
                                code="token_invalid")
    return user


def require_role(*roles: str) -> Callable[..., Awaitable[User]]:
    async def dependency(user: Annotated[User, Depends(current_user)]) -> User:
        if user.role not in roles:
            raise NotFoundApiError("Страница не найдена.")
        return user

    return dependency


def require_api_role(*roles: str) -> Callable[..., Awaitable[User]]:
    async def dependency(user: Annotated[User, Depends(api_user)]) -> User:
        if user.role not in roles:
            raise NotFoundApiError("Не найдено.")
        return user

    return dependency


def require_admin(request: Request) -> User:
    """The signed-in admin; anyone else, signed in or not, gets "not found" (the area is not advertised)."""
    user = optional_user(request)
    if user is None or user.role != "admin":
        raise NotFoundApiError("Страница не найдена.")
    return user


CurrentUser = Annotated[User, Depends(current_user)]
ApiUser = Annotated[User, Depends(api_user)]
SellerUser = Annotated[User, Depends(require_role("seller", "admin"))]
ApiSeller = Annotated[User, Depends(require_api_role("seller", "admin"))]
AdminUser = Annotated[User, Depends(require_admin)]
StoreDep = Annotated[Store, Depends(get_store)]
KeyringDep = Annotated[Keyring, Depends(get_keyring)]
MailerDep = Annotated[Mailer, Depends(get_mailer)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
