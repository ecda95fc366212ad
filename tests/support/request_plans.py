"""Spec-valid requests for one operation, drawn from its parameters and request body schema."""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.support.errors import SpecHarnessError
from tests.support.problems import Problem
from tests.support.samples import MODES, Mode, SchemaSampler
from tests.support.specs import Marketplace, check_request, document, route

# A tiny valid PNG, so multipart uploads carry a real image.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)
_ATTEMPTS = 30


@dataclass(frozen=True)
class PlannedRequest:
    marketplace: Marketplace
    method: str
    template: str
    path: str  # as the real host sees it
    mode: Mode
    query: dict[str, list[str]] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None  # a JSON value, or None for no body
    files: dict[str, tuple[str, bytes, str]] | None = None

    def send(self, client: httpx.Client, base_url: str) -> httpx.Response:
        """Send it to a sandbox (``base_url`` is its /ozon or /wb root)."""
        url = base_url.rstrip("/") + self.path
        if self.files is not None:
            return client.request(self.method, url, params=self.query, headers=self.headers, files=self.files)
        content = None if self.body is None else json.dumps(self.body, ensure_ascii=False).encode()
        headers = {**self.headers, **({"Content-Type": "application/json"} if content is not None else {})}
        return client.request(self.method, url, params=self.query, headers=headers, content=content)

    def describe(self) -> str:
        body = json.dumps(self.body, ensure_ascii=False)[:300] if self.body is not None else ""
        return f"{self.method.upper()} {self.path} [{self.mode}] query={self.query} body={body}"

    def problems(self) -> list[Problem]:
        """What the spec says about this request (empty when it is valid)."""
        if self.files is not None:
            built = httpx.Request(self.method, "http://spec" + self.path, files=self.files)
            built.read()
            return check_request(
                self.marketplace,
                self.method,
                self.path,
                body=built.content,
                query=self.query,
                headers={**self.headers, "content-type": built.headers["content-type"]},
            )
        return check_request(
            self.marketplace, self.method, self.path, body=self.body, query=self.query, headers=self.headers
        )


def _text(value: Any) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _draw(
    marketplace: Marketplace,
    method: str,
    template: str,
    mode: Mode,
    rng: random.Random,
    credentials: Mapping[str, str],
) -> PlannedRequest:
    target = route(marketplace, method, template)
    doc = document(target.document)
    sampler = SchemaSampler(doc, rng, mode)
    item = doc["paths"][template]
    operation = item[target.method]
    path = template
    query: dict[str, list[str]] = {}
    headers = dict(credentials)
    for raw in [*item.get("parameters", []), *operation.get("parameters", [])]:
        parameter = sampler.resolve(raw)
        name, where = parameter["name"], parameter["in"]
        if where == "header" and name in credentials:
            continue
        if not parameter.get("required") and not sampler.wants_optional(0):
            continue
        value = sampler.sample(parameter.get("schema", {"type": "string"}))
        if where == "path":
            path = path.replace("{" + name + "}", _text(value))
        elif where == "query":
            query[name] = [_text(one) for one in value] if isinstance(value, list) else [_text(value)]
        elif where == "header":
            text = _text(value)
            # HTTP carries header values as Latin-1; anything else cannot even be sent.
            sendable = text.isascii() and text.isprintable() and text == text.strip() and text != ""
            headers[name] = text if sendable else str(parameter.get("schema", {}).get("example", "1"))
    body: Any = None
    files: dict[str, tuple[str, bytes, str]] | None = None
    content = sampler.resolve(operation.get("requestBody", {})).get("content", {})
    if "application/json" in content:
        body = sampler.sample(content["application/json"].get("schema", {}))
    elif "multipart/form-data" in content:
        files = {"uploadfile": ("photo.png", _PNG, "image/png")}
    return PlannedRequest(marketplace, target.method, template, path, mode, query, headers, body, files)


def plan_requests(
    marketplace: Marketplace,
    method: str,
    template: str,
    credentials: Mapping[str, str],
    *,
    per_mode: int = 2,
    seed: int = 0,
    modes: tuple[Mode, ...] = MODES,
) -> list[PlannedRequest]:
    """``per_mode`` distinct spec-valid requests per sampling mode, reproducible from ``seed``."""
    rng = random.Random(f"{seed}:{marketplace}:{method}:{template}")
    planned: list[PlannedRequest] = []
    seen: set[str] = set()
    for mode in modes:
        made = 0
        for _ in range(_ATTEMPTS):
            candidate = _draw(marketplace, method, template, mode, rng, credentials)
            key = candidate.describe()
            if key in seen or candidate.problems():
                continue
            seen.add(key)
            planned.append(candidate)
            made += 1
            if made == per_mode:
                break
    if not planned:
        raise SpecHarnessError(f"could not draw a spec-valid request for {method.upper()} {template}")
    return planned
