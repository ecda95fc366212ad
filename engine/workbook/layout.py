"""The columns of one data sheet: static fields, one subject's characteristics, stocks, Ozon source, results.

Also the sheet naming rules, which Excel enforces on open rather than on write.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from engine.drafts import CharcSpec, CharcType, Directories, SubjectSpec
from engine.workbook.columns import (
    ANY_NUMBER,
    COVERED_CHARCS,
    G_CHARCS,
    G_STOCKS,
    HEAD_COLUMNS,
    STOCK,
    TAIL_COLUMNS,
    Column,
    ColumnKind,
    Level,
    charc_key,
    stock_key,
)

SHEET_TITLE_LIMIT = 31
INSTRUCTIONS_TITLE = "Инструкция"
SUMMARY_TITLE = "Сводка"
UNASSIGNED_TITLE = "Без предмета"
LISTS_TITLE = "_lists"
RESERVED_TITLES = (INSTRUCTIONS_TITLE, SUMMARY_TITLE, UNASSIGNED_TITLE, LISTS_TITLE, "History")
SUBJECT_NAME_PREFIX = "ozwb_subject_"  # sheet-local defined name telling which subject a sheet is for
_FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\\x00-\x1f]")

# Which Directories field feeds a characteristic's dropdown, by CharcSpec.dictionary_name.
_DIRECTORY_LISTS = {
    "colors": ("colors", "Цвета WB"),
    "kinds": ("kinds", "Пол"),
    "countries": ("countries", "Страны"),
    "seasons": ("seasons", "Сезоны"),
    "vat": ("vat", "НДС"),
}


@dataclass(frozen=True, slots=True, eq=False)
class SheetLayout:
    """The columns of one data sheet, in order, and the subject it is for (None: rows with no subject yet)."""

    title: str
    subject: SubjectSpec | None
    columns: tuple[Column, ...]

    def index(self) -> dict[str, int]:
        """Column key -> 0-based position."""
        return {c.key: i for i, c in enumerate(self.columns)}

    @property
    def subject_id(self) -> int:
        return self.subject.subject_id if self.subject is not None else 0


def sheet_title(name: str, taken: set[str], *, own: str = "") -> str:
    """A legal, unique (case-insensitively) sheet title close to ``name``; adds it to ``taken``.

    ``own`` is the one reserved title this sheet may use (the unassigned sheet's own name).
    """
    base = _FORBIDDEN_IN_TITLE.sub(" ", name).strip().strip("'").strip() or "Лист"
    base = base[:SHEET_TITLE_LIMIT].rstrip("' ")
    reserved = {t.casefold() for t in RESERVED_TITLES if t != own} | {t.casefold() for t in taken}
    title, n = base, 1
    while title.casefold() in reserved:
        n += 1
        suffix = f" ({n})"
        title = base[: SHEET_TITLE_LIMIT - len(suffix)].rstrip("' ") + suffix
    taken.add(title)
    return title


def subject_columns(subject: SubjectSpec | None, directories: Directories) -> tuple[Column, ...]:
    """All columns of a sheet for ``subject`` (None: the sheet for rows without a subject)."""
    charcs = subject.charcs if subject is not None else ()
    covered = {c.charc_id: c for c in charcs if c.charc_id in COVERED_CHARCS}
    head = [_static_for(col, subject, covered, directories) for col in HEAD_COLUMNS]
    headers = {c.header.casefold() for c in (*head, *TAIL_COLUMNS)}
    charc_cols = [
        _charc_column(c, subject, directories, headers) for c in charcs if c.charc_id not in COVERED_CHARCS
    ]
    stocks = [
        Column(stock_key(wid), f"Остаток: {name}", "Штук на складе продавца", G_STOCKS, ColumnKind.EDITABLE,
               Level.SIZE, field=f"stock_{wid}", numeric=STOCK, width=12)
        for wid, name in directories.warehouses.items()
    ]
    return (*head, *stocks, *charc_cols, *TAIL_COLUMNS)


def subject_layout(subject: SubjectSpec | None, directories: Directories, taken: set[str]) -> SheetLayout:
    if subject is None:
        title = sheet_title(UNASSIGNED_TITLE, taken, own=UNASSIGNED_TITLE)
    else:
        title = sheet_title(subject.name, taken)
    return SheetLayout(title=title, subject=subject, columns=subject_columns(subject, directories))


def sorted_subjects(names: Iterable[str]) -> tuple[str, ...]:
    """The subject dropdown's order: alphabetical, as a seller scans it."""
    return tuple(sorted(set(names), key=str.casefold))


def _static_for(
    col: Column, subject: SubjectSpec | None, covered: dict[int, CharcSpec], directories: Directories
) -> Column:
    changes: dict[str, object] = {}
    if col.field == "subject":
        changes["dropdown"] = sorted_subjects(directories.subjects)
    elif col.field == "vat":
        changes["dropdown"] = directories.vat
    elif col.field == "description" and subject is not None:
        changes["max_length"] = subject.description_limit
        changes["hint"] = f"{col.hint}, до {subject.description_limit} символов"
    charc = covered.get(col.charc_id) if col.charc_id is not None else None
    if charc is not None:
        changes["required"] = col.required or charc.required
        changes["required_for_create"] = charc.required_for_create
    hint = _required_hint(str(changes.get("hint", col.hint)), changes.get("required", col.required) is True,
                          changes.get("required_for_create", False) is True)
    changes["hint"] = hint
    return dataclasses.replace(col, **changes)  # type: ignore[arg-type]


def _charc_column(charc: CharcSpec, subject: SubjectSpec | None, directories: Directories, headers: set[str]) -> Column:
    number = charc.charc_type is CharcType.NUMBER
    type_suffix = 4 if number else int(charc.charc_type)
    choices, list_name = _charc_choices(charc, subject, directories)
    multi = not number and charc.max_count != 1
    hint_parts: list[str] = []
    if number:
        hint_parts.append("Число" + (f", единица измерения: {charc.unit}" if charc.unit else ""))
    elif charc.max_count > 1:
        hint_parts.append(f"Максимальное количество значений: {charc.max_count}, через «;»")
    elif multi:
        hint_parts.append("Можно несколько значений через «;»")
    if choices:
        hint_parts.append("значение из списка")
    header = charc.name if charc.name.casefold() not in headers else f"{charc.name} (характеристика)"
    headers.add(header.casefold())
    return Column(
        key=charc_key(charc.charc_id, type_suffix),
        header=header,
        hint=_required_hint(". ".join(hint_parts), charc.required, charc.required_for_create),
        group=G_CHARCS,
        kind=ColumnKind.EDITABLE,
        charc_id=charc.charc_id,
        numeric=ANY_NUMBER if number else None,
        multi=multi,
        dropdown=choices,
        dropdown_name=list_name,
        fixed_set=bool(choices) and not charc.dictionary_name,
        required=charc.required,
        required_for_create=charc.required_for_create,
        width=12 if number else 20,
    )


def _charc_choices(
    charc: CharcSpec, subject: SubjectSpec | None, directories: Directories
) -> tuple[tuple[str, ...], str]:
    if charc.dictionary_name == "tnved":
        codes = directories.tnved.get(subject.subject_id, ()) if subject is not None else ()
        return codes, f"ТН ВЭД {subject.name}" if subject is not None else "ТН ВЭД"
    named = _DIRECTORY_LISTS.get(charc.dictionary_name)
    if named is not None:
        values: tuple[str, ...] = getattr(directories, named[0])
        if values:
            return values, named[1]
    return charc.dictionary, charc.name if charc.dictionary else ""


def _required_hint(hint: str, required: bool, for_create: bool) -> str:
    if for_create:
        mark = "ОБЯЗАТЕЛЬНО: без этого WB не создаст карточку."
    elif required:
        mark = "Обязательно."
    else:
        return hint
    return f"{hint.rstrip('.')}. {mark}" if hint else mark
