"""``docker-compose.yml`` read the way ``docker compose`` reads it: YAML (anchors, aliases), then
``${…}`` interpolation of every string value from an environment (the Compose Specification's rules)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# $$ | ${NAME} | ${NAME<op>word} | $NAME, where <op> is one of :- - :? ? :+ +
_TOKEN = re.compile(r"\$(?:(?P<escaped>\$)|\{(?P<braced>[^}]*)\}|(?P<named>[A-Za-z_][A-Za-z0-9_]*))")
_BRACED = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:-|-|:\?|\?|:\+|\+)(?P<word>.*))?", re.DOTALL)


class InterpolationError(ValueError):
    """A required variable is missing (``${X:?message}``) or the expression is malformed."""


def interpolate(text: str, env: Mapping[str, str]) -> str:
    def substitute(found: re.Match[str]) -> str:
        if found.group("escaped"):
            return "$"
        if found.group("named"):
            return env.get(found.group("named"), "")
        braced = _BRACED.fullmatch(found.group("braced"))
        if not braced:
            raise InterpolationError(f"invalid interpolation: {found.group(0)!r}")
        name, op, word = braced.group("name"), braced.group("op"), braced.group("word") or ""
        if "$" in word:
            raise InterpolationError(f"nested interpolation is not rehearsed: {found.group(0)!r}")
        value = env.get(name)
        if op is None:
            return value or ""
        empty_counts = op.startswith(":")  # ":-" treats an empty value like an unset one, "-" does not
        present = value is not None and (value != "" or not empty_counts)
        if op in (":-", "-"):
            return value if present and value is not None else word
        if op in (":?", "?"):
            if not present or value is None:
                raise InterpolationError(f"required variable {name} is missing a value: {word}")
            return value
        return word if present else ""  # ":+" and "+"

    return _TOKEN.sub(substitute, text)


def required_variables(text: str) -> dict[str, str]:
    """``${X:?message}`` and ``${X?message}`` in the raw file: the variables an operator must set."""
    found: dict[str, str] = {}
    for token in _TOKEN.finditer(text):
        braced = _BRACED.fullmatch(token.group("braced") or "")
        if braced and braced.group("op") in (":?", "?"):
            found[braced.group("name")] = braced.group("word") or ""
    return found


def _interpolated(node: Any, env: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, list):
        return [_interpolated(item, env) for item in node]
    if isinstance(node, dict):
        return {key: _interpolated(value, env) for key, value in node.items()}
    return node


@dataclass(frozen=True)
class Service:
    name: str
    spec: dict[str, Any]

    @property
    def command(self) -> list[str]:
        command = self.spec.get("command", [])
        return list(command) if isinstance(command, list) else command.split()

    @property
    def environment(self) -> dict[str, str]:
        raw = self.spec.get("environment", {})
        if isinstance(raw, list):  # the ["KEY=value", ...] form
            raw = dict(item.split("=", 1) for item in raw)
        return {key: "" if value is None else str(value) for key, value in raw.items()}

    @property
    def volumes(self) -> dict[str, str]:
        """Mount target in the container → named volume or host path (the short ``source:target`` form)."""
        mounts: dict[str, str] = {}
        for item in self.spec.get("volumes", []):
            source, target = item.split(":")[:2]
            mounts[target] = source
        return mounts

    @property
    def published_ports(self) -> dict[int, int]:
        """Container port → host port."""
        ports: dict[int, int] = {}
        for item in self.spec.get("ports", []):
            host, _, container = str(item).rpartition(":")
            ports[int(container)] = int(host or container)
        return ports


@dataclass(frozen=True)
class ComposeFile:
    path: Path
    raw: dict[str, Any]
    services: dict[str, Service]

    def service(self, name: str) -> Service:
        return self.services[name]


def raw_compose(path: Path) -> dict[str, Any]:
    """The YAML as written (anchors resolved, nothing interpolated): what the Compose schema validates."""
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict):
        raise ValueError(f"{path} is not a mapping")
    return loaded


def load_compose(path: Path, env: Mapping[str, str]) -> ComposeFile:
    raw = raw_compose(path)
    resolved = _interpolated(raw, env)
    services = {name: Service(name, spec or {}) for name, spec in resolved.get("services", {}).items()}
    return ComposeFile(path, resolved, services)
