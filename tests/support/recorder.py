"""An httpx event-hook recorder: checks every marketplace request and response against the specs.

    recorder = SpecRecorder()
    with httpx.Client(event_hooks=recorder.hooks()) as client:
        ...  # drive an engine client
    recorder.assert_conforms()

Problems are collected, not raised inside the hooks, so a client's own error handling runs as it
would in production; the test asserts at the end. URLs outside Ozon/WB (the CDN, ``/_sandbox``)
are ignored.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.support.errors import NonConformanceError
from tests.support.httpx_checks import check_httpx_request, check_httpx_response, marketplace_of
from tests.support.problems import Problem


@dataclass
class RecordedExchange:
    method: str
    url: str
    status: int | None = None  # None until (unless) an answer arrives
    request_problems: list[Problem] = field(default_factory=list)
    response_problems: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [*self.request_problems, *self.response_problems]

    def __str__(self) -> str:
        head = f"{self.method} {self.url} -> {self.status if self.status is not None else 'no answer'}"
        return "\n".join([head, *(f"    - {p}" for p in self.problems)])


class SpecRecorder:
    """Collects one :class:`RecordedExchange` per marketplace request passing through a client."""

    def __init__(self, *, check_requests: bool = True, check_responses: bool = True) -> None:
        self.check_requests = check_requests
        self.check_responses = check_responses
        self.exchanges: list[RecordedExchange] = []
        self._pending: dict[int, RecordedExchange] = {}
        self._lock = threading.Lock()

    def on_request(self, request: httpx.Request) -> None:
        if marketplace_of(request.url) is None:
            return
        record = RecordedExchange(request.method, str(request.url))
        if self.check_requests:
            record.request_problems = check_httpx_request(request)
        with self._lock:
            self.exchanges.append(record)
            self._pending[id(request)] = record

    def on_response(self, response: httpx.Response) -> None:
        with self._lock:
            record = self._pending.pop(id(response.request), None)
        if record is None:
            return
        record.status = response.status_code
        if self.check_responses:
            response.read()
            record.response_problems = check_httpx_response(response)

    async def on_request_async(self, request: httpx.Request) -> None:
        self.on_request(request)

    async def on_response_async(self, response: httpx.Response) -> None:
        with self._lock:
            record = self._pending.pop(id(response.request), None)
        if record is None:
            return
        record.status = response.status_code
        if self.check_responses:
            await response.aread()
            record.response_problems = check_httpx_response(response)

    def hooks(self) -> dict[str, list[Callable[[Any], Any]]]:
        """``event_hooks`` for an ``httpx.Client``."""
        return {"request": [self.on_request], "response": [self.on_response]}

    def async_hooks(self) -> dict[str, list[Callable[[Any], Awaitable[None]]]]:
        """``event_hooks`` for an ``httpx.AsyncClient``."""
        return {"request": [self.on_request_async], "response": [self.on_response_async]}

    def attach(self, client: httpx.Client) -> httpx.Client:
        """Add the hooks to an existing client, keeping the ones it has."""
        hooks = client.event_hooks
        hooks["request"] = [*hooks.get("request", []), self.on_request]
        hooks["response"] = [*hooks.get("response", []), self.on_response]
        client.event_hooks = hooks
        return client

    @property
    def failures(self) -> list[RecordedExchange]:
        with self._lock:
            return [record for record in self.exchanges if record.problems]

    def assert_conforms(self, *, require_traffic: bool = True) -> None:
        """Raise listing every non-conforming exchange; by default also when nothing was recorded."""
        if require_traffic and not self.exchanges:
            raise NonConformanceError("no marketplace request passed through the recorder")
        failures = self.failures
        if failures:
            listing = "\n".join(str(record) for record in failures)
            raise NonConformanceError(f"{len(failures)} of {len(self.exchanges)} exchanges break the spec:\n{listing}")
