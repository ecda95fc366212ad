"""``ozwb push``: validate the seller's workbook, create the cards on WB, write every row's result back.

``--inline`` runs the push in this process; otherwise it goes to the RQ queue (``ozwb worker``) and
this command follows its progress in the database. Either way the push is checkpointed per row, so
running the same command again after a crash continues rather than starting over.
"""

from __future__ import annotations

import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Annotated

import redis
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from cli.export import InputError, describe_error, fail, open_seller_store, replaced_atomically, xlsx_target
from cli.push_source import PushSource, push_source, tell_write_back
from engine.errors import OzwbError
from engine.push import (
    JobProgress,
    PreparedPush,
    PushOptions,
    create_job,
    job_progress,
    run_slice,
    seller_key,
)
from engine.results import GoogleSource, write_push_end
from engine.settings import SANDBOX_WB_TOKEN, Settings, get_settings
from engine.store import Store
from engine.wb.client import WbClient
from worker.queueing import DEFAULT_QUEUE, enqueue_push

SHOWN_ISSUES = 20
FOLLOW_EVERY = 0.5  # seconds between looks at the job's progress
INLINE_SLICE = 30.0
STEPS = (("cards", "Карточки"), ("photos", "Фото"), ("prices", "Цены"), ("stocks", "Остатки"))
OPEN = {"cards": ("pending", "sending", "accepted", "existing", "updating"),
        "photos": ("pending", "sent", "files"), "prices": ("pending", "sent"), "stocks": ("pending",)}


def register(app: typer.Typer) -> None:
    app.command("push")(push_command)


def push_command(
    workbook: Annotated[Path | None, typer.Argument(help="Книга ozwb (.xlsx) с вашими правками")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Куда записать книгу с результатом каждой строки")] = None,
    gsheet: Annotated[
        str | None, typer.Option("--gsheet", help="Ссылка на Google-таблицу ozwb вместо файла; результат "
                                                  "запишется и в неё")
    ] = None,
    inline: Annotated[bool, typer.Option("--inline", help="Переносить в этом процессе, без очереди")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Ничего не менять на WB, сохранить запросы")] = False,
    only_failed: Annotated[bool, typer.Option("--only-failed", help="Только строки без артикула WB")] = False,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Пропустить строки с ошибками")] = False,
    sandbox: Annotated[str | None, typer.Option("--sandbox", help="Адрес песочницы ozwb")] = None,
    sandbox_seller: Annotated[str | None, typer.Option("--sandbox-seller", help="Продавец песочницы")] = None,
    queue: Annotated[str, typer.Option("--queue", help="Очередь RQ")] = DEFAULT_QUEUE,
) -> None:
    """Создать карточки на WB по книге и записать результат каждой строки."""
    console = Console(soft_wrap=True)
    try:
        source = push_source(workbook, gsheet)
        if out is None:
            raise InputError("укажите --out ФАЙЛ.xlsx: туда запишется результат каждой строки")
        target = xlsx_target(out)
        settings = wb_settings(sandbox, sandbox_seller)
        if not inline and not settings.redis_url:
            raise InputError("для очереди нужен OZWB_REDIS_URL (или запустите с --inline)")
        with WbClient(settings) as wb, console.status("Проверяю таблицу по правилам WB…"):
            prepared = source.prepare(wb, settings)
        check_report(console, prepared, skip_invalid)
        with closing(open_seller_store(settings)) as store:
            options = PushOptions(dry_run=dry_run, only_failed=only_failed, source_name=source.name,
                                  sandbox_url=sandbox, sandbox_seller=sandbox_seller if sandbox else None)
            with store.session() as session:
                job_id = create_job(session, prepared.report, seller_key(settings), options)
            console.print(f"Перенос №{job_id}: {len(prepared.report.cards)} карточек, "
                          f"{len(prepared.report.rows)} строк{' (пробный запуск)' if dry_run else ''}")
            if inline:
                follow(console, store, job_id, runner=lambda: run_inline(store, job_id, settings))
            else:
                with closing(redis.Redis.from_url(settings.redis_url or "")) as connection:
                    enqueue_push(store, connection, queue, job_id)
                console.print(f"В очереди «{queue}»; обрабатывает «ozwb worker».")
                follow(console, store, job_id, runner=None)
            code = finish(console, store, job_id, source, target, prepared, dry_run)
    except (InputError, OzwbError, redis.RedisError) as exc:
        fail(exc)
    raise typer.Exit(code)


def wb_settings(sandbox: str | None, sandbox_seller: str | None) -> Settings:
    settings = get_settings()
    if sandbox:
        if not sandbox.startswith(("http://", "https://")):
            raise InputError(f"--sandbox: нужен адрес вида http://127.0.0.1:8099, а не «{sandbox}»")
        settings = settings.for_sandbox(sandbox)
        if sandbox_seller:
            from pydantic import SecretStr

            settings = settings.model_copy(update={"wb_token": SecretStr(f"{SANDBOX_WB_TOKEN}.{sandbox_seller}")})
        return settings
    if not settings.wb_token.get_secret_value().strip():
        raise InputError("не задан токен WB: OZWB_WB_TOKEN (или укажите --sandbox URL)")
    return settings


def check_report(console: Console, prepared: PreparedPush, skip_invalid: bool) -> None:
    report = prepared.report
    if report.file_problem is not None:
        console.print(f"Файл не принят: {report.file_problem.message}", markup=False, highlight=False)
        raise typer.Exit(2)
    if report.issues and not skip_invalid:
        for issue in report.issues[:SHOWN_ISSUES]:
            console.print(f"{issue.sheet}!{issue.row} «{issue.column}»: {issue.message}", markup=False,
                          highlight=False)
        more = len(report.issues) - SHOWN_ISSUES
        if more > 0:
            console.print(f"…и ещё {more} замечаний.")
        console.print("Исправьте строки или запустите с --skip-invalid: перенесутся только карточки без ошибок.")
        raise typer.Exit(1)


def run_inline(store: Store, job_id: int, settings: Settings) -> None:
    while not run_slice(store, job_id, lambda _job: WbClient(settings), budget=INLINE_SLICE).finished:
        continue


def follow(console: Console, store: Store, job_id: int, runner: object) -> JobProgress:
    """Progress bars per step until the job is finished (run inline in a thread, or by a worker)."""
    failure: list[BaseException] = []
    thread = None
    if callable(runner):
        def work() -> None:
            try:
                runner()
            except BaseException as exc:  # shown to the seller below, never a traceback
                failure.append(exc)

        thread = threading.Thread(target=work, name=f"push-{job_id}", daemon=True)
        thread.start()
    columns = (TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=False) as bars:
        tasks = {key: bars.add_task(title, total=None) for key, title in STEPS}
        while True:
            with store.session() as session:
                progress = job_progress(session, job_id)
            for key, _ in STEPS:
                counts = getattr(progress, key)
                total = sum(n for state, n in counts.items() if state != "none")
                done = total - sum(counts.get(state, 0) for state in OPEN[key])
                bars.update(tasks[key], total=max(total, 1), completed=done if total else 1)
            if progress.finished or failure or (thread is not None and not thread.is_alive()):
                break
            time.sleep(FOLLOW_EVERY)
    if failure:
        raise failure[0]
    return progress


def finish(console: Console, store: Store, job_id: int, source: PushSource, target: Path, prepared: PreparedPush,
           dry_run: bool) -> int:
    reference = prepared.reference
    info = {"Книга": source.name, "Перенос №": str(job_id), "Режим": "пробный запуск" if dry_run else "перенос"}
    google = None
    if source.link is not None and source.google is not None:
        client, email = source.google
        google = GoogleSource(source.link, client, email, source.settings)
    end = write_push_end(store, job_id, source.path or prepared.report.tables, target,
                         specs=reference.specs if reference is not None else {},
                         directories=reference.directories if reference is not None else None, info=info,
                         dry_run=dry_run, google=google, to_fix=True, plan=True, replaced=replaced_atomically)
    console.print(f"Результат: {target}", markup=False, highlight=False)
    if end.google_failure is not None:
        raise end.google_failure
    if source.link is not None:
        tell_write_back(console, end.google)
    console.print(f"Строк: {end.summary.rows} — {end.counts_text}.")
    if end.to_fix_path is not None:
        console.print(f"Строки, которые надо исправить ({end.summary.to_fix}): {end.to_fix_path}", markup=False,
                      highlight=False)
    if end.plan_path is not None:
        for key, count in sorted(end.requests.items()):
            console.print(f"  {key}: {count}", markup=False, highlight=False)
        console.print(f"Запросы, которые получил бы WB: {end.plan_path}", markup=False, highlight=False)
    if end.failed:
        console.print(f"Перенос остановлен: {describe_error(OzwbError(end.progress.message))}", markup=False,
                      highlight=False)
        return 1
    return 1 if end.bad_rows else 0
