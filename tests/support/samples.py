"""Spec-valid sample values generated from (OpenAPI 3.0) JSON Schemas, seeded.

A small stand-in for hypothesis/schemathesis: the conformance sweep builds request bodies and
queries from the specs alone, the way an independent checker would, including awkward but valid
values (empty strings, zero, negative or huge numbers, markup-looking text) in ``edge`` mode.
"""

from __future__ import annotations

import random
import string
import uuid
from typing import Any, Literal

Mode = Literal["typical", "minimal", "full", "edge"]
MODES: tuple[Mode, ...] = ("typical", "minimal", "full", "edge")

_INT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_EDGE_TEXT = ("", " ", "ё" * 3, "<b>x</b>&amp;", "'; DROP TABLE x; --", "\u200b", "🙂", "a" * 300)
_MAX_DEPTH = 8


class SchemaSampler:
    """Draws values from schemas of one spec document (``$ref``s resolve against ``doc``)."""

    def __init__(self, doc: dict[str, Any], rng: random.Random, mode: Mode = "typical") -> None:
        self.doc = doc
        self.rng = rng
        self.mode = mode

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        seen = 0
        while "$ref" in node:
            target: Any = self.doc
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
            seen += 1
            if seen > 32:
                raise ValueError(f"$ref cycle at {node}")
        return node

    def sample(self, schema: dict[str, Any], depth: int = 0) -> Any:
        schema = self.resolve(schema)
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                value = self.sample(part, depth)
                if isinstance(value, dict):
                    merged.update(value)
            return merged
        for key in ("oneOf", "anyOf"):
            if key in schema:
                return self.sample(self._branch(schema, key), depth)
        if schema.get("nullable") and self.mode == "edge" and self.rng.random() < 0.2:
            return None
        if "enum" in schema:
            choices = [value for value in schema["enum"] if value is not None]
            return self.rng.choice(choices) if choices else None
        kind = schema.get("type") or ("object" if "properties" in schema else "string")
        if kind == "object":
            return self._object(schema, depth)
        if kind == "array":
            return self._array(schema, depth)
        if kind == "integer":
            return self._integer(schema)
        if kind == "number":
            return self._number(schema)
        if kind == "boolean":
            return self.rng.random() < 0.5
        return self._string(schema)

    def _branch(self, schema: dict[str, Any], key: str) -> dict[str, Any]:
        """One alternative merged into its parent; for oneOf, minus what makes the others match."""
        branches = [self.resolve(one) for one in schema[key]]
        chosen = self.rng.choice(branches)
        merged = {**{k: v for k, v in schema.items() if k != key}, **chosen}
        if key == "oneOf" and "properties" in merged:
            mine = set(chosen.get("required", []))
            theirs = {name for other in branches if other is not chosen for name in other.get("required", [])}
            merged["properties"] = {k: v for k, v in merged["properties"].items() if k in mine or k not in theirs}
        return merged

    def wants_optional(self, depth: int) -> bool:
        if self.mode == "minimal" or depth >= _MAX_DEPTH:
            return False
        return self.mode == "full" or self.rng.random() < 0.5

    def _object(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        required = set(schema.get("required", []))
        value: dict[str, Any] = {}
        for name, prop in schema.get("properties", {}).items():
            if self.resolve(prop).get("readOnly"):
                continue
            if name in required or self.wants_optional(depth):
                value[name] = self.sample(prop, depth + 1)
        return value

    def _array(self, schema: dict[str, Any], depth: int) -> list[Any]:
        low = int(schema.get("minItems", 0))
        high = min(int(schema.get("maxItems", low + 3)), low + 3)
        if self.mode == "minimal" or depth >= _MAX_DEPTH:
            count = low
        elif self.mode == "edge":
            count = self.rng.choice([low, high])
        else:
            count = self.rng.randint(max(low, 1), max(high, 1))
        items = schema.get("items", {})
        values = [self.sample(items, depth + 1) for _ in range(count)]
        if schema.get("uniqueItems"):
            unique: list[Any] = []
            for one in values:
                if one not in unique:
                    unique.append(one)
            values = unique
        return values

    def _integer(self, schema: dict[str, Any]) -> int:
        low, high = _INT_BOUNDS.get(str(schema.get("format")), (-(2**63), 2**63 - 1))
        low = int(schema.get("minimum", low)) + (1 if schema.get("exclusiveMinimum") else 0)
        high = int(schema.get("maximum", high)) - (1 if schema.get("exclusiveMaximum") else 0)
        example = schema.get("example")
        if self.mode == "edge":
            return self.rng.choice([low, high, max(low, min(high, 0)), max(low, min(high, -1))])
        if (
            isinstance(example, int)
            and not isinstance(example, bool)
            and low <= example <= high
            and self.rng.random() < 0.6
        ):
            return example
        return self.rng.randint(max(low, min(1, high)), min(high, max(low, 1) + 99))

    def _number(self, schema: dict[str, Any]) -> float:
        low = float(schema.get("minimum", -1e9))
        high = float(schema.get("maximum", 1e9))
        if self.mode == "edge":
            return self.rng.choice([low, high, max(low, min(high, 0.0))])
        return round(self.rng.uniform(max(low, 0.0), min(high, max(low, 0.0) + 1000.0)), 3)

    def _string(self, schema: dict[str, Any]) -> str:
        fmt = str(schema.get("format", "")).lower()
        low = int(schema.get("minLength", 0))
        high = int(schema.get("maxLength", 400))
        if fmt == "date-time":
            return f"2026-0{self.rng.randint(1, 9)}-1{self.rng.randint(0, 9)}T10:20:30Z"
        if fmt == "date":
            return f"2026-0{self.rng.randint(1, 9)}-1{self.rng.randint(0, 9)}"
        if fmt == "uuid":
            return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        if fmt in {"uri", "url"}:
            return f"https://example.com/{self.rng.randint(1, 999)}.jpg"
        if fmt in {"int64", "int32", "uint64", "uint"}:
            return str(self.rng.randint(0, 10**9))
        example = schema.get("example")
        if self.mode == "edge":
            candidates = [text for text in _EDGE_TEXT if low <= len(text) <= high]
            if candidates:
                return self.rng.choice(candidates)
        if isinstance(example, str) and low <= len(example) <= high and self.rng.random() < 0.6:
            return example
        size = self.rng.randint(max(low, 1 if self.mode != "minimal" else low), max(low, min(high, 12)))
        return "".join(self.rng.choice(string.ascii_letters + string.digits) for _ in range(size))
