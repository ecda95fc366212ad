"""The two sheets written for people rather than for ozwb: the Russian instructions and the summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from engine.workbook.columns import TITLE_LIMIT
from engine.workbook.layout import UNASSIGNED_TITLE
from engine.workbook.sheets import SheetStats
from engine.workbook.stream import StreamSheet, any_cell, number_cell, text_cell
from engine.workbook.styles import (
    CREATE_FILL,
    DOUBTFUL_FILL,
    EDITABLE_FILL,
    MISSING_FILL,
    REQUIRED_FILL,
    RESULT_FILL,
    SOURCE_HEADER_FILL,
    Palette,
)

INSTRUCTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Что в этой книге", (
        "Каталог Ozon, разложенный под Wildberries. Каждый лист — один предмет WB (категория) со своими "
        "характеристиками. Строка — один размер товара; строки с одинаковым «Артикулом продавца» — одна карточка WB.",
        f"Лист «{UNASSIGNED_TITLE}» — товары, для которых ozwb не подобрал предмет. Лист «Сводка» — итоги.",
    )),
    ("Как править", (
        "Правьте столбцы с сиреневыми, оранжевыми и красными заголовками. Серые столбцы — данные Ozon для справки, "
        "зелёные заполнит ozwb после переноса.",
        "Столбцы можно переставлять и скрывать, строки — сортировать: ozwb находит столбцы по скрытым именам. "
        "Не переименовывайте листы без нужды и не удаляйте скрытую строку 2.",
        "Общие поля карточки (наименование, описание, бренд, фото, характеристики) должны совпадать во всех "
        "строках-размерах карточки.",
        "Несколько значений в одной ячейке пишите через «;». Выпадающие списки подсказывают значения WB.",
        "Не вводите формулы: ozwb читает только значения.",
    )),
    ("Правила WB", (
        f"Наименование — не длиннее {TITLE_LIMIT} символов, без эмодзи и адресов e-mail.",
        "Описание — без HTML, длина зависит от предмета (обычно до 2000 символов).",
        "Габариты упаковки — целые сантиметры, вес с упаковкой — килограммы (до 3 знаков после запятой).",
        "Цена — целое число рублей, скидка — целый процент от 0 до 99.",
        "Фото — прямые ссылки на файлы через «;», до 30 штук, не меньше 700×900 пикселей.",
        "Баркоды размера — через «;». Артикул продавца — до 72 символов и уникален среди ваших карточек.",
        "Карточки с одинаковым номером «Группы» и одним предметом WB объединит (выбор цвета), "
        "не больше 30 карточек в группе.",
    )),
    ("Как сменить предмет", (
        "Выберите новый предмет в столбце «Предмет» во всех строках карточки и сохраните файл.",
        "Запустите «ozwb refresh ФАЙЛ»: строки переедут на листы новых предметов с их характеристиками. "
        "Всё, что вы ввели, сохранится; значения характеристик, которых у нового предмета нет, ozwb перечислит.",
        "Предмет не из списка WB ozwb оставит на месте и сообщит об этом.",
    )),
)

LEGEND: tuple[tuple[str, str], ...] = (
    (EDITABLE_FILL, "Заголовок: можно править"),
    (REQUIRED_FILL, "Заголовок: обязательное поле"),
    (CREATE_FILL, "Заголовок: без этого поля WB не создаст карточку"),
    (SOURCE_HEADER_FILL, "Заголовок: данные Ozon, только для справки"),
    (RESULT_FILL, "Заголовок: результат переноса, заполнит ozwb"),
    (MISSING_FILL, "Ячейка: обязательное значение не заполнено"),
    (DOUBTFUL_FILL, "Ячейка: ozwb не уверен в предмете — проверьте его, варианты в «Другие подходящие предметы»"),
)

SUMMARY_HEADER = ("Лист", "Предмет", "ID предмета", "Карточек", "Размеров (строк)", "Строк с сомнительным предметом",
                  "Незаполненных обязательных значений")


def write_instructions(sheet: StreamSheet, palette: Palette) -> None:
    sheet.column_dimensions["A"].width = 110
    sheet.append([(1, text_cell(sheet, "Как работать с этой таблицей", palette.title))])
    for heading, lines in INSTRUCTIONS:
        sheet.append([])
        sheet.append([(1, text_cell(sheet, heading, palette.bold))])
        for line in lines:
            sheet.append([(1, text_cell(sheet, line, palette.wrapped_text))])
    sheet.append([])
    sheet.append([(1, text_cell(sheet, "Что значат цвета", palette.bold))])
    for rgb, meaning in LEGEND:
        sheet.append([(1, text_cell(sheet, meaning, palette.legend[rgb]))])


def write_summary(
    sheet: StreamSheet, stats: Sequence[SheetStats], info: Mapping[str, object] | None, palette: Palette
) -> None:
    widths = (28, 28, 12, 11, 11, 16, 18)
    for letter, width in zip("ABCDEFG", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append([(1, text_cell(sheet, "Сводка выгрузки", palette.title))])
    for label, value in (info or {}).items():
        sheet.append(_pair(sheet, str(label), value, palette))
    sheet.append([])
    sheet.append([(i, text_cell(sheet, h, palette.header_plain)) for i, h in enumerate(SUMMARY_HEADER, 1)])
    for item in stats:
        numbers = (item.subject_id, item.cards, item.rows, item.doubtful_rows, item.missing_values)
        sheet.append([
            (1, text_cell(sheet, item.title, palette.plain_text)),
            (2, text_cell(sheet, item.subject_name or "—", palette.plain_text)),
            *((i, number_cell(sheet, n)) for i, n in enumerate(numbers, 3)),
        ])
    totals = (sum(s.cards for s in stats), sum(s.rows for s in stats), sum(s.doubtful_rows for s in stats),
              sum(s.missing_values for s in stats))
    sheet.append([(1, text_cell(sheet, "Итого", palette.bold)),
                  *((i, number_cell(sheet, n)) for i, n in enumerate(totals, 4))])


def _pair(sheet: Any, label: str, value: object, palette: Palette) -> list[tuple[int, Any]]:
    cells: list[tuple[int, Any]] = [(1, text_cell(sheet, label, palette.bold))]
    shown = value if isinstance(value, str | int | float) and not isinstance(value, bool) else str(value)
    cell = any_cell(sheet, shown, palette.plain_text)
    if cell is not None:
        cells.append((2, cell))
    return cells
