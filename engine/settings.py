"""Typed runtime settings.

Built on demand by :func:`get_settings` (never at import) so tests and the CLI can
construct their own variants, e.g. pointing every marketplace at a sandbox.
"""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SANDBOX_OZON_CLIENT_ID = "100000"
SANDBOX_OZON_API_KEY = "sandbox-ozon-key"  # public demo credential of our own emulator
SANDBOX_WB_TOKEN = "sandbox-wb-token"  # noqa: S105 - public demo credential of our own emulator


class Settings(BaseSettings):
    """Everything configurable, read from ``OZWB_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="OZWB_", env_file=None, extra="ignore")

    ozon_base_url: str = "https://api-seller.ozon.ru"
    wb_content_url: str = "https://content-api.wildberries.ru"
    wb_prices_url: str = "https://discounts-prices-api.wildberries.ru"
    wb_marketplace_url: str = "https://marketplace-api.wildberries.ru"
    wb_common_url: str = "https://common-api.wildberries.ru"

    ozon_client_id: str = ""
    ozon_api_key: SecretStr = SecretStr("")
    wb_token: SecretStr = SecretStr("")

    http_timeout: float = Field(default=30.0, gt=0, description="seconds per request")
    http_max_retries: int = Field(default=6, ge=0)
    http_backoff_base: float = Field(default=0.5, gt=0, description="first backoff step, seconds")
    http_backoff_cap: float = Field(default=30.0, gt=0, description="longest single wait, seconds")
    limit_speed: float = Field(
        default=1.0, gt=0, description="rate limits and delays run this many times faster (sandbox only)"
    )

    google_service_account_file: str = Field(
        default="", description="service-account JSON key for writing Google Sheets the seller shared with it"
    )

    # URLs may carry a password (postgresql://user:password@host/db): kept out of repr(), like the SecretStr fields.
    database_url: str = Field(default="sqlite:///./var/ozwb.sqlite3", repr=False)
    sqlite_busy_timeout: float = Field(
        default=30.0, gt=0, description="seconds a SQLite write waits for another one (web requests and workers)"
    )
    cache_dir: str = Field(
        default="./var/cache", description="folder for cached WB reference data (subjects, characteristics, lists)"
    )
    wb_reference_ttl: float = Field(default=86_400.0, ge=0, description="seconds a cached WB reference list is used")
    redis_url: str | None = Field(default=None, repr=False)

    secret_keys: SecretStr = Field(
        default=SecretStr(""),
        description="comma-separated Fernet keys, newest first; empty: a key generated once beside files_dir",
    )
    files_dir: str = Field(default="./var/files", description="uploads, exports and results, one folder per owner")
    demo_sandbox_url: str | None = Field(
        default=None, description="a running ozwb sandbox offered as the demo Ozon + WB connections (serve --demo)"
    )

    # Web service: accounts, mail, sessions (issue 5, accounts).
    public_url: str = Field(default="http://127.0.0.1:8000", description="base of links in mails")
    smtp_host: str = Field(default="", description="empty: no mail; accounts are active at once, links logged")
    smtp_port: int = Field(default=587, gt=0)
    smtp_user: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_from: str = "ozwb@localhost"
    smtp_starttls: bool = True
    session_cookie_name: str = "ozwb_session"
    session_ttl: float = Field(default=14 * 86_400.0, gt=0, description="seconds a browser stays signed in")
    jwt_secret: SecretStr = Field(default=SecretStr(""), description="empty: derived from the keyring's newest key")
    jwt_ttl: float = Field(default=3_600.0, gt=0, description="seconds a bearer token of /api/v1 lives")
    upload_max_bytes: int = Field(default=50 * 1024 * 1024, gt=0)
    login_max_failures: int = Field(default=5, ge=1, description="failed sign-ins per email+IP in the window")
    login_window: float = Field(default=900.0, gt=0, description="seconds of the sign-in throttle window")
    validation_processes: int | None = Field(
        default=None, ge=0, description="processes of a web process that check uploads; 0: in the web process; "
        "empty: the CPUs, at most 4"
    )

    @field_validator("validation_processes", mode="before")
    @classmethod
    def _empty_means_default(cls, value: object) -> object:
        # docker compose passes an unset ${VAR:-} as an empty string
        return None if isinstance(value, str) and not value.strip() else value

    def for_sandbox(self, url: str) -> Settings:
        """Point both marketplaces (all WB hosts) at one running sandbox and use its demo keys."""
        base = url.rstrip("/")
        return self.model_copy(
            update={
                "ozon_base_url": f"{base}/ozon",
                "wb_content_url": f"{base}/wb",
                "wb_prices_url": f"{base}/wb",
                "wb_marketplace_url": f"{base}/wb",
                "wb_common_url": f"{base}/wb",
                "ozon_client_id": SANDBOX_OZON_CLIENT_ID,
                "ozon_api_key": SecretStr(SANDBOX_OZON_API_KEY),
                "wb_token": SecretStr(SANDBOX_WB_TOKEN),
            }
        )


def get_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides winning."""
    return Settings(**overrides)  # type: ignore[arg-type]
