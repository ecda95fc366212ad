"""Benchmark: pushing an N-product catalog to the WB sandbox — calls used against the minimum, and wall time
against the bound WB's rate limits put on that call plan.

    .venv/bin/python tests/bench/bench_push.py [--products 10000] [--speed 60]

Prints one JSON line. Not a pytest test.

The sandbox runs as ``python -m cli.main sandbox`` in its own process. The catalog is exported from it,
then made ready as a seller would: missing required values filled (the export already keeps cards WB
could not tell apart out of one group), one photo per card from a pool of
three small sandbox photos (the sandbox draws, fetches and decodes linked photos on the CPU that also
answers the API, remembering its verdict per link; thousands of distinct photos would measure the
sandbox's drawing, not the push). Only the push itself is timed (``run_slice`` inline, one process, the
in-process rate limiter).

*Minimum* writes are what the batch limits allow for this catalog: barcodes ⌈sizes without one / 5000⌉,
``cards/upload`` the number of ≤ 100-group / ≤ 10 MB requests, one ``media/save`` per card with photos,
``upload/task`` ⌈priced cards / 1000⌉, stocks ⌈sizes with stock / 1000⌉ per warehouse. *Polling*
(card list, error list, price task history) is reported separately. The *bound* is, per rate bucket,
(minimum calls − burst) × interval / speed; the push can be no faster than its slowest bucket.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from engine.export import export_catalog  # noqa: E402
from engine.ozon.client import OzonClient  # noqa: E402
from engine.preview import fill_missing_required  # noqa: E402
from engine.push import PushOptions, create_job, prepare_push, run_slice, seller_key  # noqa: E402
from engine.push.payloads import MAX_GROUPS_PER_UPLOAD, batches, body_bytes, with_barcodes  # noqa: E402
from engine.settings import get_settings  # noqa: E402
from engine.store import PushCard, PushRow, open_store, upgrade_to_head  # noqa: E402
from engine.wb.client import WbClient  # noqa: E402
from engine.workbook import STATIC_KEYS, read_workbook  # noqa: E402
from sandbox.server import run_sandbox_process  # noqa: E402

POOL = ("pool-a-700x900.jpg", "pool-b-700x900.jpg", "pool-c-700x900.jpg")
WRITES = {  # route -> (rate bucket, WB limit per minute, burst)
    "POST /content/v2/barcodes": ("content", 100, 5),
    "POST /content/v2/cards/upload": ("card_writes", 10, 5),
    "POST /content/v2/cards/upload/add": ("card_writes", 10, 5),
    "POST /content/v2/cards/update": ("card_writes", 10, 5),
    "POST /content/v3/media/save": ("media", 100, 5),
    "POST /content/v3/media/file": ("media", 100, 5),
    "POST /api/v2/upload/task": ("prices", 100, 5),
    "PUT /api/v3/stocks/{warehouseId}": ("marketplace", 300, 20),
}
POLLS = ("POST /content/v2/get/cards/list", "POST /content/v2/cards/error/list", "GET /api/v2/history/tasks",
         "GET /api/v2/history/goods/task")


@contextmanager
def sandbox_process(products: int, speed: float, log: Path) -> Iterator[str]:
    """``ozwb sandbox`` in its own process; yields its URL once it answers."""
    with run_sandbox_process(["--catalog-size", str(products), "--speed", str(speed)], log) as url:
        yield url


def stats(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{url}/_sandbox/stats", timeout=10) as answer:
        result: dict[str, Any] = json.load(answer)
    return result


def routes(raw: dict[str, int]) -> Counter[str]:
    found: Counter[str] = Counter()
    for key, count in raw.items():
        method, _, path = key.partition(" ")
        found[f"{method} {path.removeprefix('/wb')}"] += count
    return found


def make_ready(url: str, path: Path, settings: Any, *, photos: bool) -> Any:
    """Export, then do what a seller would: fill required values, pool photos."""
    import openpyxl

    with OzonClient(settings) as ozon, WbClient(settings) as wb:
        export_catalog(ozon, wb, path)
        first = prepare_push(path, wb)
        fill_missing_required(path, first.report.issues, first.reference.specs if first.reference else {})
        book = openpyxl.load_workbook(path)
        for table in read_workbook(path).tables:
            photo = table.columns.get(STATIC_KEYS["photo"])
            cards: dict[object, int] = {}
            for row in table.rows:
                code = row.get(STATIC_KEYS["vendorCode"])
                n = cards.setdefault(code, len(cards))
                if photo is not None:
                    book[table.title].cell(row=row.row, column=photo).value = \
                        f"{url}/cdn/img/{POOL[n % 3]}" if photos else None
        book.save(path)
        return prepare_push(path, wb)


def minimum_plan(store: Any, job_id: int) -> Counter[str]:
    with store.session() as session:
        cards = session.query(PushCard).filter_by(job_id=job_id).all()
        rows = session.query(PushRow).filter_by(job_id=job_id).all()
    sent = [c for c in cards if c.status not in ("skipped",)]
    by_card: dict[int, list[PushRow]] = {}
    for row in rows:
        by_card.setdefault(row.card_id or 0, []).append(row)
    units: dict[int, list[dict[str, Any]]] = {}
    for card in sent:
        sizes = sorted(by_card[card.id], key=lambda r: r.size_index)
        variant = with_barcodes(json.loads(card.variant), [[b for b in r.barcodes.split(";") if b] for r in sizes])
        units.setdefault(card.unit, []).append(variant)
    payloads = [{"subjectID": 0, "variants": v} for v in units.values()]
    per_warehouse: Counter[int] = Counter()
    for row in rows:
        if row.card_id is not None:
            per_warehouse.update(int(w) for w in json.loads(row.stocks))
    plan: Counter[str] = Counter({
        "POST /content/v2/barcodes": math.ceil(sum(r.barcodes_generated for r in rows) / 5000),
        "POST /content/v2/cards/upload": len(list(batches(payloads, max_items=MAX_GROUPS_PER_UPLOAD,
                                                          size_of=body_bytes))),
        "POST /content/v3/media/save": sum(1 for c in sent if json.loads(c.photos)),
        "POST /api/v2/upload/task": math.ceil(sum(1 for c in sent if c.price is not None) / 1000),
        "PUT /api/v3/stocks/{warehouseId}": sum(math.ceil(n / 1000) for n in per_warehouse.values()),
    })
    return plan


def bound_seconds(plan: Counter[str], speed: float) -> dict[str, float]:
    per_bucket: Counter[str] = Counter()
    shape: dict[str, tuple[int, int]] = {}
    for route, count in plan.items():
        bucket, per_minute, burst = WRITES[route]
        per_bucket[bucket] += count
        shape[bucket] = (per_minute, burst)
    return {bucket: max(0, n - shape[bucket][1]) * 60.0 / shape[bucket][0] / speed for bucket, n in per_bucket.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--speed", type=float, default=60.0)
    parser.add_argument("--no-photos", action="store_true",
                        help="cards without photos: the push's own pace, without the sandbox's photo work")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with sandbox_process(args.products, args.speed, work / "sandbox.log") as url:
            settings = get_settings(limit_speed=args.speed, database_url=f"sqlite:///{work / 'push.sqlite3'}",
                                    http_backoff_base=0.05, http_backoff_cap=1.0).for_sandbox(url)
            started = time.monotonic()
            prepared = make_ready(url, work / "catalog.xlsx", settings, photos=not args.no_photos)
            prepare_s = time.monotonic() - started
            store = open_store(settings)
            upgrade_to_head(settings, store.engine)
            with store.session() as session:
                job_id = create_job(session, prepared.report, seller_key(settings), PushOptions())
            urllib.request.urlopen(urllib.request.Request(f"{url}/_sandbox/stats/reset", method="POST")).close()
            started = time.monotonic()
            t0 = time.monotonic()
            result = run_slice(store, job_id, lambda _job: WbClient(settings),
                               progress=lambda m: print(f"{time.monotonic() - t0:7.2f} {m}", file=sys.stderr))
            wall = time.monotonic() - started
            after = stats(url)
            plan = minimum_plan(store, job_id)
            store.close()
    used = routes(after["calls"])
    writes_used = {route: used.get(route, 0) for route in WRITES if used.get(route) or plan.get(route)}
    polling = {route: used.get(route, 0) for route in POLLS}
    bounds = bound_seconds(plan, args.speed)
    bound = max(bounds.values())
    counts = result.counts
    print(json.dumps({
        "products": args.products, "speed": args.speed, "photos": not args.no_photos, "rows": len(prepared.report.rows),
        "cards": len(prepared.report.cards), "groups": len(prepared.report.groups), "prepare_s": round(prepare_s, 1),
        "finished": result.finished, "card_states": counts.get("cards"), "row_states": counts.get("rows"),
        "writes_minimum": dict(plan), "writes_used": writes_used,
        "writes_ratio": round(sum(writes_used.values()) / max(1, sum(plan.values())), 3),
        "polling_calls": polling, "faults": after.get("faults", {}),
        "wall_s": round(wall, 1), "bound_s": round(bound, 1), "bound_by_bucket_s": {k: round(v, 1)
                                                                                      for k, v in bounds.items()},
        "wall_ratio": round(wall / bound, 3) if bound else None,
        "events": {k: v for k, v in after.get("events", {}).items() if k.startswith("wb.")},
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
