"""Readers for the raw marketplace dumps (the API response shapes, saved as JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from engine.category.models import OzonType, WbSubject
from engine.errors import OzwbError


class CategoryDataError(OzwbError):
    """A category dump is missing, unreadable or not in the expected API shape."""


def load_wb_subjects(path: str | Path) -> list[WbSubject]:
    """Parse ``GET /content/v2/object/all`` output: ``{"data": [...]}`` or a bare list of items."""
    raw = _read_json(path)
    items = raw.get("data") if isinstance(raw, dict) else raw
    if not isinstance(items, list):
        raise CategoryDataError(f"{path}: expected a WB subject list under 'data'")
    return wb_subjects_from_items(items, source=str(path))


def wb_subjects_from_items(items: list[dict[str, Any]], source: str = "WB") -> list[WbSubject]:
    """``object/all`` items (as the API sends them) into subjects."""
    path = source
    subjects: list[WbSubject] = []
    for n, item in enumerate(items):
        try:
            subjects.append(
                WbSubject(
                    subject_id=int(item["subjectID"]),
                    subject_name=str(item["subjectName"]).strip(),
                    parent_id=int(item.get("parentID") or 0),
                    parent_name=str(item.get("parentName") or "").strip(),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise CategoryDataError(f"{path}: WB subject #{n} is malformed ({exc!r})") from exc
    if not subjects:
        raise CategoryDataError(f"{path}: no WB subjects found")
    return subjects


def load_ozon_types(path: str | Path) -> list[OzonType]:
    """Parse ``POST /v1/description-category/tree`` output into its type leaves.

    A type belongs to the nearest category above it; a category that is disabled
    disables every type below it as well.
    """
    raw = _read_json(path)
    roots = raw.get("result") if isinstance(raw, dict) else raw
    if not isinstance(roots, list):
        raise CategoryDataError(f"{path}: expected an Ozon category tree under 'result'")
    return ozon_types_from_tree(roots, source=str(path))


def ozon_types_from_tree(roots: list[dict[str, Any]], source: str = "Ozon") -> list[OzonType]:
    """The ``result`` nodes of the tree (as the API sends them) into type leaves."""
    path = source
    try:
        types = list(_walk(roots, (), None, False))
    except (KeyError, TypeError, ValueError) as exc:
        raise CategoryDataError(f"{path}: malformed Ozon tree node ({exc!r})") from exc
    if not types:
        raise CategoryDataError(f"{path}: no Ozon types found")
    return types


def _walk(
    nodes: list[dict[str, Any]], path: tuple[str, ...], category_id: int | None, disabled: bool
) -> Iterator[OzonType]:
    for node in nodes:
        off = disabled or bool(node.get("disabled", False))
        children = node.get("children") or []
        if "type_id" in node and node.get("type_id"):
            if category_id is None:
                raise ValueError(f"type {node['type_id']} has no parent category")
            yield OzonType(
                description_category_id=category_id,
                type_id=int(node["type_id"]),
                type_name=str(node["type_name"]).strip(),
                path=path,
                disabled=off,
            )
        else:
            name = str(node["category_name"]).strip()
            yield from _walk(children, (*path, name), int(node["description_category_id"]), off)


def _read_json(path: str | Path) -> Any:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CategoryDataError(f"{p}: file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CategoryDataError(f"{p}: cannot read ({exc})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CategoryDataError(f"{p}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
