"""Reading the hand-written Ozon sample data in ``samples/ozon/`` (cached; the files never change at run time)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from sandbox.catalog.model import CatalogError, Product
from sandbox.paths import samples_dir


def ozon_samples_dir() -> Path:
    return samples_dir() / "ozon"


@cache
def read_sample(name: str) -> Any:
    """The parsed JSON of ``samples/ozon/<name>.json``."""
    path = ozon_samples_dir() / f"{name}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CatalogError(f"cannot read {path}: {exc}") from exc


def type_templates() -> dict[str, dict[str, Any]]:
    """``"<description_category_id>/<type_id>"`` -> how products of that type are made up."""
    data: dict[str, dict[str, Any]] = read_sample("types")
    return data


def vocabulary() -> dict[str, Any]:
    data: dict[str, Any] = read_sample("vocabulary")
    return data


def dictionaries() -> dict[str, list[dict[str, Any]]]:
    """Dictionary id (as a string) -> values in the ``/attribute/values`` shape, sorted by id."""
    data: dict[str, list[dict[str, Any]]] = read_sample("dictionaries")
    return data


@cache
def dictionary_ids() -> dict[tuple[int, str], int]:
    """``(dictionary_id, text)`` -> dictionary value id."""
    return {(int(dict_id), v["value"]): int(v["id"]) for dict_id, values in dictionaries().items() for v in values}


def attribute_sets() -> dict[str, Any]:
    data: dict[str, Any] = read_sample("attributes")
    return data


def category_tree() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = read_sample("tree")["result"]
    return data


@cache
def adversarial_products() -> tuple[Product, ...]:
    raw = read_sample("adversarial")
    return tuple(Product.from_dict(item) for item in raw["products"])
