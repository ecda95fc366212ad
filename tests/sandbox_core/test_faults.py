"""The fault middleware against a tiny app, over real HTTP."""

import threading
import time

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from sandbox.config import FaultSpec, SandboxConfig
from sandbox.context import SandboxContext
from sandbox.faults import FaultMiddleware
from sandbox.server import free_port


def _serve(config: SandboxConfig):
    ctx = SandboxContext.create(config)
    app = FastAPI()
    writes: list[int] = []

    @app.post("/wb/write")
    def write() -> dict[str, int]:
        writes.append(1)
        return {"n": len(writes)}

    @app.post("/ozon/read")
    def read() -> dict[str, bool]:
        return {"ok": True}

    app.add_middleware(FaultMiddleware, ctx=ctx)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    return server, thread, f"http://127.0.0.1:{port}", ctx, writes


@pytest.fixture
def serve():
    started = []

    def start(config: SandboxConfig):
        handle = _serve(config)
        started.append(handle)
        return handle

    yield start
    for server, thread, *_ in started:
        server.should_exit = True
        thread.join(5)


def test_429_is_answered_before_processing(serve):
    _, _, url, ctx, writes = serve(SandboxConfig(faults=FaultSpec.parse("429=1")))
    wb = httpx.post(f"{url}/wb/write")
    ozon = httpx.post(f"{url}/ozon/read")
    assert wb.status_code == 429 and wb.headers["x-ratelimit-retry"]
    assert wb.json()["status"] == 429
    assert ozon.status_code == 429 and ozon.json()["code"] == 8
    assert writes == []
    assert ctx.stats.snapshot()["faults"] == {"429": 2}


def test_reset_applies_the_write_but_loses_the_answer(serve):
    _, _, url, _, writes = serve(SandboxConfig(faults=FaultSpec.parse("reset=1")))
    with pytest.raises(httpx.TransportError):
        httpx.post(f"{url}/wb/write")
    assert writes == [1]


def test_timeout_applies_the_write_and_hangs(serve):
    _, _, url, _, writes = serve(SandboxConfig(faults=FaultSpec.parse("timeout=1"), fault_hang_seconds=2))
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(f"{url}/wb/write", timeout=0.3)
    assert writes == [1]


def test_fault_rate_follows_the_seeded_probability(serve):
    _, _, url, ctx, _ = serve(SandboxConfig(faults=FaultSpec.parse("500=0.3"), seed=7))
    with httpx.Client() as client:
        codes = [client.post(f"{url}/ozon/read").status_code for _ in range(200)]
    share = codes.count(500) / len(codes)
    assert 0.2 < share < 0.4
    assert ctx.stats.snapshot()["calls"]["POST /ozon/read"] == 200
