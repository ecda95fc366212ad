"""The app's routes as the sweep sees them: which inputs are object ids, and a request filled in for each."""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI
from fastapi import params as fastapi_params
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel

PARAM = re.compile(r"{([^}:]+)(?::[^}]+)?}")
NOT_IDS = frozenset({"token", "client_id"})  # link secrets (confirm, reset, invite); Ozon's Client-Id
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKBOOK = Path(__file__).resolve().parents[2] / "samples" / "bad" / "valid_base.xlsx"


def is_id(name: str) -> bool:
    return (name == "id" or name.endswith("_id")) and name not in NOT_IDS


@dataclass(frozen=True)
class Endpoint:
    route: APIRoute
    path: str
    method: str

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")

    @property
    def path_params(self) -> list[str]:
        return PARAM.findall(self.path)

    def body_fields(self) -> list[tuple[str, str, Any, bool]]:
        """(name, where: 'form' | 'file' | 'json', annotation, required) of every body input."""
        found: list[tuple[str, str, Any, bool]] = []
        for param in self.route.dependant.body_params:
            info = param.field_info
            annotation = info.annotation
            if isinstance(info, fastapi_params.File):
                found.append((param.alias, "file", annotation, info.is_required()))
            elif isinstance(info, fastapi_params.Form):
                found.append((param.alias, "form", annotation, info.is_required()))
            elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
                found.extend((name, "json", f.annotation, f.is_required())
                             for name, f in annotation.model_fields.items())
            else:
                found.append((param.alias, "json", annotation, info.is_required()))
        return found

    def id_inputs(self) -> list[str]:
        names = [p for p in self.path_params if p not in NOT_IDS]
        names += [name for name, _, _, _ in self.body_fields() if is_id(name)]
        return list(dict.fromkeys(names))

    def request(self, ids: dict[str, int], *, csrf: str | None = None,
                bearer: dict[str, str] | None = None) -> dict[str, Any]:
        """``client.request`` arguments: path params and every id-like body field from ``ids``."""
        url = PARAM.sub(lambda m: "x" * 16 if m.group(1) in NOT_IDS else str(ids[m.group(1)]), self.path)
        headers = dict(bearer or {}) if self.is_api else {}
        form: dict[str, str] = {}
        files: dict[str, tuple[str, bytes, str]] = {}
        body: dict[str, object] = {}
        for name, where, annotation, required in self.body_fields():
            if where == "file":
                files[name] = ("book.xlsx", WORKBOOK.read_bytes(), XLSX)
                continue
            if not is_id(name) and not required:
                continue
            value = ids[name] if is_id(name) else sample(annotation)
            if where == "form":
                form[name] = str(value).lower() if isinstance(value, bool) else str(value)
            else:
                body[name] = value
        if csrf is not None and not self.is_api:
            form["csrf_token"] = csrf
        arguments: dict[str, Any] = {"method": self.method, "url": url, "headers": headers}
        if body:
            arguments["json"] = body
        elif form or files:
            arguments["data"] = form
            if files:
                arguments["files"] = files
        return arguments


def sample(annotation: Any) -> object:
    """A valid-looking value of a required non-id field."""
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return typing.get_args(annotation)[0]
    if origin in (typing.Union, types.UnionType):
        return sample(next(a for a in typing.get_args(annotation) if a is not type(None)))
    if annotation is bool:
        return False
    if annotation in (int, float):
        return 1
    return "x"


def endpoints(app: FastAPI) -> list[Endpoint]:
    """Every (route, method) the app answers, through included routers too (FastAPI includes them lazily)."""
    found = [Endpoint(context.original_route, context.path or context.original_route.path, method)
             for context in iter_route_contexts(app.routes) if isinstance(context.original_route, APIRoute)
             for method in sorted((context.original_route.methods or set()) - {"HEAD", "OPTIONS"})]
    return sorted(found, key=lambda e: (e.path, e.method))
