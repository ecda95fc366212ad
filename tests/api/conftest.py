"""Web test fixtures (defined in tests/support/web.py so other test folders can import them too)."""

from tests.support.web import (  # noqa: F401 - fixtures are found by name
    client,
    new_client,
    pg_web_settings,
    sqlite_web_settings,
    web_app,
    web_settings,
)
