"""Reading a whole Ozon catalog: requests spent per method vs the minimum, wall time vs the 50 rps bound.

Run from the repo root:  python tests/bench/bench_ozon_read.py [--size 10000] [--speed 1] [--workers 4]
Prints one JSON line. Not a pytest test (no ``test_`` prefix).

Starts a sandbox with ``catalog_size`` products at real-world speed (Ozon's 50 requests/s per
Client-Id enforced) in its own process, as the real Ozon is elsewhere (``--in-thread`` shares
this process and its GIL instead), reads the catalog with ``OzonClient.read_catalog`` and compares:
- requests per method against the minimum the batch limits allow: list pages of 1000 for
  ``ALL`` and for ``ARCHIVED`` (at least one call each), ``ceil(N / 1000)`` for info,
  attributes, prices and stocks, one description call per product without attribute 4191;
- wall time against ``requests / 50`` seconds, the least time the rate limit permits.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402 - the path above makes the repo importable

from engine.ozon import OzonClient  # noqa: E402
from engine.settings import get_settings  # noqa: E402
from sandbox.catalog import generate_catalog  # noqa: E402
from sandbox.config import SandboxConfig  # noqa: E402
from sandbox.server import free_port, run_sandbox, serve  # noqa: E402

OZON_RPS = 50


def _ozon_calls(stats: dict[str, dict[str, int]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for key, count in stats["calls"].items():
        path = key.partition(" ")[2].removeprefix("/ozon")
        found[path] = found.get(path, 0) + count
    return found


def _cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU of a process so far (Linux ``/proc``; None elsewhere)."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


@contextmanager
def sandbox_process(config: SandboxConfig) -> Iterator[tuple[str, int | None]]:
    """A sandbox in a child process; yields its URL (and pid) once it answers."""
    port = free_port()
    process = multiprocessing.get_context("spawn").Process(target=serve, args=(config, "127.0.0.1", port))
    process.start()
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if not process.is_alive() or time.monotonic() > deadline:
                    raise RuntimeError("sandbox process did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        process.join(timeout=10)


@contextmanager
def sandbox_thread(config: SandboxConfig) -> Iterator[tuple[str, int | None]]:
    with run_sandbox(config) as sb:
        yield sb.url, None


def run(size: int, speed: float, workers: int, seed: int, in_thread: bool = False) -> dict[str, object]:
    truth = generate_catalog(size, seed)
    archived = sum(1 for p in truth if p.archived)
    active = len(truth) - archived
    config = SandboxConfig(speed=speed, catalog_size=size, seed=seed)
    with (sandbox_thread if in_thread else sandbox_process)(config) as (url, pid):
        settings = get_settings(limit_speed=speed).for_sandbox(url)
        with OzonClient(settings) as client:
            client.check_key()  # warm up: the sandbox builds its catalog on first use
            httpx.post(f"{url}/_sandbox/stats/reset")
            server_cpu = _cpu_seconds(pid)
            client_cpu = time.process_time()
            start = time.perf_counter()
            products = client.read_catalog(max_workers=workers)
            wall = time.perf_counter() - start
            client_cpu = time.process_time() - client_cpu
            server_after = _cpu_seconds(pid)
        used = _ozon_calls(httpx.get(f"{url}/_sandbox/stats").json())
    ids = [p.product_id for p in products]
    batches = math.ceil(len(truth) / 1000)
    missing = sum(1 for p in products if p.description_source != "attribute")
    minimum = {
        "/v3/product/list": max(1, math.ceil(active / 1000)) + max(1, math.ceil(archived / 1000)),
        "/v3/product/info/list": batches,
        "/v4/product/info/attributes": batches,
        "/v5/product/info/prices": batches,
        "/v4/product/info/stocks": batches,
        "/v1/product/info/description": missing,
    }
    requests = sum(used.values())
    bound = requests / (OZON_RPS * speed)
    return {
        "benchmark": "ozon_read_catalog",
        "catalog_size": len(truth),
        "archived": archived,
        "products_read": len(ids),
        "exactly_once": len(ids) == len(set(ids)) == len(truth) and set(ids) == {p.product_id for p in truth},
        "requests": {path: {"used": used.get(path, 0), "minimum": count} for path, count in minimum.items()},
        "requests_total": requests,
        "requests_minimum": sum(minimum.values()),
        "wall_seconds": round(wall, 3),
        "rate_bound_seconds": round(bound, 3),
        "wall_over_bound": round(wall / bound, 2) if bound else None,
        # Where the time goes: our parsing/joining vs the emulator building its answers.
        "client_cpu_seconds": round(client_cpu, 3),
        "sandbox_cpu_seconds": (round(server_after - server_cpu, 3)
                                if server_cpu is not None and server_after is not None else None),
        "speed": speed,
        "workers": workers,
        "sandbox": "thread" if in_thread else "process",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--in-thread", action="store_true", help="run the sandbox in this process")
    args = parser.parse_args()
    result = run(args.size, args.speed, args.workers, args.seed, args.in_thread)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
