"""Starting a sandbox and pointing engine clients at it, for the integration tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from engine.http import RetryPolicy
from engine.settings import Settings, get_settings
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox, run_sandbox


@contextmanager
def sandbox(**config: Any) -> Iterator[RunningSandbox]:
    with run_sandbox(SandboxConfig(**config)) as running:
        yield running


def settings_for(sb: RunningSandbox, *, speed: float | None = None, **overrides: Any) -> Settings:
    """Client settings for ``sb``: the sandbox's speed, short backoff, the demo credentials."""
    values: dict[str, Any] = {"limit_speed": speed or sb.config.speed, "http_backoff_base": 0.02,
                              "http_backoff_cap": 0.5, "http_timeout": 10.0}
    values.update(overrides)
    return get_settings(**values).for_sandbox(sb.url)


def fast_policy(settings: Settings, overall: float = 60.0) -> RetryPolicy:
    return RetryPolicy.from_settings(settings, overall_timeout=overall)


def stats(sb: RunningSandbox) -> dict[str, dict[str, int]]:
    result: dict[str, dict[str, int]] = httpx.get(f"{sb.url}/_sandbox/stats").json()
    return result


def reset_stats(sb: RunningSandbox) -> None:
    httpx.post(f"{sb.url}/_sandbox/stats/reset")


def calls(sb: RunningSandbox, marketplace: str) -> dict[str, int]:
    """Calls per route template of one marketplace, e.g. ``{"/v3/product/list": 2}``.

    The sandbox counts routes without their ``/ozon`` or ``/wb`` mount; Ozon's paths all start
    with a version (``/v1``…), WB's with ``/content``, ``/api`` or ``/ping``.
    """
    found: dict[str, int] = {}
    for key, count in stats(sb)["calls"].items():
        _, _, path = key.partition(" ")
        for mount in ("/ozon", "/wb"):
            if path.startswith(mount + "/"):
                path = path[len(mount):]
        is_ozon = path.startswith("/v") and path[2:3].isdigit()
        if is_ozon == (marketplace == "ozon"):
            found[path] = found.get(path, 0) + count
    return found
