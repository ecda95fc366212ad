"""REST: register and get a bearer token (JWT) for /api/v1."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel, Field

from api.deps import ApiUser, KeyringDep, MailerDep, SettingsDep, StoreDep, client_ip
from api.errors import error_responses
from engine.accounts import AccountError, authenticate, issue_token, register

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class RegisterRequest(BaseModel):
    email: str = Field(max_length=254, examples=["seller@example.ru"])
    password: str = Field(max_length=256, description="не короче 10 символов и не совпадает с адресом")


class UserOut(BaseModel):
    id: int
    email: str
    role: str
    is_active: bool = Field(description="false: ждёт подтверждения адреса по ссылке из письма")


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int


@router.post("/register", status_code=201, response_model=UserOut, responses=error_responses(400, 413, 422))
def api_register(request: Request, body: RegisterRequest, store: StoreDep, mailer: MailerDep) -> UserOut:
    """Зарегистрировать продавца. С настроенной почтой аккаунт активен после перехода по ссылке из письма."""
    with store.session() as session:
        user = register(session, mailer, body.email, body.password, ip=client_ip(request))
        return UserOut(id=user.id, email=user.email, role=user.role, is_active=user.is_active)


@router.post("/token", response_model=TokenOut, responses=error_responses(400, 401, 413, 422, 429))
def api_token(
    request: Request, store: StoreDep, keyring: KeyringDep, settings: SettingsDep,
    username: Annotated[str, Form(max_length=254, description="email")],
    password: Annotated[str, Form(max_length=256)],
    grant_type: Annotated[str | None, Form(pattern="^password$")] = None,
    totp: Annotated[str | None, Form(max_length=16, description="код из приложения, если включена 2FA")] = None,
) -> TokenOut:
    """Получить токен (форма OAuth2 password). Для аккаунтов с двухфакторной защитой обязательно поле `totp`."""
    error: AccountError | None = None
    token = ""
    with store.session() as session:
        try:
            user = authenticate(session, settings, keyring, username, password, ip=client_ip(request),
                                totp_code=totp)
            token = issue_token(settings, user)
        except AccountError as exc:  # inside the block so the failed attempt is committed
            error = exc
    if error is not None:
        raise error
    return TokenOut(access_token=token, expires_in=int(settings.jwt_ttl))


@router.get("/me", response_model=UserOut, responses=error_responses(401))
def api_me(user: ApiUser) -> UserOut:
    """Кто владелец токена."""
    return UserOut(id=user.id, email=user.email, role=user.role, is_active=user.is_active)
