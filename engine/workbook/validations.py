"""Data validations (dropdowns, number and length rules) for whole columns, within Excel's limits.

One validation per column range, never per cell: Excel drops rules past about 64K per sheet.
Excel also drops a validation whose title is over 32 or whose message is over 255
characters, and openpyxl checks neither.
"""

from __future__ import annotations

from openpyxl.worksheet.datavalidation import DataValidation

from engine.workbook.columns import ANY_NUMBER, Column
from engine.workbook.errors import WorkbookLimitError
from engine.workbook.rows import number_text

TITLE_LIMIT = 32
MESSAGE_LIMIT = 255
FORMULA_LIMIT = 255  # a formula1 of an inline list, and Excel's practical cap on the attribute


def fit(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _checked(dv: DataValidation) -> DataValidation:
    for text, limit in ((dv.errorTitle, TITLE_LIMIT), (dv.promptTitle, TITLE_LIMIT), (dv.error, MESSAGE_LIMIT),
                        (dv.prompt, MESSAGE_LIMIT)):
        if text is not None and len(text) > limit:
            raise WorkbookLimitError(f"data validation text over {limit} characters: {text[:40]}…")
    if dv.formula1 is not None and (dv.formula1.startswith("=") or len(dv.formula1) > FORMULA_LIMIT):
        raise WorkbookLimitError(f"bad data validation formula: {dv.formula1[:40]}")
    return dv


def list_validation(column: Column, formula: str, sqref: str) -> DataValidation:
    if column.strict:
        style, title = "stop", "Значение не из списка"
        message = f"В столбце «{column.header}» выберите значение из списка WB."
    elif column.multi:
        style, title = "warning", "Проверьте значение"
        message = (f"«{column.header}»: выберите из списка. Несколько значений пишите через «;» — "
                   "тогда это предупреждение можно пропустить.")
    else:
        style, title = "warning", "Значение не из списка"
        message = f"«{column.header}»: WB принимает только значения из списка."
    return _checked(DataValidation(
        type="list", formula1=formula, sqref=sqref, allow_blank=True, showDropDown=False,
        showErrorMessage=True, errorStyle=style, errorTitle=fit(title, TITLE_LIMIT),
        error=fit(message, MESSAGE_LIMIT),
    ))


def numeric_validation(column: Column, sqref: str) -> DataValidation:
    rule = column.numeric
    if rule is None:
        raise WorkbookLimitError(f"column {column.key} is not numeric")
    kind = "whole" if rule.whole else "decimal"
    what = "целое число" if rule.whole else "число"
    bounds = ""
    if rule.minimum > ANY_NUMBER.minimum:
        bounds += f" от {number_text(rule.minimum)}"
    if rule.maximum < ANY_NUMBER.maximum:
        bounds += f" до {number_text(rule.maximum)}"
    message = f"«{column.header}»: нужно {what}{bounds}, без единиц измерения и пробелов."
    return _checked(DataValidation(
        type=kind, operator="between", formula1=number_text(rule.minimum), formula2=number_text(rule.maximum),
        sqref=sqref, allow_blank=True, showErrorMessage=True, errorStyle="warning",
        errorTitle=fit(f"Нужно {what}", TITLE_LIMIT), error=fit(message, MESSAGE_LIMIT),
    ))


def length_validation(column: Column, sqref: str) -> DataValidation:
    message = f"«{column.header}»: не длиннее {column.max_length} символов, иначе WB не примет карточку."
    return _checked(DataValidation(
        type="textLength", operator="lessThanOrEqual", formula1=str(column.max_length), sqref=sqref,
        allow_blank=True, showErrorMessage=True, errorStyle="warning",
        errorTitle=fit("Слишком длинный текст", TITLE_LIMIT), error=fit(message, MESSAGE_LIMIT),
    ))
