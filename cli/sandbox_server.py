"""``ozwb sandbox``: serve the Ozon and WB emulators."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sandbox.config import FaultSpec, FaultSpecError, SandboxConfig


def register(app: typer.Typer) -> None:
    app.command("sandbox")(run_sandbox_command)


def run_sandbox_command(
    host: Annotated[str, typer.Option(help="Адрес для прослушивания")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Порт")] = 8099,
    speed: Annotated[float, typer.Option(help="Во сколько раз быстрее идут лимиты и задержки")] = 1.0,
    faults: Annotated[str, typer.Option(help="Сбои, например 429=0.1,500=0.05,timeout=0.02,reset=0.01")] = "",
    seed: Annotated[int, typer.Option(help="Зерно для сбоев и данных")] = 1,
    catalog_size: Annotated[int | None, typer.Option(help="Сгенерировать каталог Ozon из N товаров")] = None,
    wb_subjects: Annotated[
        Path | None, typer.Option(help="Выгрузка GET /content/v2/object/all ({\"data\": [...]}) вместо встроенной")
    ] = None,
    state_file: Annotated[Path | None, typer.Option(help="Файл для сохранения состояния")] = None,
    fault_hang: Annotated[float, typer.Option(help="Сколько секунд «висит» сбой timeout")] = 30.0,
    creation_delay: Annotated[float, typer.Option(help="Через сколько секунд WB создаёт карточку")] = 5.0,
) -> None:
    """Запустить песочницу Ozon (/ozon) и WB (/wb) на одном порту."""
    from sandbox.server import serve

    if speed <= 0:
        raise typer.BadParameter("--speed должен быть больше нуля", param_hint="--speed")
    if catalog_size is not None and catalog_size < 0:
        raise typer.BadParameter("--catalog-size не может быть отрицательным", param_hint="--catalog-size")
    if wb_subjects is not None and not wb_subjects.is_file():
        raise typer.BadParameter(f"файл {wb_subjects} не найден", param_hint="--wb-subjects")
    try:
        fault_spec = FaultSpec.parse(faults)
    except FaultSpecError as exc:
        raise typer.BadParameter(str(exc), param_hint="--faults") from exc
    config = SandboxConfig(
        speed=speed,
        faults=fault_spec,
        seed=seed,
        catalog_size=catalog_size,
        wb_subjects_file=wb_subjects,
        state_file=state_file,
        fault_hang_seconds=fault_hang,
        card_creation_delay=creation_delay,
    )
    typer.echo(f"Песочница: Ozon http://{host}:{port}/ozon, WB http://{host}:{port}/wb")
    serve(config, host=host, port=port)
