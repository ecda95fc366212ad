"""Benchmark: writing the WB-ready workbook for N Ozon products, against XlsxWriter writing the same cells.

    .venv/bin/python tests/bench/bench_export_xlsx.py [--products 10000] [--seed 7]

Prints one JSON line. Each writer runs in its own subprocess so neither pollutes the other's
peak RSS; drafts are built from the sandbox's sample WB subjects before the clock starts.
``xlsxwriter_s`` is XlsxWriter (constant_memory) writing the same sheets and cells from values
computed beforehand, so ``ratio`` charges our writer for turning drafts into rows as well.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from engine.workbook.layout import INSTRUCTIONS_TITLE, SUMMARY_TITLE  # noqa: E402
from engine.workbook.stream import CellValue, as_number  # noqa: E402
from engine.workbook.writer import plan_sheets, write_workbook  # noqa: E402
from tests.workbook.builders import sample_directories, sample_subjects, synthetic_catalog  # noqa: E402


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_ours(products: int, seed: int, out: Path) -> dict[str, Any]:
    subjects, directories = sample_subjects(), sample_directories()
    drafts = synthetic_catalog(products, subjects, directories, seed)
    before = _current_rss_mb()
    started = time.perf_counter()
    summary = write_workbook(out, drafts, subjects, directories, summary_info={"Товаров": products})
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "peak_rss_mb": _rss_mb(), "rss_before_write_mb": before, "rows": summary.rows,
            "cards": summary.cards, "sheets": len(summary.sheets), "file_mb": out.stat().st_size / 2**20}


def run_xlsxwriter(products: int, seed: int, out: Path) -> dict[str, Any]:
    import xlsxwriter

    subjects, directories = sample_subjects(), sample_directories()
    drafts = synthetic_catalog(products, subjects, directories, seed)
    sheets: list[tuple[str, list[list[CellValue]]]] = []
    for plan in plan_sheets(drafts, subjects, directories):
        header: list[list[CellValue]] = [[c.group for c in plan.layout.columns], [c.key for c in plan.layout.columns],
                  [c.header for c in plan.layout.columns], [c.hint for c in plan.layout.columns]]
        sheets.append((plan.layout.title, header + [row.values for row in plan.rows]))
    cells = sum(1 for _, rows in sheets for r in rows for v in r if v not in (None, ""))
    started = time.perf_counter()
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_formulas": False})
    text = book.add_format({"quote_prefix": True})
    book.add_worksheet(INSTRUCTIONS_TITLE)
    book.add_worksheet(SUMMARY_TITLE)
    for title, rows in sheets:
        sheet = book.add_worksheet(title)
        for r, values in enumerate(rows):  # header rows 1-4, data from row 5, as ours
            for c, value in enumerate(values):
                number = as_number(value)
                if number is not None:
                    sheet.write_number(r, c, number)
                elif value not in (None, ""):
                    sheet.write_string(r, c, str(value), text)
    book.close()
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "peak_rss_mb": _rss_mb(), "cells": cells}


def _child(kind: str, products: int, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, __file__, "--child", kind, "--products", str(products), "--seed", str(seed),
             "--out", str(Path(tmp) / f"{kind}.xlsx")],
            check=True, capture_output=True, text=True,
        )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", choices=("ours", "xlsxwriter"))
    parser.add_argument("--out", type=Path)
    parser.add_argument("--skip-xlsxwriter", action="store_true", help="only our writer (memory runs)")
    args = parser.parse_args()
    if args.child:
        runner = run_ours if args.child == "ours" else run_xlsxwriter
        print(json.dumps(runner(args.products, args.seed, args.out)))
        return
    ours = _child("ours", args.products, args.seed)
    result: dict[str, Any] = {
        "bench": "export_xlsx", "products": args.products, "rows": ours["rows"], "cards": ours["cards"],
        "sheets": ours["sheets"], "file_mb": round(ours["file_mb"], 2), "ours_s": round(ours["seconds"], 3),
        "ours_peak_rss_mb": round(ours["peak_rss_mb"], 1),
        "ours_rss_before_write_mb": round(ours["rss_before_write_mb"], 1),
    }
    if not args.skip_xlsxwriter:
        theirs = _child("xlsxwriter", args.products, args.seed)
        result.update({"cells": theirs["cells"], "xlsxwriter_s": round(theirs["seconds"], 3),
                       "ratio": round(ours["seconds"] / theirs["seconds"], 2)})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
