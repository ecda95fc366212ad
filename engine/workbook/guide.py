"""The two sheets written for people rather than for ozwb: the Russian instructions and the summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl.utils import get_column_letter

from engine.workbook.columns import TITLE_LIMIT
from engine.workbook.layout import UNASSIGNED_TITLE
from engine.workbook.sheets import SheetStats
from engine.workbook.stream import CellValue, StreamSheet, any_cell
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
        "Переложите таблицу: в веб-сервисе загрузите её и нажмите «Переложить таблицу» в отчёте проверки, "
        "в командной строке запустите «ozwb refresh ФАЙЛ». Строки переедут на листы новых предметов "
        "с их характеристиками. "
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


INSTRUCTIONS_WIDTHS = (110,)
SUMMARY_WIDTHS = (28, 28, 12, 11, 11, 16, 18)
LEGEND_ROLE = "legend:"  # + fill colour: a legend line painted in the colour it explains

GuideCell = tuple[CellValue, str]
"""A value and its style role: a :class:`Palette` attribute name ("title", "bold", ...) or ``legend:<rgb>``;
numbers ignore the role and go unstyled, empty values leave the cell empty."""


def instruction_rows() -> list[list[GuideCell]]:
    """The instructions sheet, row by row (an empty row is a blank line), for every writer."""
    rows: list[list[GuideCell]] = [[("Как работать с этой таблицей", "title")]]
    for heading, lines in INSTRUCTIONS:
        rows.append([])
        rows.append([(heading, "bold")])
        rows.extend([(line, "wrapped_text")] for line in lines)
    rows.append([])
    rows.append([("Что значат цвета", "bold")])
    rows.extend([(meaning, LEGEND_ROLE + rgb)] for rgb, meaning in LEGEND)
    return rows


def summary_rows(stats: Sequence[SheetStats], info: Mapping[str, object] | None) -> list[list[GuideCell]]:
    """The summary sheet, row by row: the export's facts, then a line per data sheet and the totals."""
    rows: list[list[GuideCell]] = [[("Сводка выгрузки", "title")]]
    for label, value in (info or {}).items():
        shown = value if isinstance(value, str | int | float) and not isinstance(value, bool) else str(value)
        rows.append([(str(label), "bold"), (shown, "plain_text")])
    rows.append([])
    rows.append([(h, "header_plain") for h in SUMMARY_HEADER])
    for item in stats:
        numbers = (item.subject_id, item.cards, item.rows, item.doubtful_rows, item.missing_values)
        rows.append([(item.title, "plain_text"), (item.subject_name or "—", "plain_text"),
                     *((n, "") for n in numbers)])
    totals = (sum(s.cards for s in stats), sum(s.rows for s in stats), sum(s.doubtful_rows for s in stats),
              sum(s.missing_values for s in stats))
    rows.append([("Итого", "bold"), (None, ""), (None, ""), *((n, "") for n in totals)])
    return rows


def write_instructions(sheet: StreamSheet, palette: Palette) -> None:
    _set_widths(sheet, INSTRUCTIONS_WIDTHS)
    for row in instruction_rows():
        sheet.append(_cells(sheet, row, palette))


def write_summary(
    sheet: StreamSheet, stats: Sequence[SheetStats], info: Mapping[str, object] | None, palette: Palette
) -> None:
    _set_widths(sheet, SUMMARY_WIDTHS)
    for row in summary_rows(stats, info):
        sheet.append(_cells(sheet, row, palette))


def _set_widths(sheet: StreamSheet, widths: Sequence[float]) -> None:
    for position, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(position)].width = width


def _cells(sheet: Any, row: list[GuideCell], palette: Palette) -> list[tuple[int, Any]]:
    cells: list[tuple[int, Any]] = []
    for position, (value, role) in enumerate(row, 1):
        if role.startswith(LEGEND_ROLE):
            style = palette.legend[role[len(LEGEND_ROLE):]]
        else:
            style = getattr(palette, role) if role else None
        cell = any_cell(sheet, value, style)
        if cell is not None:
            cells.append((position, cell))
    return cells
