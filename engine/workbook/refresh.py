"""Re-laying a seller's workbook after subject changes: each row moves to the sheet of the subject in its
«Предмет» cell, with that subject's characteristics, keeping every value whose column still exists.

The workbook is rebuilt from the values (validations, names and styles regenerated), so
whatever a spreadsheet program did to them on save does not matter.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from engine.drafts import CharcSpec, CharcType, Directories, SubjectSpec
from engine.workbook.columns import COVERED_CHARCS, Column, key_charc_id
from engine.workbook.layout import SheetLayout, subject_layout
from engine.workbook.reader import EXTRA_PREFIX, ReadRow, ReadValue, SheetTable, read_workbook
from engine.workbook.rows import SheetRow, number_text
from engine.workbook.stream import CellValue, Mark
from engine.workbook.writer import SheetPlan, Target, WorkbookWriter

SUBJECT_KEY = "static_subject_0"
VENDOR_KEY = "static_vendorCode_0"
CHECK_KEY = "static_subjectCheck_0"
CONFIDENCE_KEY = "static_subjectConfidence_4"
UNASSIGNED = 0


@dataclass(frozen=True, slots=True)
class RowChange:
    """What happened to one row: where it came from, where it went, what could not come along (in Russian)."""

    vendor_code: str
    source: str  # "Лист!строка" in the old workbook
    target: str  # sheet title in the new workbook
    moved: bool
    messages: tuple[str, ...]


@dataclass(slots=True)
class RefreshReport:
    moved: int = 0
    kept: int = 0
    unknown_subjects: int = 0
    changes: list[RowChange] = field(default_factory=list)  # rows that moved or lost a value or stay unresolved


@dataclass(slots=True)
class _Target:
    spec: SubjectSpec | None
    rows: list[tuple[ReadRow, bool, list[str]]] = field(default_factory=list)  # row, moved, messages


def refresh_workbook(
    src: str | Path | IO[bytes],
    dst: Target,
    subjects: Mapping[int, SubjectSpec],
    directories: Directories,
) -> RefreshReport:
    """Read ``src``, move rows whose subject changed, write the re-laid workbook to ``dst``."""
    content = read_workbook(src, subjects=subjects, directories=directories)
    by_name = {_norm(s.name): s for s in subjects.values()}
    wb_names = {_norm(n) for n in directories.subjects}
    homes = {id(t): _home(t, subjects, by_name) for t in content.tables}
    targets: dict[int, _Target] = {}
    for table in content.tables:  # existing sheets first, in their order
        home = homes[id(table)]
        targets.setdefault(home.subject_id if home is not None else UNASSIGNED, _Target(home))
    report = RefreshReport()
    arrivals: dict[int, _Target] = {}
    for table in content.tables:
        home = homes[id(table)]
        home_key = home.subject_id if home is not None else UNASSIGNED
        for row in table.rows:
            text = row.get(SUBJECT_KEY)
            chosen = by_name.get(_norm(str(text))) if text is not None else None
            messages: list[str] = []
            if text is None:
                key = UNASSIGNED
            elif chosen is not None:
                key = chosen.subject_id
            else:
                key = home_key
                report.unknown_subjects += 1
                messages.append(_unresolved(str(text), table.title, _norm(str(text)) in wb_names))
            moved = key != home_key
            report.moved += moved
            report.kept += not moved
            target = targets.get(key) or arrivals.get(key)
            if target is None:
                target = arrivals[key] = _Target(chosen if key != UNASSIGNED else None)
            target.rows.append((row, moved, messages))
    ordered = {k: t for k, t in targets.items() if t.rows and k != UNASSIGNED}
    ordered.update(sorted(((k, t) for k, t in arrivals.items() if k != UNASSIGNED),
                          key=lambda kt: _norm(kt[1].spec.name if kt[1].spec else "")))
    unassigned = targets.get(UNASSIGNED) or arrivals.get(UNASSIGNED)
    if unassigned is not None and (unassigned.rows or not ordered):
        ordered[UNASSIGNED] = unassigned
    elif not ordered:
        ordered[UNASSIGNED] = _Target(None)  # nothing left: still one sheet to fill by hand
    taken: set[str] = set()
    plans = []
    for target in ordered.values():
        layout = subject_layout(target.spec, directories, taken)
        plans.append(SheetPlan(layout, _rows(layout, target, report)))
    info = {"Обновлено командой": "ozwb refresh", "Перенесено строк на другие листы": str(report.moved)}
    WorkbookWriter().write(dst, plans, info)
    return report


def _rows(layout: SheetLayout, target: _Target, report: RefreshReport) -> Iterator[SheetRow]:
    """Source rows staying first (in their order), then rows moved in, as rows of ``layout``."""
    ordered = [r for r in target.rows if not r[1]] + [r for r in target.rows if r[1]]
    for row, moved, notes in ordered:
        values, dropped = _relay(row, layout, moved)
        messages = notes + dropped
        if moved or messages:
            vendor = row.get(VENDOR_KEY)
            report.changes.append(RowChange(str(vendor or ""), f"{row.sheet}!{row.row}", layout.title, moved,
                                            tuple(messages)))
        yield SheetRow(values, _marks(layout, values, bool(notes)))


def _relay(row: ReadRow, layout: SheetLayout, moved: bool) -> tuple[list[CellValue], list[str]]:
    """The row's values in ``layout``'s columns, and what had no column there."""
    source = row.table
    by_charc = {key_charc_id(k): k for k in source.positions if key_charc_id(k) is not None}
    used: set[str] = set()
    values: list[CellValue] = []
    for column in layout.columns:
        key = column.key if column.key in source.positions else by_charc.get(column.charc_id or -1, "")
        value = row.get(key) if key else None
        if key:
            used.add(key)
        if moved and column.key in (CHECK_KEY, CONFIDENCE_KEY):
            value = None  # they rated the old suggestion, not the seller's choice
        values.append(_as_column(value, column))
    subject = layout.subject.name if layout.subject is not None else "без предмета"
    dropped = [
        _dropped(source, key, value, subject)
        for key in source.positions
        if key not in used and (value := row.get(key)) is not None
    ]
    return values, dropped


def _as_column(value: ReadValue, column: Column) -> CellValue:
    if value is None or column.numeric is not None or isinstance(value, str):
        return value
    return number_text(value)


def _marks(layout: SheetLayout, values: list[CellValue], unresolved: bool) -> dict[int, Mark] | None:
    marks: dict[int, Mark] = {}
    for position, column in enumerate(layout.columns):
        if column.editable and (column.required or column.required_for_create) and values[position] is None:
            marks[position] = Mark.MISSING
        elif column.key == SUBJECT_KEY and (unresolved or _is_yes(values, layout, CHECK_KEY)):
            marks[position] = Mark.DOUBTFUL
    return marks or None


def _is_yes(values: list[CellValue], layout: SheetLayout, key: str) -> bool:
    position = layout.index().get(key)
    return position is not None and values[position] == "Да"


def _dropped(source: SheetTable, key: str, value: ReadValue, subject: str) -> str:
    header = source.headers.get(key) or key.removeprefix(EXTRA_PREFIX)
    shown = value if isinstance(value, str) else number_text(value) if value is not None else ""
    if len(shown) > 60:
        shown = shown[:59] + "…"
    if key.startswith(EXTRA_PREFIX):
        return f"Столбец «{header}» не из шаблона ozwb: значение «{shown}» не перенесено"
    if key_charc_id(key) is not None:
        return f"Характеристики «{header}» нет у предмета «{subject}»: значение «{shown}» не перенесено"
    return f"Столбца «{header}» больше нет: значение «{shown}» не перенесено"


def _unresolved(text: str, sheet: str, in_wb_list: bool) -> str:
    if in_wb_list:
        return (f"Нет характеристик предмета «{text}»: строка осталась на листе «{sheet}». "
                "Повторите refresh, когда ozwb загрузит характеристики этого предмета")
    return f"Предмета «{text}» нет в списке WB: строка осталась на листе «{sheet}». Выберите предмет из списка"


def _home(table: SheetTable, subjects: Mapping[int, SubjectSpec], by_name: dict[str, SubjectSpec]) -> \
        SubjectSpec | None:
    """The subject a sheet was laid out for: by its marker name, else by its title; else rebuilt from its columns."""
    if table.subject_id == UNASSIGNED:
        return None
    if table.subject_id is not None and table.subject_id in subjects:
        return subjects[table.subject_id]
    named = by_name.get(_norm(table.title))
    if named is not None:
        return named
    return _spec_from_columns(table)


def _spec_from_columns(table: SheetTable) -> SubjectSpec:
    """A stand-in spec with the characteristics the sheet already has, so none of their values is lost."""
    charcs: list[CharcSpec] = []
    for key in table.positions:
        charc_id = key_charc_id(key)
        if charc_id is None or charc_id in COVERED_CHARCS:
            continue
        kind = CharcType.NUMBER if key.endswith("_4") else CharcType(int(key[-1]))
        charcs.append(CharcSpec(charc_id, table.headers.get(key, str(charc_id)), kind))
    return SubjectSpec(table.subject_id or -1, table.title, "", tuple(charcs))


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()
