"""engine/ is the pure domain library: it never imports the web, queue or template stacks, nor ozwb's adapters.

Two checks: every import statement in engine/ (also those inside functions, which run only on some paths), and
every engine module actually imported in a fresh interpreter (which also catches a third-party library of
engine's pulling one of them in).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = frozenset({"fastapi", "starlette", "rq", "redis", "jinja2", "api", "worker", "cli", "sandbox"})
# Alembic's env.py runs only inside an alembic command: importing it bare fails by design.
NOT_IMPORTABLE = ("engine.store.migrations",)

_IMPORT_ALL = """
import importlib, json, pkgutil, sys
import engine
for found in pkgutil.walk_packages(engine.__path__, "engine."):
    if not found.name.startswith(tuple(sys.argv[1:])):
        importlib.import_module(found.name)
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def imported_roots(source: str) -> set[str]:
    """The top-level packages ``source`` imports (relative imports stay inside engine and are skipped)."""
    roots: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_imported_roots_sees_imports_inside_functions() -> None:
    source = "import os\ndef f():\n    from redis import Redis\n    import jinja2.sandbox\nfrom . import x\n"
    assert imported_roots(source) == {"os", "redis", "jinja2"}


def test_no_engine_file_imports_a_forbidden_package() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(found)
        for path in sorted((ROOT / "engine").rglob("*.py"))
        if (found := imported_roots(path.read_text(encoding="utf-8")) & FORBIDDEN)
    }
    assert offenders == {}


def test_importing_all_of_engine_loads_no_forbidden_package() -> None:
    done = subprocess.run([sys.executable, "-c", _IMPORT_ALL, *NOT_IMPORTABLE], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "engine" in loaded and loaded & FORBIDDEN == set()
