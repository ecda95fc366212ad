"""The real 2025-03 dumps (from ../shared) and a matcher over them, shared by the category tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.category import CategoryMatcher, OzonType, load_ozon_types, load_wb_subjects

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DUMPS = SHARED / "research" / "data" / "malinatrash_basis-front"
WB_PATH = DUMPS / "category.json"
OZON_PATH = DUMPS / "ozon_category.json"
DEV_PATH = SHARED / "bench" / "category-dev.csv"


@pytest.fixture(scope="session")
def ozon_types() -> list[OzonType]:
    return load_ozon_types(OZON_PATH)


@pytest.fixture(scope="session")
def matcher(ozon_types: list[OzonType]) -> CategoryMatcher:
    return CategoryMatcher(load_wb_subjects(WB_PATH), context=ozon_types)


def find_type(ozon_types: list[OzonType], name: str, category: str | None = None) -> OzonType:
    return next(t for t in ozon_types if t.type_name == name and (category is None or t.category_name == category))
