"""A seller's marketplace connections: add, list, get, check, remove — always scoped to the owner.

Secrets go in encrypted and never come out of this module except through :func:`settings_for`,
which hands them to the marketplace clients; views carry only a masked hint such as ``…a1b2``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.connections.checks import STATE_LABELS, CheckResult, ConnectionState, check_ozon, check_wb
from engine.errors import OzwbError
from engine.keyring import Keyring
from engine.ownership import owned_record
from engine.settings import SANDBOX_OZON_API_KEY, SANDBOX_OZON_CLIENT_ID, SANDBOX_WB_TOKEN, Settings
from engine.store import Store
from engine.store.web_models import NAME_LENGTH, Connection

logger = logging.getLogger("engine.connections")

KINDS = ("ozon", "wb")
HINT_CHARS = 4
MAX_SECRET_LENGTH = 4096
DEMO_NAMES = {"ozon": "Демо Ozon (песочница)", "wb": "Демо WB (песочница)"}

Checker = Callable[[Settings], CheckResult]


class ConnectionInputError(OzwbError):
    """A value the seller typed cannot be a connection; the message is Russian and shown as is."""


@dataclass(frozen=True)
class ConnectionView:
    """What pages and the API may show: never the secret, only its last characters."""

    id: int
    kind: str
    name: str
    client_id: str  # masked
    secret_hint: str
    state: str
    state_label: str
    state_detail: str
    checked_at: float | None
    demo: bool
    created_at: float


def mask(value: str) -> str:
    value = value.strip()
    if len(value) <= HINT_CHARS:
        return "…" if value else ""
    return "…" + value[-HINT_CHARS:]


def view(connection: Connection) -> ConnectionView:
    state = ConnectionState(connection.state)
    return ConnectionView(
        id=connection.id, kind=connection.kind, name=connection.name, client_id=mask(connection.client_id),
        secret_hint=connection.secret_hint, state=state.value, state_label=STATE_LABELS[state],
        state_detail=connection.state_detail, checked_at=connection.checked_at,
        demo=connection.sandbox_url is not None, created_at=connection.created_at,
    )


def owned_connection(session: Session, owner_id: int, connection_id: int) -> Connection:
    return owned_record(session, Connection, "connection", owner_id, connection_id)


def list_connections(session: Session, owner_id: int, kind: str | None = None) -> list[ConnectionView]:
    query = select(Connection).where(Connection.owner_id == owner_id)
    if kind is not None:
        query = query.where(Connection.kind == kind)
    return [view(c) for c in session.scalars(query.order_by(Connection.id))]


def get_connection(session: Session, owner_id: int, connection_id: int) -> ConnectionView:
    return view(owned_connection(session, owner_id, connection_id))


def add_ozon(session: Session, keyring: Keyring, owner_id: int, *, name: str, client_id: str, api_key: str,
             sandbox_url: str | None = None) -> Connection:
    client_id = client_id.strip()
    if not (client_id.isascii() and client_id.isdigit()):  # "٣" is a digit too, but not in a header
        raise ConnectionInputError("Client-Id Ozon — это число из личного кабинета (Настройки → Seller API)")
    return _add(session, keyring, owner_id, "ozon", name, client_id, _secret(api_key, "Api-Key Ozon"), sandbox_url)


def add_wb(session: Session, keyring: Keyring, owner_id: int, *, name: str, token: str,
           sandbox_url: str | None = None) -> Connection:
    secret = _secret(token, "токен WB")
    if secret.lower().startswith("bearer "):
        secret = secret[7:].strip()
    return _add(session, keyring, owner_id, "wb", name, "", secret, sandbox_url)


def add_demo_pair(session: Session, keyring: Keyring, owner_id: int, sandbox_url: str) -> list[Connection]:
    """The sandbox's public demo keys as one Ozon and one WB connection (demo mode only)."""
    url = sandbox_url.rstrip("/")
    return [
        add_ozon(session, keyring, owner_id, name=DEMO_NAMES["ozon"], client_id=SANDBOX_OZON_CLIENT_ID,
                 api_key=SANDBOX_OZON_API_KEY, sandbox_url=url),
        add_wb(session, keyring, owner_id, name=DEMO_NAMES["wb"], token=SANDBOX_WB_TOKEN, sandbox_url=url),
    ]


def remove_connection(session: Session, owner_id: int, connection_id: int) -> None:
    session.delete(owned_connection(session, owner_id, connection_id))
    session.flush()


def check_connection(session: Session, keyring: Keyring, base: Settings, owner_id: int, connection_id: int,
                     *, checkers: dict[str, Checker] | None = None, now: float | None = None) -> ConnectionView:
    """Call the marketplace and record the state; the row is updated whatever the outcome."""
    connection = owned_connection(session, owner_id, connection_id)
    chosen = (checkers or {"ozon": check_ozon, "wb": check_wb})[connection.kind]
    result = chosen(settings_for(connection, keyring, base))
    return _record(connection, result, now if now is not None else time.time())


def _record(connection: Connection, result: CheckResult, now: float) -> ConnectionView:
    connection.state = result.state.value
    connection.state_detail = result.detail
    connection.checked_at = now
    logger.info("connection %s (%s) checked: %s", connection.id, connection.kind, result.state.value)
    return view(connection)


def settings_for(connection: Connection, keyring: Keyring, base: Settings) -> Settings:
    """``base`` with this connection's credentials (and its sandbox's addresses for a demo connection)."""
    settings = base.for_sandbox(connection.sandbox_url) if connection.sandbox_url else base
    secret = SecretStr(keyring.decrypt(connection.secret))
    if connection.kind == "ozon":
        return settings.model_copy(update={"ozon_client_id": connection.client_id, "ozon_api_key": secret})
    return settings.model_copy(update={"wb_token": secret})


def _add(session: Session, keyring: Keyring, owner_id: int, kind: str, name: str, client_id: str, secret: str,
         sandbox_url: str | None) -> Connection:
    label = " ".join(name.split())
    if not label:
        raise ConnectionInputError("Дайте подключению название, например «Мой магазин»")
    if len(label) > NAME_LENGTH:
        raise ConnectionInputError(f"Название длиннее {NAME_LENGTH} символов")
    connection = Connection(
        owner_id=owner_id, kind=kind, name=label, client_id=client_id, secret=keyring.encrypt(secret),
        secret_hint=mask(secret), key_id=keyring.current_id, state=ConnectionState.UNCHECKED.value,
        state_detail="", checked_at=None, sandbox_url=sandbox_url, created_at=time.time(),
    )
    session.add(connection)
    session.flush()
    logger.info("connection %s (%s) added for user %s", connection.id, kind, owner_id)
    return connection


def _secret(value: str, what: str) -> str:
    secret = value.strip()
    if not secret:
        raise ConnectionInputError(f"Вставьте {what}")
    if len(secret) > MAX_SECRET_LENGTH or any(ch.isspace() for ch in secret.removeprefix("Bearer ")):
        raise ConnectionInputError(f"{what[0].upper()}{what[1:]} выглядит неправильно: в нём не должно быть "
                                   "пробелов и переносов строк")
    if not secret.isascii() or not secret.isprintable():  # it travels in an HTTP header: latin letters, digits
        raise ConnectionInputError(f"{what[0].upper()}{what[1:]} выглядит неправильно: в нём только латинские "
                                   "буквы, цифры и знаки — скопируйте его из личного кабинета ещё раз")
    return secret


def check_stored(store: Store, keyring: Keyring, base: Settings, owner_id: int, connection_id: int,
                 *, checkers: dict[str, Checker] | None = None) -> ConnectionView:
    """:func:`check_connection` for a web request: no transaction stays open while the marketplace answers."""
    with store.session() as session:
        connection = owned_connection(session, owner_id, connection_id)
        kind, own = connection.kind, settings_for(connection, keyring, base)
    result = (checkers or {"ozon": check_ozon, "wb": check_wb})[kind](own)
    with store.session() as session:
        connection = owned_connection(session, owner_id, connection_id)  # removed meanwhile: not found
        return _record(connection, result, time.time())


def add_and_check(store: Store, keyring: Keyring, base: Settings, owner_id: int, *, kind: str, name: str,
                  secret: str, client_id: str = "", checkers: dict[str, Checker] | None = None) -> ConnectionView:
    """What the add forms and the API do: store the connection, then check it at once."""
    with store.session() as session:
        if kind == "ozon":
            connection = add_ozon(session, keyring, owner_id, name=name, client_id=client_id, api_key=secret)
        elif kind == "wb":
            connection = add_wb(session, keyring, owner_id, name=name, token=secret)
        else:
            raise ConnectionInputError("Подключение бывает к Ozon или к WB")
        connection_id = connection.id
    return check_stored(store, keyring, base, owner_id, connection_id, checkers=checkers)
