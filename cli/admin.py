"""``ozwb admin``: roles of web accounts, from the server's shell — the only way to make the first admin.

``ozwb admin grant EMAIL --role admin`` gives a registered account a role (audited, "via cli");
``ozwb admin list`` shows every account with its role and state; ``ozwb admin rotate-keys`` re-encrypts
every stored secret with the newest key of ``OZWB_SECRET_KEYS``. The database is the one of
``OZWB_DATABASE_URL`` (the SQLite file by default), migrated first like every other command.
"""

from __future__ import annotations

from contextlib import closing
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.export import fail, open_seller_store
from engine.accounts import grant_role, list_users_by_role
from engine.errors import OzwbError
from engine.keyring import keyring_from_settings, rotate_all
from engine.settings import get_settings

ROLE_NAMES = {"seller": "продавец", "manager": "менеджер", "admin": "администратор"}


class Role(StrEnum):
    admin = "admin"
    manager = "manager"
    seller = "seller"


admin_app = typer.Typer(name="admin", help="Роли аккаунтов веб-сервиса, ключи шифрования.",
                        no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(admin_app)


@admin_app.command("grant")
def grant_command(
    email: Annotated[str, typer.Argument(help="Адрес почты зарегистрированного аккаунта")],
    role: Annotated[Role, typer.Option("--role", help="Новая роль", case_sensitive=False)],
) -> None:
    """Назначить аккаунту роль (admin, manager или seller). Действие записывается в журнал."""
    try:
        with closing(open_seller_store(get_settings())) as store, store.session() as session:
            user = grant_role(session, email, role.value, via="cli")
            address = user.email
    except OzwbError as exc:
        fail(exc)
    Console(soft_wrap=True).print(f"{address}: роль «{ROLE_NAMES[role.value]}» ({role.value}) назначена.",
                                  markup=False, highlight=False)


@admin_app.command("list")
def list_command() -> None:
    """Показать все аккаунты: почта, роль, состояние, дата создания."""
    try:
        with closing(open_seller_store(get_settings())) as store, store.session() as session:
            rows = list_users_by_role(session)
    except OzwbError as exc:
        fail(exc)
    console = Console(soft_wrap=True)
    if not rows:
        console.print("Аккаунтов пока нет: зарегистрируйтесь в веб-сервисе (ozwb serve), затем назначьте роль.")
        return
    table = Table("Почта", "Роль", "Состояние", "2FA", "Создан")
    for row in rows:
        state = "заблокирован" if row.blocked else ("активен" if row.is_active else "не подтверждён")
        created = datetime.fromtimestamp(row.created_at, tz=UTC).strftime("%d.%m.%Y %H:%M UTC")
        table.add_row(row.email, f"{ROLE_NAMES.get(row.role, row.role)} ({row.role})", state,
                      "да" if row.totp_on else "нет", created)
    console.print(table)


@admin_app.command("rotate-keys")
def rotate_keys_command() -> None:
    """Перешифровать все сохранённые ключи маркетплейсов и секреты 2FA новейшим ключом OZWB_SECRET_KEYS.

    Порядок смены ключа: добавьте новый ключ первым в OZWB_SECRET_KEYS (старый оставьте), перезапустите
    сервис, выполните эту команду, затем уберите старый ключ.
    """
    try:
        settings = get_settings()
        keyring = keyring_from_settings(settings)
        with closing(open_seller_store(settings)) as store, store.session() as session:
            changed = rotate_all(session, keyring)
    except OzwbError as exc:
        fail(exc)
    Console(soft_wrap=True).print(f"Перешифровано секретов: {changed}; текущий ключ {keyring.current_id}.",
                                  markup=False, highlight=False)
