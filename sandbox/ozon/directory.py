"""Category tree, per-type attribute definitions and dictionaries, served from ``samples/ozon``."""

from __future__ import annotations

from functools import cache
from typing import Any

from sandbox.catalog import samples
from sandbox.ozon.errors import invalid_argument


@cache
def _type_kinds() -> dict[tuple[int, int], str]:
    out: dict[tuple[int, int], str] = {}
    for key, tpl in samples.type_templates().items():
        dcid, type_id = (int(x) for x in key.split("/"))
        out[(dcid, type_id)] = tpl["kind"]
    return out


def category_tree() -> list[dict[str, Any]]:
    """The raw tree; every language gets the Russian names (the samples have no translations)."""
    return samples.category_tree()


def _kind(description_category_id: int, type_id: int) -> str:
    kind = _type_kinds().get((description_category_id, type_id))
    if kind is None:
        raise invalid_argument(
            f"description category {description_category_id} with type {type_id} not found"
        )
    return kind


@cache
def category_attributes(description_category_id: int, type_id: int) -> tuple[dict[str, Any], ...]:
    """``/v1/description-category/attribute`` items for one (category, type) pair."""
    kind = _kind(description_category_id, type_id)
    sets = samples.attribute_sets()
    definitions = {d["id"]: d for d in sets["definitions"]}
    required = set(sets["required"].get(kind, []))
    out = []
    for attribute_id in sets["kinds"][kind]:
        item = dict(definitions[attribute_id])
        if attribute_id in required:
            item["is_required"] = True
        out.append(item)
    return tuple(out)


def attribute_values(
    description_category_id: int, type_id: int, attribute_id: int
) -> list[dict[str, Any]]:
    """The dictionary behind an attribute, sorted by id; empty for free-text attributes."""
    definition = next(
        (a for a in category_attributes(description_category_id, type_id) if a["id"] == attribute_id), None
    )
    if definition is None or not definition["dictionary_id"]:
        return []
    values = samples.dictionaries().get(str(definition["dictionary_id"]), [])
    if attribute_id == 8229:
        # The "type" dictionary is category dependent: only the types of this category.
        own = {t for (c, t) in _type_kinds() if c == description_category_id}
        values = [v for v in values if v["id"] in own]
    return sorted(values, key=lambda v: v["id"])
