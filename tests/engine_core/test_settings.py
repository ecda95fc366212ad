import ast
from collections.abc import Iterator
from pathlib import Path

from engine.settings import SANDBOX_OZON_API_KEY, SANDBOX_WB_TOKEN, get_settings


def test_settings_read_the_ozwb_environment(monkeypatch):
    monkeypatch.setenv("OZWB_OZON_BASE_URL", "http://ozon.local")
    monkeypatch.setenv("OZWB_WB_TOKEN", "secret-token")
    settings = get_settings()
    assert settings.ozon_base_url == "http://ozon.local"
    assert settings.wb_token.get_secret_value() == "secret-token"
    assert "secret-token" not in repr(settings)


def test_for_sandbox_points_every_host_at_the_sandbox():
    settings = get_settings().for_sandbox("http://127.0.0.1:8099/")
    assert settings.ozon_base_url == "http://127.0.0.1:8099/ozon"
    hosts = {settings.wb_content_url, settings.wb_prices_url, settings.wb_marketplace_url, settings.wb_common_url}
    assert hosts == {"http://127.0.0.1:8099/wb"}
    assert settings.ozon_api_key.get_secret_value() == SANDBOX_OZON_API_KEY
    assert settings.wb_token.get_secret_value() == SANDBOX_WB_TOKEN


def test_settings_are_not_built_at_import():
    import engine.settings as module

    assert not any(isinstance(v, module.Settings) for v in vars(module).values())


def test_connection_urls_stay_out_of_the_repr():
    settings = get_settings(database_url="postgresql+psycopg://ozwb:db-pass-1@db/ozwb",
                            redis_url="redis://:redis-pass-2@redis:6379/0")
    assert "db-pass-1" not in repr(settings) and "redis-pass-2" not in repr(settings)
    assert settings.database_url.endswith("@db/ozwb")  # still the value itself for whoever reads the field


def _import_time_calls(tree: ast.Module) -> Iterator[ast.Call]:
    """Calls that run when a module is imported: in its body or a class body, and in functions' default values."""
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            pending.extend(node.args.defaults + [d for d in node.args.kw_defaults if d is not None])
            pending.extend(getattr(node, "decorator_list", []))
            continue
        if isinstance(node, ast.Call):
            yield node
        pending.extend(ast.iter_child_nodes(node))


def test_no_module_builds_settings_at_import():
    root = Path(__file__).resolve().parents[2]
    found = []
    for package in ("engine", "api", "worker", "cli", "sandbox"):
        for path in sorted((root / package).rglob("*.py")):
            for call in _import_time_calls(ast.parse(path.read_text(encoding="utf-8"))):
                name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
                if name in ("get_settings", "Settings"):
                    found.append(f"{path.relative_to(root)}:{call.lineno}")
    assert found == []
