"""``validate_workbook``: one seller workbook in, one file problem or every row with its issues out.

The order of work: container checks (before any cell is loaded), reading (python-calamine through
``read_workbook``), structure, per-sheet pandera schemas, cross-row rules, then the typed row model
the push consumes. Row problems never stop the file; only a file problem does.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import IO

import python_calamine

from engine.drafts import Directories, SubjectSpec
from engine.issues import IssueCode, RowIssue
from engine.validation.assembly import build_cards, build_groups, build_rows
from engine.validation.consistency import cross_row_issues
from engine.validation.container import ContainerFacts, inspect_container, reject
from engine.validation.context import SheetContext, SubjectBook
from engine.validation.errors import FileRejectedError
from engine.validation.model import ValidationReport
from engine.validation.schemas import validate_sheet
from engine.validation.structure import check_content, check_structure
from engine.workbook.errors import UnreadableWorkbookError
from engine.workbook.reader import WorkbookContent, read_workbook

Source = str | Path | IO[bytes]
Specs = Mapping[int, SubjectSpec] | Mapping[str, SubjectSpec]
Reference = Callable[[WorkbookContent], tuple[Specs, Directories]]


def validate_workbook(
    source: Source,
    *,
    subjects: Specs | None = None,
    directories: Directories | None = None,
    reference: Reference | None = None,
) -> ValidationReport:
    """Check a seller's workbook against WB's rules and parse it into cards ready for the push.

    ``subjects`` are the WB subject specs (keyed by id or name; only the values are used) of the
    sheets' subjects; ``directories.subjects`` is the full list of WB subject names, for telling an
    unknown subject. Without them only the static rules run. ``reference``, if given, is asked for
    both once the workbook is read (so WB is asked only about the subjects the workbook uses); it
    may raise the engine's errors (WB unreachable), which propagate.
    """
    with _bulk_allocation():
        return _validate(source, subjects, directories, reference)


@contextmanager
def _bulk_allocation() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small acyclic objects (cells, rows, issues) are
    made: its repeated passes over them cost twice the work itself. Restored afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _validate(source: Source, subjects: Specs | None, directories: Directories | None,
              reference: Reference | None) -> ValidationReport:
    try:
        data = _materialise(source)
        facts = inspect_container(data)
        content = _read(data, SubjectBook.build(subjects, directories), directories)
        check_structure(data, content)
    except FileRejectedError as rejected:
        return ValidationReport(file_problem=rejected.problem)
    if reference is not None:
        subjects, directories = reference(content)
    return validate_content(content, subjects=subjects, directories=directories, facts=facts)


def validate_spreadsheet(
    content: WorkbookContent,
    *,
    subjects: Specs | None = None,
    directories: Directories | None = None,
    reference: Reference | None = None,
) -> ValidationReport:
    """:func:`validate_workbook` for tables read elsewhere (a Google Sheet): the file problems the tables
    show (no sheet of ours, a required column gone, no rows), then every row rule."""
    with _bulk_allocation():
        try:
            check_content(content)
        except FileRejectedError as rejected:
            return ValidationReport(file_problem=rejected.problem, tables=content.tables)
        if reference is not None:
            subjects, directories = reference(content)
        return validate_content(content, subjects=subjects, directories=directories)


def validate_content(
    content: WorkbookContent,
    *,
    subjects: Specs | None = None,
    directories: Directories | None = None,
    facts: ContainerFacts | None = None,
) -> ValidationReport:
    """The row rules and the row model for tables already read (an xlsx, or a Google Sheet read elsewhere).

    ``facts`` carries what only the file shows (formula cells); without it no formula is reported.
    """
    book = SubjectBook.build(subjects, directories)
    contexts = [SheetContext.build(table, book.spec_for(table)) for table in content.tables]
    found: list[RowIssue] = []
    for context in contexts:
        found.extend(validate_sheet(context, book))
    found.extend(cross_row_issues(contexts))
    if facts is not None:
        found.extend(formula_issues(contexts, facts))
    issues = _ordered(found, contexts)
    by_row = {where: tuple(same) for where, same in groupby(issues, key=attrgetter("sheet", "row"))}
    rows = build_rows(contexts, book, by_row)
    cards = build_cards(rows)
    return ValidationReport(rows=rows, cards=cards, groups=build_groups(cards), issues=issues, tables=content.tables)


def formula_issues(contexts: Iterable[SheetContext], facts: ContainerFacts) -> list[RowIssue]:
    """A formula the seller typed in a data row: reported, never evaluated (its cached value is not trusted)."""
    found: list[RowIssue] = []
    for context in contexts:
        table = context.table
        by_column = {column: key for key, column in table.columns.items()}
        first_data = table.header_row + 2
        for cell in facts.formulas.get(table.title, ()):
            if cell.row < first_data:
                continue
            key = by_column.get(cell.column)
            header = context.header(key) if key is not None else _letters(cell.column)
            shown = f"«={cell.text[:40]}»" if cell.text else "(общая с соседними ячейками)"
            found.append(RowIssue(table.title, cell.row, header, IssueCode.FORMULA,
                                  f"В ячейке {_letters(cell.column)}{cell.row} формула {shown}: ozwb не вычисляет "
                                  "формулы — впишите само значение."))
    return found


def _materialise(source: Source) -> str | Path | io.BytesIO:
    if isinstance(source, str | Path):
        return source
    return io.BytesIO(source.read())


def _read(data: str | Path | io.BytesIO, book: SubjectBook, directories: Directories | None) -> WorkbookContent:
    try:
        return read_workbook(data, subjects=book.by_id, directories=directories)
    except (UnreadableWorkbookError, python_calamine.CalamineError) as exc:
        raise reject(IssueCode.NOT_A_WORKBOOK, "Файл повреждён: его не удаётся прочитать как таблицу Excel. "
                                               "Сохраните таблицу заново как «Книга Excel (.xlsx)».") from exc
    finally:
        if isinstance(data, io.BytesIO):
            data.seek(0)


def _ordered(issues: list[RowIssue], contexts: list[SheetContext]) -> list[RowIssue]:
    """Sheet order, then row, then column as the sheet shows them; exact repeats dropped."""
    sheets = {c.title: n for n, c in enumerate(contexts)}
    columns = {(c.title, c.header(key)): number for c in contexts for key, number in c.table.columns.items()}
    # Keyed by plain values: a RowIssue's own hash goes through the code's (Python-level) Enum hash.
    unique = list({(i.sheet, i.row, i.column, i.code._value_, i.message): i for i in issues}.values())
    return sorted(unique, key=lambda i: (sheets.get(i.sheet, len(sheets)), i.sheet, i.row,
                                         columns.get((i.sheet, i.column), 100_000), i.column, i.code._value_))


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
