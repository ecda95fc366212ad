"""Marketplace connections of a seller (Ozon Client-Id + Api-Key, WB token), encrypted, owner-scoped.

- :func:`add_ozon` / :func:`add_wb` / :func:`add_and_check` / :func:`add_demo_pair` — store one;
- :func:`list_connections` / :func:`get_connection` — :class:`ConnectionView` s, never the secret;
- :func:`check_connection` / :func:`check_stored` — call the marketplace, record ``ok`` / ``wrong_key`` / ``expired`` /
  ``missing_scopes`` / ``unreachable``;
- :func:`remove_connection`;
- :func:`settings_for` — the credentials for the engine clients (the only way a secret leaves).

Another owner's id raises :class:`engine.errors.RecordNotFoundError`, exactly like a missing one.
"""

from engine.connections.checks import STATE_LABELS, CheckResult, ConnectionState, check_ozon, check_wb
from engine.connections.service import (
    ConnectionInputError,
    ConnectionView,
    add_and_check,
    add_demo_pair,
    add_ozon,
    add_wb,
    check_connection,
    check_stored,
    get_connection,
    list_connections,
    mask,
    owned_connection,
    remove_connection,
    settings_for,
)

__all__ = [
    "STATE_LABELS",
    "CheckResult",
    "ConnectionInputError",
    "ConnectionState",
    "ConnectionView",
    "add_and_check",
    "add_demo_pair",
    "add_ozon",
    "add_wb",
    "check_connection",
    "check_ozon",
    "check_stored",
    "check_wb",
    "get_connection",
    "list_connections",
    "mask",
    "owned_connection",
    "remove_connection",
    "settings_for",
]
