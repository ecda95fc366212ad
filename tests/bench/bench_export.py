"""Benchmark: the whole export (``export_catalog``) of an N-product sandbox catalog, against XlsxWriter.

    .venv/bin/python tests/bench/bench_export.py [--products 10000] [--speed 1] [--seed 1] [--skip-xlsxwriter]

Prints one JSON line. Not a pytest test (no ``test_`` prefix).

The export runs twice against the same sandbox: ``cold`` with an empty WB reference cache (every
subject list, characteristics and directory fetched from WB) and then ``warm`` with the cache the
cold run left (as every export after the first within the cache's TTL). Each gets its own figures
under ``runs``; ``ratio`` is per run.

The sandbox runs as ``python -m cli.main sandbox`` in its own process, so its CPU does not count
against the client (the real marketplaces are elsewhere too). The export runs in a second child
process; its peak RSS is that process's ``ru_maxrss``, imports included (``rss_after_imports_mb``
says how much of it is the interpreter and libraries). Stage times come from the export's own
progress messages. A third child reads our workbook back (before its clock starts) and writes
every non-empty cell of every sheet with XlsxWriter in ``constant_memory`` mode: the same rows x
columns; ``ratio`` is our whole export (read, match, drafts, write) over that write alone.

Both clients pace themselves to the marketplaces' limits at ``--speed``; ``rate_wait_s`` is the
time requests spent waiting for a token, per marketplace (mostly WB's 100 content requests a
minute, which characteristics for each WB subject have to go through). ``wb_bound_s`` is the
least time WB's published Content limit allows for the run's WB content requests: 100 a minute
with a burst of 5, so ``(requests - 5) x 0.6 s`` at speed 1.

The machine is shared, so XlsxWriter runs right after each export (``xlsxwriter_s`` per run, the
run's ``ratio`` against it): both see the same load; ``cpu_ratio`` compares CPU times instead.
``cpu_s`` is the export process's CPU time (``stages_cpu_s`` per stage; the read's includes the
matching thread beside it) and ``sandbox_cpu_s`` the sandbox's during the run (what a real
marketplace spends on its side).
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
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from sandbox.server import run_sandbox_process  # noqa: E402

# Export progress messages -> stage names in the JSON (an unknown message keeps its text).
STAGES = {
    "Читаю каталог Ozon": "read",
    "Читаю дерево категорий Ozon": "ozon_tree",
    "Подбираю предметы WB": "match",
    "Читаю характеристики и справочники WB": "wb_directories",
    "Собираю карточки": "drafts",
    "Записываю таблицу": "write",
}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20




@contextmanager
def sandbox_process(products: int, speed: float, seed: int, log: Path) -> Iterator[str]:
    """``ozwb sandbox`` in its own process; yields its URL once it answers."""
    with run_sandbox_process(
        ["--catalog-size", str(products), "--speed", str(speed), "--seed", str(seed)], log
    ) as url:
        yield url


WB_CONTENT_PER_MINUTE = 100
WB_CONTENT_BURST = 5


def _process_on_port(port: int) -> int | None:
    """The pid of the sandbox listening on ``port`` (its command line names the port), or None."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"--port" in argv[:-1] and argv[argv.index(b"--port") + 1] == str(port).encode():
            return int(entry.name)
    return None


def _cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU of a process so far (Linux /proc), None where it cannot be read."""
    if pid is None:
        return None
    try:
        fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _sandbox_calls(url: str) -> dict[str, int]:
    with urllib.request.urlopen(f"{url}/_sandbox/stats", timeout=10) as answer:
        stats = json.loads(answer.read())
    found: dict[str, int] = {"ozon": 0, "wb": 0, "wb_content": 0}
    for key, count in stats["calls"].items():
        path = key.partition(" ")[2]  # the sandbox counts routes without their /ozon or /wb mount
        market = "wb" if path.startswith(("/content/", "/api/")) else "ozon"
        found[market] += count
        if path.startswith("/content/"):  # WB's Content bucket: subjects, lists, characteristics, TN VED
            found["wb_content"] += count
    return found


def _wb_bound(content_requests: int, speed: float) -> float:
    """The least time WB's Content limit lets ``content_requests`` take (token bucket, 100/min, burst 5)."""
    return max(0, content_requests - WB_CONTENT_BURST) * 60 / WB_CONTENT_PER_MINUTE / speed


def run_export(url: str, speed: float, out: Path, cache_dir: Path) -> dict[str, Any]:
    from engine.export import export_catalog
    from engine.ozon import OzonClient
    from engine.ratelimit import LocalRateLimiter, RateLimit
    from engine.reference_cache import ReferenceCache
    from engine.settings import get_settings
    from engine.wb.client import WbClient

    class CountingLimiter(LocalRateLimiter):
        """The real limiter, adding up how long each marketplace's requests waited for a token."""

        waited: dict[str, float]

        def acquire(self, key: str, bucket: RateLimit, cost: float = 1) -> float:
            seconds = super().acquire(key, bucket, cost)
            market = key.partition(":")[0]
            self.waited[market] = self.waited.get(market, 0.0) + seconds
            return seconds

    limiter = CountingLimiter(speed)
    limiter.waited = {}
    settings = get_settings(limit_speed=speed, cache_dir=str(cache_dir)).for_sandbox(url)
    cache = ReferenceCache.from_settings(settings)
    baseline = _current_rss_mb()
    marks: list[tuple[str, float, float, float]] = []

    def progress(message: str) -> None:
        marks.append((STAGES.get(message, message), time.perf_counter(), _current_rss_mb(), time.process_time()))

    with OzonClient(settings, limiter=limiter) as ozon, WbClient(settings, limiter=limiter) as wb:
        started = time.perf_counter()
        cpu_started = time.process_time()
        report = export_catalog(ozon, wb, out, progress=progress, reference_cache=cache)
        total = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
    ends = [(m[1], m[3]) for m in marks[1:]] + [(started + total, cpu_started + cpu)]
    stages: dict[str, float] = {}
    stages_cpu: dict[str, float] = {}
    for (name, begin, _, cpu_begin), (end, cpu_end) in zip(marks, ends, strict=True):
        stages[name] = round(stages.get(name, 0.0) + end - begin, 3)
        stages_cpu[name] = round(stages_cpu.get(name, 0.0) + cpu_end - cpu_begin, 3)
    return {
        "total_s": total, "cpu_s": cpu, "stages_s": stages, "stages_cpu_s": stages_cpu, "peak_rss_mb": _peak_rss_mb(),
        "rss_after_imports_mb": baseline,
        "rss_at_stage_start_mb": {name: round(rss, 1) for name, _, rss, _ in marks},
        "rate_wait_s": {k: round(v, 3) for k, v in limiter.waited.items()},
        "products": report.products, "exported_products": report.exported_products, "cards": report.cards,
        "subjects": report.subjects, "rows": report.workbook.rows, "sheets": len(report.workbook.sheets),
        "file_mb": out.stat().st_size / 2**20,
    }


def run_xlsxwriter(source: Path, out: Path) -> dict[str, Any]:
    """Every non-empty cell of every sheet of ``source``, written again by XlsxWriter (constant_memory)."""
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    book_in = CalamineWorkbook.from_path(str(source))
    sheets = [(name, book_in.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in book_in.sheet_names]
    cells = sum(1 for _, rows in sheets for row in rows for v in row if v not in (None, ""))
    width = max((len(row) for _, rows in sheets for row in rows), default=0)
    started = time.perf_counter()
    cpu_started = time.process_time()
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_formulas": False})
    text = book.add_format({"quote_prefix": True})
    for name, rows in sheets:
        sheet = book.add_worksheet(name)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                if isinstance(value, bool) or value in (None, ""):
                    if isinstance(value, bool):
                        sheet.write_boolean(r, c, value)
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value), text)
    book.close()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    rows_total = sum(len(rows) for _, rows in sheets)
    return {"seconds": elapsed, "cpu_s": cpu, "cells": cells, "sheet_rows": rows_total, "max_columns": width}


def _child(args: list[str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, *args], check=False, capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        raise RuntimeError(f"child {args[:2]} failed:\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-xlsxwriter", action="store_true", help="only the export (memory runs)")
    parser.add_argument("--child", choices=("export", "xlsxwriter"))
    parser.add_argument("--url", default="")
    parser.add_argument("--source", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--cache-dir", type=Path)
    args = parser.parse_args()
    if args.child == "export":
        print(json.dumps(run_export(args.url, args.speed, args.out, args.cache_dir)))
        return
    if args.child == "xlsxwriter":
        print(json.dumps(run_xlsxwriter(args.source, args.out)))
        return

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ours_path = tmp / "export.xlsx"
        runs: dict[str, dict[str, Any]] = {}
        with sandbox_process(args.products, args.speed, args.seed, tmp / "sandbox.log") as url:
            sandbox_pid = _process_on_port(int(url.rsplit(":", 1)[1]))
            for run in ("cold", "warm"):  # the same cache folder: the warm run finds what the cold one kept
                before, sandbox_before = _sandbox_calls(url), _cpu_seconds(sandbox_pid)
                ours = _child(["--child", "export", "--url", url, "--speed", str(args.speed), "--out", str(ours_path),
                               "--cache-dir", str(tmp / "cache")])
                after, sandbox_after = _sandbox_calls(url), _cpu_seconds(sandbox_pid)
                requests = {market: after[market] - before[market] for market in after}
                figures = runs[run] = {
                    "total_s": round(ours["total_s"], 3), "cpu_s": round(ours["cpu_s"], 3),
                    "sandbox_cpu_s": (round(sandbox_after - sandbox_before, 2)
                                      if sandbox_before is not None and sandbox_after is not None else None),
                    "stages_s": ours["stages_s"], "stages_cpu_s": ours["stages_cpu_s"], "requests": requests,
                    "wb_bound_s": round(_wb_bound(requests["wb_content"], args.speed), 1),
                    "rate_wait_s": ours["rate_wait_s"], "peak_rss_mb": round(ours["peak_rss_mb"], 1),
                    "rss_after_imports_mb": round(ours["rss_after_imports_mb"], 1),
                    "rss_at_stage_start_mb": ours["rss_at_stage_start_mb"],
                }
                if not args.skip_xlsxwriter:  # right after the export: the same load on the machine
                    theirs = _child(["--child", "xlsxwriter", "--source", str(ours_path),
                                     "--out", str(tmp / "xw.xlsx")])
                    figures["xlsxwriter_s"] = round(theirs["seconds"], 3)
                    figures["xlsxwriter_cpu_s"] = round(theirs["cpu_s"], 3)
                    figures["ratio"] = round(ours["total_s"] / theirs["seconds"], 2)
                    # CPU against CPU: what the load on a shared machine disturbs least
                    figures["cpu_ratio"] = round(ours["cpu_s"] / theirs["cpu_s"], 2)
        result: dict[str, Any] = {
            "bench": "export", "products": args.products, "speed": args.speed,
            "exported_products": ours["exported_products"], "cards": ours["cards"], "rows": ours["rows"],
            "sheets": ours["sheets"], "subjects": ours["subjects"], "file_mb": round(ours["file_mb"], 2),
        }
        if not args.skip_xlsxwriter:
            result.update({"cells": theirs["cells"], "sheet_rows": theirs["sheet_rows"],
                           "max_columns": theirs["max_columns"]})
        result["runs"] = runs
    print(json.dumps(result))


if __name__ == "__main__":
    main()
