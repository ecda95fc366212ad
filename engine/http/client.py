"""The one HTTP base every marketplace client stands on: pacing, retries, errors, redaction.

Synchronous (workers are sync). Each call states whether it is safe to repeat:
a request that is not (creating cards) is never resent after it may have reached the
marketplace; the caller gets :class:`AmbiguousWriteError` and reconciles first.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Generator, Iterable, Mapping
from types import TracebackType
from typing import Any, Self

import httpx

from engine.errors import (
    AmbiguousWriteError,
    MarketplaceError,
    RateLimitedError,
    TransportError,
    UnexpectedResponseError,
)
from engine.http.decoding import loads_json
from engine.http.dialect import Dialect
from engine.http.redaction import Redactor
from engine.http.retry import (
    Outcome,
    RetryPolicy,
    backoff_delay,
    classify_exception,
    classify_status,
    hinted_delay,
)
from engine.ratelimit import RateLimit, RateLimiter

logger = logging.getLogger(__name__)


class _HeaderAuth(httpx.Auth):
    """Adds credential headers at send time, so they never sit in the client's visible defaults."""

    def __init__(self, headers: Mapping[str, str]) -> None:
        self._headers = dict(headers)

    def __repr__(self) -> str:
        return "<credentials>"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers.update(self._headers)
        yield request


class HttpClient:
    """Paced, retrying JSON-over-HTTP access to one marketplace host."""

    def __init__(
        self,
        *,
        dialect: Dialect,
        base_url: str,
        credentials: Mapping[str, str],
        secrets: Iterable[str],
        limiter: RateLimiter,
        limiter_key: str,
        policy: RetryPolicy,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.dialect = dialect
        self.base_url = base_url.rstrip("/")
        self.policy = policy
        self.redactor = Redactor(secrets)
        self._limiter = limiter
        self._key = limiter_key
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._client = httpx.Client(
            base_url=self.base_url,
            auth=_HeaderAuth(credentials),
            timeout=httpx.Timeout(policy.timeout),
            transport=transport,
            headers={"Accept": "application/json"},
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"HttpClient(marketplace={self.dialect.name!r}, base_url={self.base_url!r})"

    @property
    def session(self) -> httpx.Client:
        """The underlying ``httpx.Client`` (e.g. to attach event hooks); credentials are not in its headers."""
        return self._client

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        bucket: RateLimit,
        idempotent: bool,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send until a final answer; return a 1xx–3xx response or raise a :class:`MarketplaceError`."""
        deadline = self._clock() + self.policy.overall_timeout
        attempt = 0
        while True:
            attempt += 1
            self._limiter.acquire(self._key, bucket)
            timeout = min(self.policy.timeout, max(deadline - self._clock(), 0.001))
            try:
                response = self._client.request(
                    method, path, json=json, params=params, files=files, headers=headers, timeout=timeout
                )
            except httpx.HTTPError as exc:
                outcome = classify_exception(exc)
                failure = self._transport_error(method, path, exc, attempt)
                response = None
            if response is None:
                # Raised outside the ``except``: the httpx exception (its request holds our
                # headers, its text may quote anything) must not ride along as context.
                if outcome is Outcome.AMBIGUOUS and not idempotent:
                    raise self._ambiguous(failure)
                if outcome is Outcome.FAIL:
                    raise failure
                self._pause_or_raise(failure, attempt, self._backoff(attempt), deadline)
                continue
            if response.status_code < 400:
                return response
            error = self.error_from(method, path, response)
            outcome = classify_status(response.status_code)
            if outcome is Outcome.FAIL:
                if bucket.client_error_cost > 1:
                    self._limiter.charge(self._key, bucket, bucket.client_error_cost - 1)
                raise error
            if outcome is Outcome.AMBIGUOUS and not idempotent:
                raise self._ambiguous(error)
            if response.status_code == 429:
                hint = self.dialect.retry_after(response.headers)
                wait = hinted_delay(hint, self._rng) if hint is not None else self._backoff(attempt)
                # Everyone on this account holds off, not just this caller.
                self._limiter.penalize(self._key, bucket, wait)
            else:
                wait = self._backoff(attempt)
            self._pause_or_raise(error, attempt, wait, deadline)

    def request_json(self, method: str, path: str, **kwargs: Any) -> Any:
        """:meth:`request`, then the decoded JSON body (``None`` for an empty one)."""
        response = self.request(method, path, **kwargs)
        return self.decode(method, path, response)

    def decode(self, method: str, path: str, response: httpx.Response) -> Any:
        content = response.content
        # httpx ties the read stream back to its response: a reference cycle that kept each body (megabytes
        # for a catalog page) alive until the next cyclic collection. A plain stream over the same bytes unties it.
        response.stream = httpx.ByteStream(content)
        if not content:
            return None
        try:
            return loads_json(content)
        except (ValueError, UnicodeDecodeError):
            raise self.unexpected(method, path, "the answer is not JSON", response.status_code) from None

    def unexpected(self, method: str, path: str, message: str, status: int | None = None) -> UnexpectedResponseError:
        return UnexpectedResponseError(
            self.redactor.text(message), marketplace=self.dialect.name, method=method, path=path, status=status
        )

    def error_from(self, method: str, path: str, response: httpx.Response) -> MarketplaceError:
        """The exception a non-success answer means, with every text redacted."""
        body = self.dialect.read_error(response)
        status = response.status_code
        cls = self.dialect.error_class(status, body)
        common: dict[str, Any] = {
            "marketplace": self.dialect.name,
            "method": method,
            "path": path,
            "status": status,
            "code": self.redactor.text(body.code) if isinstance(body.code, str) else body.code,
            "details": self.redactor.data(body.details),
        }
        message = self.redactor.text(body.message)
        if issubclass(cls, RateLimitedError):
            return cls(message, retry_after=self.dialect.retry_after(response.headers), **common)
        return cls(message, **common)

    def _transport_error(self, method: str, path: str, exc: httpx.HTTPError, attempt: int) -> TransportError:
        reason = str(exc) or type(exc).__name__
        return TransportError(
            self.redactor.text(f"{type(exc).__name__}: {reason} (attempt {attempt})"),
            marketplace=self.dialect.name,
            method=method,
            path=path,
        )

    def _ambiguous(self, error: MarketplaceError) -> AmbiguousWriteError:
        logger.warning("%s %s %s: write may have taken effect, not resending (%s)",
                       self.dialect.name, error.method, error.path, error.message)
        return AmbiguousWriteError(
            f"the request may have taken effect: {error.message}",
            marketplace=error.marketplace,
            method=error.method,
            path=error.path,
            status=error.status,
            code=error.code,
            details=error.details,
        )

    def _backoff(self, attempt: int) -> float:
        return backoff_delay(attempt, self.policy.backoff_base, self.policy.backoff_cap, self._rng)

    def _pause_or_raise(self, error: MarketplaceError, attempt: int, wait: float, deadline: float) -> None:
        if attempt >= self.policy.max_attempts or self._clock() + wait > deadline:
            logger.warning("%s %s %s: giving up after %d attempts: %s",
                           self.dialect.name, error.method, error.path, attempt, error.message)
            raise error
        logger.info("%s %s %s: %s; retry %d/%d in %.2f s", self.dialect.name, error.method, error.path,
                    error.message if error.status is None else f"HTTP {error.status}",
                    attempt, self.policy.max_attempts - 1, wait)
        self._sleep(wait)
