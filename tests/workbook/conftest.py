"""Workbooks shared by the workbook tests: written once per session, copied before any edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.drafts import CardDraft, Directories, SubjectSpec
from engine.workbook.writer import WorkbookSummary, write_workbook
from tests.workbook.builders import (
    JEANS,
    PANS,
    SHIRTS,
    choice,
    draft,
    sample_directories,
    sample_subjects,
    small_directories,
    small_subjects,
    synthetic_catalog,
)

FORMULA_TITLE = '=HYPERLINK("http://x","y")'


def small_drafts() -> list[CardDraft]:
    return [
        draft("A-1", choice(SHIRTS, "Футболки"), sizes=2,
              characteristics={17596: ["Мужской"], 14177449: ["белый", "черный"], 59609: 70.0},
              missing_required=[14177450], description="Ткань\x07 без\x00 управляющих символов"),
        draft("A-2", choice(JEANS, "Джинсы", 0.12), sizes=3, low_confidence=True, title=FORMULA_TITLE,
              first_product=2000, ozon_name="@SUM(1+1)", description="+7 999 000-00-00", group_key="jeans-model",
              characteristics={17596: ["Женский"], 11470: ["Высокая"]}),
        draft("A-3", None, sizes=1, first_product=3000),
        draft("A-4", choice(PANS, "Сковороды", parent="Дом"), sizes=1, first_product=4000,
              characteristics={15000902: ["Да"], 15000901: 24.0}),
        draft("A-5", choice(JEANS, "Джинсы", 0.8), sizes=1, group_key="jeans-model", first_product=5000,
              characteristics={17596: ["Мужской"], 11470: ["Средняя"], 14177450: ["хлопок", "эластан"]}),
    ]


@pytest.fixture(scope="session")
def subjects() -> dict[int, SubjectSpec]:
    return small_subjects()


@pytest.fixture(scope="session")
def directories() -> Directories:
    return small_directories()


@pytest.fixture(scope="session")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, WorkbookSummary]:
    path = tmp_path_factory.mktemp("book") / "small.xlsx"
    summary = write_workbook(path, small_drafts(), small_subjects(), small_directories(),
                             summary_info={"Магазин Ozon": "Тестовый", "Товаров": 8})
    return path, summary


@pytest.fixture(scope="session")
def small_book(written: tuple[Path, WorkbookSummary]) -> Path:
    return written[0]


@pytest.fixture(scope="session")
def sample_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A realistic workbook over the sandbox's sample WB subjects (samples/wb)."""
    subjects, directories = sample_subjects(), sample_directories()
    path = tmp_path_factory.mktemp("sample") / "sample.xlsx"
    write_workbook(path, synthetic_catalog(400, subjects, directories), subjects, directories)
    return path
