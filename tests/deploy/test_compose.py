"""docker-compose.yml is a valid Compose file and is wired to the code: settings, CLI commands, volumes,
database driver, and the variables an operator must set (documented in the README)."""

from __future__ import annotations

import importlib.resources
import importlib.util
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from jsonschema import Draft202012Validator
from sqlalchemy.engine import make_url

from cli.main import app
from engine.settings import Settings, get_settings
from tests.deploy.compose import ComposeFile, InterpolationError, load_compose, raw_compose, required_variables
from tests.deploy.conftest import COMPOSE_FILE, REPO, operator_env
from tests.deploy.dockerfile import read_dockerfile

OZWB_SERVICES = ("web", "worker")


def compose_schema() -> dict[str, Any]:
    """The Compose Specification's JSON schema as check-jsonschema vendors it (``vendor.compose-spec``)."""
    vendored = importlib.resources.files("check_jsonschema.builtin_schemas.vendor") / "compose-spec.json"
    schema: dict[str, Any] = json.loads(vendored.read_text(encoding="utf-8"))
    return schema


def schema_errors(document: dict[str, Any]) -> list[str]:
    validator = Draft202012Validator(compose_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def parsed_cli(argv: list[str]) -> tuple[str, dict[str, Any]]:
    """``ozwb ARGV`` parsed as the CLI would (subcommand, options and their checks) without running it:
    the subcommand's name and its parameters."""
    command = typer.main.get_command(app)
    context = typer.Context(command, info_name="ozwb")
    name: str | None = "ozwb"
    while hasattr(command, "resolve_command"):  # a group (typer ships its own click: duck typing)
        name, found, argv = command.resolve_command(context, argv)
        assert found is not None and name is not None
        command = found
        context = typer.Context(command, info_name=name, parent=context)
    parsed = command.make_context(name, list(argv), parent=context.parent)
    return str(parsed.info_name), dict(parsed.params)


def test_compose_file_matches_the_compose_specification(compose: ComposeFile) -> None:
    assert schema_errors(raw_compose(COMPOSE_FILE)) == []
    assert schema_errors(compose.raw) == []  # what docker compose validates: the file after interpolation


def test_the_schema_check_can_fail(compose: ComposeFile) -> None:
    broken = json.loads(json.dumps(compose.raw))
    broken["services"]["web"]["comand"] = broken["services"]["web"].pop("command")
    broken["services"]["worker"]["depends_on"]["redis"]["condition"] = "service_ready"
    errors = schema_errors(broken)
    assert any("comand" in error for error in errors) and any("service_ready" in error for error in errors), errors


def test_every_ozwb_variable_is_a_setting_and_the_environment_is_valid(compose: ComposeFile,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    known = {f"OZWB_{name.upper()}" for name in Settings.model_fields}
    for service in OZWB_SERVICES:
        env = compose.service(service).environment
        unknown = {key for key in env if key.startswith("OZWB_") and key not in known}
        assert not unknown, f"{service}: not settings: {unknown}"
        for key in [k for k in os.environ if k.startswith("OZWB_")]:
            monkeypatch.delenv(key)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        settings = get_settings()  # every value as compose passes it (empty strings included) is accepted
        assert settings.files_dir == "/data/files" and settings.cache_dir == "/data/cache"
        assert settings.redis_url == "redis://redis:6379/0" and settings.smtp_host == ""
        assert settings.validation_processes is None  # compose passes the unset variable as ""


def test_service_commands_are_accepted_by_the_cli(compose: ComposeFile) -> None:
    web, options = parsed_cli(compose.service("web").command)
    assert web == "serve" and options["workers"] == 0 and options["host"] == "0.0.0.0"
    assert options["port"] in compose.service("web").published_ports
    assert parsed_cli(compose.service("worker").command)[0] == "worker"
    final = read_dockerfile(REPO / "Dockerfile")[-1]
    default, default_options = parsed_cli(final.cmd)
    assert final.entrypoint == ["ozwb"] and default == "serve" and default_options["demo"]
    assert default_options["host"] == "0.0.0.0"
    assert options["port"] in final.exposed
    with pytest.raises(typer.BadParameter, match="greater than or equal to 0"):
        parsed_cli(["serve", "--workers", "-1"])
    with pytest.raises(Exception, match="No such command"):
        parsed_cli(["serve-all"])


def test_web_and_worker_share_the_files_volume(compose: ComposeFile) -> None:
    mounts = [compose.service(name).volumes for name in OZWB_SERVICES]
    assert mounts[0] == mounts[1], mounts
    for source in mounts[0].values():
        assert source in compose.raw["volumes"], f"{source} is not a named volume"
    for key in ("OZWB_FILES_DIR", "OZWB_CACHE_DIR"):
        path = Path(compose.service("web").environment[key])
        assert any(path.is_relative_to(target) for target in mounts[0]), f"{key}={path} is not on the shared volume"


def test_database_and_redis_urls_point_at_their_services(compose: ComposeFile) -> None:
    url = make_url(compose.service("web").environment["OZWB_DATABASE_URL"])
    assert url.drivername == "postgresql+psycopg" and importlib.util.find_spec("psycopg") is not None
    postgres = compose.service("postgres")
    assert url.host == postgres.name and url.port == 5432
    assert (url.username, url.password, url.database) == (
        postgres.environment["POSTGRES_USER"], postgres.environment["POSTGRES_PASSWORD"],
        postgres.environment["POSTGRES_DB"])
    redis_url = compose.service("worker").environment["OZWB_REDIS_URL"]
    assert redis_url.startswith(f"redis://{compose.service('redis').name}:6379/")
    for name in OZWB_SERVICES:
        assert set(compose.service(name).spec["depends_on"]) == {"postgres", "redis"}


def test_required_variables_are_enforced_and_documented() -> None:
    required = required_variables(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert set(required) == set(operator_env()), required
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Production \(Docker\)\n(.*?)(?=^## )", readme, flags=re.DOTALL | re.MULTILINE)
    assert section, "README has no '## Production (Docker)' section"
    for name in required:
        assert f"`{name}`" in section.group(1), f"{name} is required by docker-compose.yml but not in the README"
        missing = {key: value for key, value in operator_env().items() if key != name}
        with pytest.raises(InterpolationError, match=name):
            load_compose(COMPOSE_FILE, missing)
