"""One exception tree per package: every exception a package defines descends from the package's root.

Private control-flow exceptions (a leading underscore) never leave their module and are not counted.
"""

from __future__ import annotations

import builtins
import importlib
import pkgutil
from types import ModuleType

import pytest

ROOTS = {
    "engine": "engine.errors.OzwbError",
    "api": "api.errors.ApiError",
    "sandbox": "sandbox.errors.SandboxError",
    "cli": "cli.export.InputError",
}
NOT_IMPORTABLE = ("engine.store.migrations",)  # alembic's env.py runs only inside an alembic command


def _modules(package: str) -> list[ModuleType]:
    top = importlib.import_module(package)
    found = [top]
    for info in pkgutil.walk_packages(top.__path__, f"{package}."):
        if not info.name.startswith(NOT_IMPORTABLE):
            found.append(importlib.import_module(info.name))
    return found


def _root(dotted: str) -> type[BaseException]:
    module, name = dotted.rsplit(".", 1)
    root: type[BaseException] = getattr(importlib.import_module(module), name)
    return root


@pytest.mark.parametrize("package", sorted(ROOTS))
def test_every_exception_descends_from_the_packages_root(package: str) -> None:
    root = _root(ROOTS[package])
    strays = sorted(
        f"{value.__module__}.{value.__qualname__}"
        for module in _modules(package)
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, BaseException) and value.__module__ == module.__name__
        and not value.__name__.startswith("_") and not issubclass(value, root)
    )
    assert strays == []


def test_no_exception_is_named_like_a_builtin() -> None:
    builtin = {name for name, value in vars(builtins).items()
               if isinstance(value, type) and issubclass(value, BaseException)}
    clashes = sorted(
        f"{value.__module__}.{value.__qualname__}"
        for package in ROOTS for module in _modules(package) for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, BaseException) and value.__module__ == module.__name__
        and value.__name__ in builtin
    )
    assert clashes == []
