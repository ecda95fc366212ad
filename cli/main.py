"""The ``ozwb`` command line: a thin adapter over the engine, the sandbox and the workers."""

from __future__ import annotations

import typer

from cli import admin, demo, export, match_categories, push, refresh, sandbox_server, serve, validate, worker

app = typer.Typer(
    name="ozwb",
    help="Перенос каталога продавца с Ozon на Wildberries через таблицы.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

sandbox_server.register(app)
match_categories.register(app)
demo.register(app)
export.register(app)
refresh.register(app)
push.register(app)
worker.register(app)
validate.register(app)
serve.register(app)
admin.register(app)


if __name__ == "__main__":  # pragma: no cover - `python -m cli.main`
    app()
