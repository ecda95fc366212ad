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
