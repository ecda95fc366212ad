"""REST: the seller's marketplace connections. Secrets go in once and never come back out."""

from __future__ import annotations

from dataclasses import asdict
from typing import Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from api.deps import ApiSeller, KeyringDep, SettingsDep, StoreDep, client_ip
from api.errors import ApiError, error_responses
from engine.accounts import record_audit
from engine.connections import (
    ConnectionInputError,
    ConnectionView,
    add_and_check,
    check_stored,
    get_connection,
    list_connections,
    remove_connection,
)

router = APIRouter(prefix="/api/v1/connections", tags=["connections"])

State = Literal["unchecked", "ok", "wrong_key", "expired", "missing_scopes", "unreachable"]


class ConnectionIn(BaseModel):
    kind: Literal["ozon", "wb"]
    name: str = Field(min_length=1, max_length=120, examples=["Мой магазин"])
    client_id: str = Field(default="", max_length=64, description="Ozon Client-Id (только для kind=ozon)")
    secret: str = Field(min_length=1, max_length=4096, description="Ozon Api-Key или токен WB; в ответах не бывает")


class ConnectionOut(BaseModel):
    id: int
    kind: Literal["ozon", "wb"]
    name: str
    client_id: str = Field(description="Client-Id Ozon, скрытый кроме последних символов")
    secret_hint: str = Field(description="последние символы ключа, например …a1b2")
    state: State
    state_label: str
    state_detail: str
    checked_at: float | None = Field(description="когда проверено, секунды Unix")
    demo: bool
    created_at: float

    @classmethod
    def of(cls, view: ConnectionView) -> ConnectionOut:
        return cls.model_validate(asdict(view))


class ConnectionList(BaseModel):
    connections: list[ConnectionOut]


class InvalidConnectionError(ApiError):
    status = 400
    code = "invalid_connection"


@router.get("", response_model=ConnectionList, responses=error_responses(401, 404))
def api_list(user: ApiSeller, store: StoreDep) -> ConnectionList:
    """Подключения продавца с их состоянием (ключей в ответе нет)."""
    with store.session() as session:
        return ConnectionList(connections=[ConnectionOut.of(v) for v in list_connections(session, user.id)])


@router.post("", status_code=201, response_model=ConnectionOut, responses=error_responses(400, 401, 404, 413, 422))
def api_add(request: Request, body: ConnectionIn, user: ApiSeller, store: StoreDep, keyring: KeyringDep,
            settings: SettingsDep) -> ConnectionOut:
    """Добавить подключение Ozon или WB; оно сразу проверяется запросом к маркетплейсу (поле state)."""
    try:
        added = add_and_check(store, keyring, settings, user.id, kind=body.kind, name=body.name, secret=body.secret,
                              client_id=body.client_id)
    except ConnectionInputError as exc:
        raise InvalidConnectionError(str(exc)) from exc
    with store.session() as session:
        record_audit(session, "connection_added", user_id=user.id, target=f"connection:{added.id}",
                     ip=client_ip(request), detail={"kind": body.kind, "state": added.state, "api": True})
    return ConnectionOut.of(added)


@router.delete("/{connection_id}", status_code=204, response_class=Response, responses=error_responses(401, 404, 422))
def api_remove(request: Request, connection_id: int, user: ApiSeller, store: StoreDep) -> Response:
    """Удалить подключение и стереть его ключ."""
    with store.session() as session:
        remove_connection(session, user.id, connection_id)
        record_audit(session, "connection_removed", user_id=user.id, target=f"connection:{connection_id}",
                     ip=client_ip(request), detail={"api": True})
    return Response(status_code=204)


@router.post("/{connection_id}/check", response_model=ConnectionOut, responses=error_responses(401, 404, 422))
def api_check(connection_id: int, user: ApiSeller, store: StoreDep, keyring: KeyringDep,
              settings: SettingsDep) -> ConnectionOut:
    """Проверить подключение сейчас: ok, wrong_key, expired, missing_scopes (каких категорий нет), unreachable."""
    with store.session() as session:
        get_connection(session, user.id, connection_id)  # someone else's id: 404 before any call goes out
    return ConnectionOut.of(check_stored(store, keyring, settings, user.id, connection_id))
