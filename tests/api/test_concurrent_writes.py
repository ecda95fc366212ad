"""Sellers signing up, signing in, adding connections and uploading at the same instant: no 500, nothing lost.

On the embedded SQLite file a transaction that read first and then wrote used to fail at once with
"database is locked" when another request wrote meanwhile; the store now takes SQLite's write lock before
a transaction's first write and waits for it. Runs on PostgreSQL too, whose behaviour must stay the same.
"""

from __future__ import annotations

import secrets
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.app import create_app
from engine.settings import Settings
from engine.store.account_models import User
from engine.store.web_models import Connection, ImportRecord
from tests.support.web import PASSWORD

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VALID = Path(__file__).resolve().parents[2] / "samples" / "bad" / "valid_base.xlsx"
SELLERS = 6
ROUNDS = 3


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def _seller(client: TestClient, start: threading.Barrier, index: int) -> list[tuple[str, int, str]]:
    """Everything one seller does; the (step, status, body) of every answer that was not the expected one."""
    email = f"race-{index}-{secrets.token_hex(3)}@example.ru"
    wrong: list[tuple[str, int, str]] = []

    def expect(step: str, status: int, response: httpx.Response) -> httpx.Response:
        if response.status_code != status:
            wrong.append((step, response.status_code, response.text[:300]))
        return response

    start.wait()
    expect("register", 201, client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD}))
    for round_ in range(ROUNDS):
        token = expect("token", 200, client.post("/api/v1/auth/token",
                                                 data={"username": email, "password": PASSWORD}))
        if token.status_code != 200:
            return wrong
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        if round_ == 0:  # before any WB connection: checked without WB's reference lists (no WB here)
            expect("import", 201, client.post("/api/v1/imports", headers=headers,
                                              files={"file": ("book.xlsx", VALID.read_bytes(), XLSX)}))
        expect("connection", 201, client.post("/api/v1/connections", headers=headers,
                                              json={"kind": "wb", "name": "WB", "secret": "wb-token"}))
        expect("connections", 200, client.get("/api/v1/connections", headers=headers))
    return wrong


def test_simultaneous_sellers_all_land(web_settings: Settings) -> None:
    # WB is a closed local port and no retries: the check of each added connection fails fast ("unreachable").
    dead = closed_port_url()
    settings = web_settings.model_copy(update={
        "http_max_retries": 0, "wb_content_url": dead, "wb_prices_url": dead, "wb_marketplace_url": dead,
        "wb_common_url": dead})
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        start = threading.Barrier(SELLERS)
        with ThreadPoolExecutor(SELLERS) as pool:
            outcomes = list(pool.map(lambda i: _seller(client, start, i), range(SELLERS)))
        problems = [problem for outcome in outcomes for problem in outcome]
        assert problems == []
        with client.app.state.store.session() as session:  # type: ignore[attr-defined]
            users = session.scalar(select(func.count()).select_from(User).where(User.email.like("race-%")))
            connections = session.scalar(select(func.count()).select_from(Connection))
            imports = session.scalar(select(func.count()).select_from(ImportRecord))
    assert (users, connections, imports) == (SELLERS, SELLERS * ROUNDS, SELLERS)
