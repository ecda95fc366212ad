"""Call a running sandbox and hold every answer against the spec on the way back."""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.support.specs import Marketplace, validate_exchange

_RETRY_HEADERS = ("x-ratelimit-retry", "retry-after")


def retry_delay(response: httpx.Response, fallback: float = 0.05) -> float:
    for name in _RETRY_HEADERS:
        if name in response.headers:
            return float(response.headers[name])
    return fallback


@dataclass
class SpecCaller:
    """One marketplace of one sandbox: ``call`` sends, validates against the spec, checks the status.

    Rate-limited answers are retried after the advertised wait (each 429 is validated too) unless
    ``retry_429=False``, so tests that are not about limits stay deterministic.
    """

    client: httpx.Client
    base_url: str  # the sandbox's /ozon or /wb root
    marketplace: Marketplace
    headers: dict[str, str] = field(default_factory=dict)
    max_retries: int = 40

    def with_headers(self, **headers: str) -> SpecCaller:
        """The same caller with some headers replaced, e.g. another token."""
        merged = {**self.headers, **{k.replace("_", "-"): v for k, v in headers.items()}}
        return SpecCaller(self.client, self.base_url, self.marketplace, merged, self.max_retries)

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
        files: Mapping[str, Any] | None = None,
        expect: int | Collection[int] | None = 200,
        retry_429: bool = True,
    ) -> httpx.Response:
        merged = {**self.headers, **(headers or {})}
        for _ in range(self.max_retries):
            response = self.client.request(
                method, self.base_url + path, json=json, params=params, headers=merged, content=content, files=files
            )
            self.validate(response, json if content is None else content, params)
            if response.status_code != 429 or not retry_429:
                break
            time.sleep(retry_delay(response))
        wanted = {expect} if isinstance(expect, int) else set(expect or ())
        assert not wanted or response.status_code in wanted, (
            f"{method} {path}: expected {sorted(wanted)}, got {response.status_code}: {response.text[:500]}"
        )
        return response

    def validate(
        self, response: httpx.Response, request_body: Any = None, query: Mapping[str, Any] | None = None
    ) -> None:
        url_path = response.request.url.path
        validate_exchange(
            self.marketplace,
            response.request.method,
            url_path,
            response.status_code,
            dict(response.headers),
            response.content,
            request_body,
            dict(query or {}),
        )

    def post(self, path: str, body: Any = None, **kwargs: Any) -> httpx.Response:
        return self.call("POST", path, json=body, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.call("GET", path, **kwargs)

    def put(self, path: str, body: Any = None, **kwargs: Any) -> httpx.Response:
        return self.call("PUT", path, json=body, **kwargs)
