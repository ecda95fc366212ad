"""What every part of the WB client shares: one paced HTTP client per WB host, the envelope.

WB is four hosts (content, prices, marketplace, common) with one token and one set of
per-account limits; the limiter key is the seller behind the token, never the token.
Content and prices wrap answers in ``{data, error, errorText, additionalErrors}`` and
sometimes report a failure as HTTP 200 with ``error: true``; :meth:`WbBase.unwrap` turns
that into a :class:`BadRequestError` too.
"""

from __future__ import annotations

from typing import Any, Literal, Self, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter

from engine.errors import BadRequestError, ConfigurationError
from engine.http import WB, HttpClient, RetryPolicy
from engine.http.decoding import parse_as, parse_model
from engine.ratelimit import RateLimit, RateLimiter, limiter_key, shared_limiter, wb_account_id
from engine.settings import Settings

Host = Literal["content", "prices", "marketplace", "common"]
ModelT = TypeVar("ModelT", bound=BaseModel)
T = TypeVar("T")

# Real WB materialises an accepted card within seconds to minutes.
DEFAULT_CARD_CREATION_WAIT = 60.0


class WbBase:
    """Hosts, credentials, pacing and decoding; the endpoint groups are mixins on top."""

    def __init__(
        self,
        settings: Settings,
        *,
        limiter: RateLimiter | None = None,
        policy: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        card_creation_wait: float = DEFAULT_CARD_CREATION_WAIT,
    ) -> None:
        token = settings.wb_token.get_secret_value().strip()
        if not token:
            raise ConfigurationError("a WB API token is required (OZWB_WB_TOKEN)")
        bare = token[7:].strip() if token.lower().startswith("bearer ") else token
        self.speed = settings.limit_speed
        # How long reconciliation waits for an unanswered upload to show up, scaled like all delays.
        self.card_creation_wait = card_creation_wait / settings.limit_speed
        shared = limiter or shared_limiter(settings.limit_speed)
        key = limiter_key("wb", wb_account_id(bare))
        retry = policy or RetryPolicy.from_settings(settings)
        urls: dict[Host, str] = {
            "content": settings.wb_content_url,
            "prices": settings.wb_prices_url,
            "marketplace": settings.wb_marketplace_url,
            "common": settings.wb_common_url,
        }
        self._hosts: dict[Host, HttpClient] = {
            host: HttpClient(
                dialect=WB,
                base_url=url,
                credentials={"Authorization": f"Bearer {bare}"},
                secrets=[bare],
                limiter=shared,
                limiter_key=key,
                policy=retry,
                transport=transport,
            )
            for host, url in urls.items()
        }

    def __repr__(self) -> str:
        return f"{type(self).__name__}(content_url={self._hosts['content'].base_url!r})"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for client in self._hosts.values():
            client.close()

    def host(self, name: Host) -> HttpClient:
        return self._hosts[name]

    def call(
        self,
        host: Host,
        method: str,
        path: str,
        *,
        bucket: RateLimit,
        idempotent: bool,
        json: Any = None,
        params: dict[str, Any] | None = None,
        files: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """One request; the decoded JSON answer (``None`` for an empty body such as a 204)."""
        return self._hosts[host].request_json(
            method, path, json=json, params=params, files=files, headers=headers, bucket=bucket, idempotent=idempotent
        )

    def unwrap(self, body: Any, method: str, path: str) -> Any:
        """``data`` of a content/prices envelope; ``error: true`` is a failure even in a 200."""
        if not isinstance(body, dict):
            raise self._hosts["content"].unexpected(method, path, "the answer is not a WB envelope")
        if body.get("error") is True:
            redactor = self._hosts["content"].redactor
            raise BadRequestError(
                redactor.text(str(body.get("errorText") or "error: true")),
                marketplace="wb",
                method=method,
                path=path,
                status=200,
                details=redactor.data(body.get("additionalErrors")),
            )
        return body.get("data")

    def parse(self, model: type[ModelT], data: Any, method: str, path: str) -> ModelT:
        return parse_model(model, data, marketplace="wb", method=method, path=path)

    def parse_list(self, item: type[T], data: Any, method: str, path: str) -> list[T]:
        return parse_as(TypeAdapter(list[item]), data or [], marketplace="wb", method=method, path=path)  # type: ignore[valid-type]
