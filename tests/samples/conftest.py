"""Shared loaders for the WB sample data checks: the JSON files, the real dumps and the official spec."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "wb"
SHARED = Path("/work/shared")
WB_SPEC = SHARED / "specs" / "wb" / "02-items.yaml"
REAL_SUBJECTS_CSV = SHARED / "research" / "data" / "derived" / "wb_subjects_2025-03.csv"
REAL_PARENTS_JSON = SHARED / "research" / "data" / "malinatrash_basis-front" / "parents_category.json"

# The Ozon → WB pairs the sample catalog is built on: subjectID → (subjectName, parentID, parentName).
PAIR_SUBJECTS: dict[int, tuple[str, int, str]] = {
    192: ("Футболки", 1, "Одежда"), 69: ("Платья", 1, "Одежда"), 180: ("Джинсы", 1, "Одежда"),
    11: ("Брюки", 1, "Одежда"), 184: ("Рубашки", 1, "Одежда"), 1724: ("Худи", 1, "Одежда"),
    168: ("Куртки", 1, "Одежда"), 162: ("Пижамы", 1, "Одежда"), 212: ("Носки", 4, "Белье"),
    82: ("Шапки", 6, "Головные уборы"), 105: ("Кроссовки", 2, "Обувь"), 94: ("Ботинки", 2, "Обувь"),
    100: ("Туфли", 2, "Обувь"), 50: ("Сумки", 3, "Аксессуары"), 138: ("Рюкзаки", 3, "Аксессуары"),
    52: ("Кошельки", 3, "Аксессуары"), 197: ("Постельное белье", 8693, "Текстиль для дома"),
    254: ("Полотенца банные", 8693, "Текстиль для дома"), 321: ("Пледы", 8693, "Текстиль для дома"),
    336: ("Подушки", 8693, "Текстиль для дома"), 704: ("Сковороды", 1590, "Посуда и инвентарь"),
    823: ("Кастрюли", 1590, "Посуда и инвентарь"), 812: ("Кружки", 1590, "Посуда и инвентарь"),
    390: ("Чехлы для телефонов", 6258, "Смартфоны и аксессуары"),
    765: ("Зарядные устройства", 6258, "Смартфоны и аксессуары"), 519: ("Кабели", 6258, "Смартфоны и аксессуары"),
    593: ("Наушники", 6260, "Телевизоры и аудиотехника"),
    468: ("Внешние аккумуляторы", 6258, "Смартфоны и аксессуары"), 358: ("Шампуни", 49, "Красота"),
    357: ("Кремы", 49, "Красота"), 347: ("Туши", 49, "Красота"), 268: ("Мягкие игрушки", 7, "Игрушки"),
    125: ("Куклы", 7, "Игрушки"), 117: ("Конструкторы", 7, "Игрушки"),
}


def read_sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def parents() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = read_sample("parents.json")
    return data


@pytest.fixture(scope="session")
def subjects() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = read_sample("subjects.json")
    return data


@pytest.fixture(scope="session")
def charcs() -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = read_sample("charcs.json")
    return data


@pytest.fixture(scope="session")
def directories() -> dict[str, Any]:
    data: dict[str, Any] = read_sample("directories.json")
    return data


@pytest.fixture(scope="session")
def warehouses() -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = read_sample("warehouses.json")
    return data


@pytest.fixture(scope="session")
def real_subjects() -> dict[int, dict[str, str]]:
    with REAL_SUBJECTS_CSV.open(encoding="utf-8") as fh:
        return {int(row["subjectID"]): row for row in csv.DictReader(fh)}


@pytest.fixture(scope="session")
def real_parents() -> dict[int, dict[str, Any]]:
    rows = json.loads(REAL_PARENTS_JSON.read_text(encoding="utf-8"))["data"]
    return {int(row["id"]): row for row in rows}


@pytest.fixture(scope="session")
def wb_spec() -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load(WB_SPEC.read_text(encoding="utf-8"))
    return spec
