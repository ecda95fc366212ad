"""Benchmark: the Google Sheets export's HTTP calls and payloads for N Ozon products, against the offline fake.

    .venv/bin/python tests/bench/bench_export_gsheet.py [--products 10000] [--seed 7]

Prints one JSON line: calls by kind, the largest and total request bodies (UTF-8 JSON as sent), cells,
and the time to build and send everything (the fake answers at once and pacing is off, so this is
our side plus the fake's schema checks).
Drafts are built from the sandbox's sample WB subjects before the clock starts.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from engine.gsheets import write_google_sheet  # noqa: E402
from engine.ratelimit import UnlimitedRateLimiter  # noqa: E402
from tests.gsheets.fake_google import ROBOT, FakeGoogle  # noqa: E402
from tests.workbook.builders import sample_directories, sample_subjects, synthetic_catalog  # noqa: E402

KEY = "1BenchmarkSpreadsheetKey_0123456789abcdef"


def run(products: int, seed: int) -> dict[str, Any]:
    subjects, directories = sample_subjects(), sample_directories()
    drafts = synthetic_catalog(products, subjects, directories, seed)
    fake = FakeGoogle()
    book = fake.spreadsheet(KEY)
    started = time.perf_counter()
    summary = write_google_sheet(KEY, drafts, subjects, directories, client=fake.client(),
                                 service_account_email=ROBOT, summary_info={"Товаров": products},
                                 limiter=UnlimitedRateLimiter())
    elapsed = time.perf_counter() - started
    kinds: dict[str, int] = {}
    for call in fake.calls:
        kind = f"{call.method} {call.path.removeprefix(f'v4/spreadsheets/{KEY}') or 'metadata'}"
        kinds[kind] = kinds.get(kind, 0) + 1
    bodies = [c.body_bytes for c in fake.calls]
    structure_calls = [c for c in fake.calls if c.path.endswith(f"{KEY}:batchUpdate")]
    structure = [len(c.body["requests"]) for c in structure_calls]
    value_calls = [c for c in fake.calls if c.path.endswith("values:batchUpdate")]
    return {
        "bench": "export_gsheet", "products": products, "rows": summary.rows, "sheets": len(book.sheets),
        "calls": len(fake.calls), "calls_by_kind": kinds, "structure_requests": sum(structure),
        "max_body_mb": round(max(bodies) / 2**20, 3), "total_body_mb": round(sum(bodies) / 2**20, 2),
        "structure_mb": round(sum(c.body_bytes for c in structure_calls) / 2**20, 2),
        "values_mb": round(sum(c.body_bytes for c in value_calls) / 2**20, 2),
        "max_rows_per_values_call": max(sum(len(d["values"]) for d in c.body["data"]) for c in value_calls),
        "grid_cells": sum(s.size[0] * s.size[1] for s in book.sheets),
        "seconds_incl_fake": round(elapsed, 2), "schema_problems": len(fake.problems),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(run(args.products, args.seed), ensure_ascii=False))


if __name__ == "__main__":
    main()
