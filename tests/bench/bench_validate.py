"""Benchmark: validating a 100,000-row workbook against python-calamine just reading the same file.

    .venv/bin/python tests/bench/bench_validate.py [--products 100000] [--seed 7] [--repeat 3]
        [--keep PATH | --workbook PATH]

Prints one JSON line. The workbook is written first by our own writer (synthetic drafts over the 34 sample
WB subjects of ``samples/wb``) into a temporary directory. Then, in the same process and run,
``calamine_s`` is python-calamine opening the file and pulling every cell of every sheet as Python values
(the faster of ``to_python()`` and ``iter_rows()``), and ``validate_s`` is ``validate_workbook`` doing
everything: container checks, reading, per-sheet pandera schemas, cross-row rules and the row model.
Each is the best of ``--repeat`` runs. Target: ``ratio`` = validate_s / calamine_s ≤ 3.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import python_calamine  # noqa: E402

from engine.validation import validate_workbook  # noqa: E402
from engine.workbook.writer import write_workbook  # noqa: E402
from tests.workbook.builders import sample_directories, sample_subjects, synthetic_catalog  # noqa: E402


def calamine_read(path: Path) -> tuple[float, int]:
    """Seconds for python-calamine to read every sheet's cells, and the number of rows it saw."""
    best = float("inf")
    rows = 0
    for method in ("to_python", "iter_rows"):
        started = time.perf_counter()
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        rows = 0
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            if method == "to_python":
                rows += len(sheet.to_python())
            else:
                rows += sum(1 for _ in sheet.iter_rows())
        book.close()
        best = min(best, time.perf_counter() - started)
    return best, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workbook", type=Path, help="reuse this workbook (written by an earlier run) instead")
    parser.add_argument("--keep", type=Path, help="write the workbook here and keep it, for later --workbook runs")
    args = parser.parse_args()
    subjects, directories = sample_subjects(), sample_directories()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.workbook or args.keep or Path(tmp) / "catalog.xlsx"
        started = time.perf_counter()
        if args.workbook is None:
            write_workbook(path, synthetic_catalog(args.products, subjects, directories, args.seed), subjects,
                           directories)
        build_s = time.perf_counter() - started
        calamine_s = validate_s = float("inf")
        sheet_rows = 0
        report: Any = None
        for _ in range(args.repeat):
            seconds, sheet_rows = calamine_read(path)
            calamine_s = min(calamine_s, seconds)
            started = time.perf_counter()
            report = validate_workbook(path, subjects=subjects, directories=directories)
            validate_s = min(validate_s, time.perf_counter() - started)
        counts = report.counts()
        result = {
            "bench": "validate", "products": args.products, "data_rows": counts["rows"],
            "sheet_rows_read_by_calamine": sheet_rows, "sheets": len({r.sheet for r in report.rows}),
            "file_mb": round(path.stat().st_size / 2**20, 2), "build_s": round(build_s, 1),
            "calamine_s": round(calamine_s, 3), "validate_s": round(validate_s, 3),
            "ratio": round(validate_s / calamine_s, 2), "issues": counts["issues"],
            "rows_with_issues": counts["rows_with_issues"], "cards": counts["cards"],
            "by_code": counts["by_code"], "repeat": args.repeat,
        }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
