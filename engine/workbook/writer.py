"""Writing the WB-ready workbook: instructions, summary, one sheet per WB subject, the hidden lookup lists.

Every sheet is streamed (openpyxl write-only), so memory stays flat however big the
catalog is; only the drafts themselves and one row at a time are held.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook

from engine.drafts import CardDraft, Directories, SubjectSpec
from engine.workbook.guide import write_instructions, write_summary
from engine.workbook.layout import INSTRUCTIONS_TITLE, SUMMARY_TITLE, SheetLayout, sorted_subjects, subject_layout
from engine.workbook.lookups import LookupLists
from engine.workbook.rows import DraftRows, SheetRow, group_numbers
from engine.workbook.sheets import SheetStats, write_data_sheet
from engine.workbook.stream import add_stream_sheet
from engine.workbook.styles import Palette

Target = str | Path | IO[bytes]


@dataclass(slots=True)
class WorkbookSummary:
    """What was written, sheet by sheet (the same numbers as the summary sheet)."""

    sheets: list[SheetStats] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(s.rows for s in self.sheets)

    @property
    def cards(self) -> int:
        return sum(s.cards for s in self.sheets)


@dataclass(slots=True)
class SheetPlan:
    """A data sheet to write: its layout and where its rows come from."""

    layout: SheetLayout
    rows: Iterable[SheetRow]


class WorkbookWriter:
    """Writes a workbook from ready sheet plans; shared by the export and by ``refresh``."""

    def __init__(self) -> None:
        self.workbook: Any = Workbook(write_only=True)
        self.workbook.properties.creator = "ozwb"
        self.palette = Palette(self.workbook)
        self.lists = LookupLists()

    def write(self, target: Target, plans: Iterable[SheetPlan], summary_info: Mapping[str, object] | None) -> \
            WorkbookSummary:
        write_instructions(add_stream_sheet(self.workbook, INSTRUCTIONS_TITLE), self.palette)
        summary_sheet = add_stream_sheet(self.workbook, SUMMARY_TITLE)
        summary = WorkbookSummary()
        for plan in plans:
            summary.sheets.append(write_data_sheet(self.workbook, plan.layout, plan.rows, self.lists, self.palette))
        write_summary(summary_sheet, summary.sheets, summary_info, self.palette)
        if len(self.lists):
            self.lists.write(self.workbook, self.palette)
        self.workbook.save(target)
        return summary


def write_workbook(
    target: Target,
    drafts: Sequence[CardDraft],
    subjects: Mapping[int, SubjectSpec],
    directories: Directories,
    *,
    summary_info: Mapping[str, object] | None = None,
) -> WorkbookSummary:
    """Write ``drafts`` as a WB-ready xlsx: a sheet per WB subject (specs from ``subjects``), plus a sheet for
    drafts with no subject yet, the instructions, the summary and the hidden lookup lists.

    A draft whose subject has no spec in ``subjects`` still gets its subject's sheet, without characteristic
    columns (``refresh`` adds them once the spec is known).
    """
    writer = WorkbookWriter()
    return writer.write(target, plan_sheets(drafts, subjects, directories), summary_info)


def plan_sheets(
    drafts: Sequence[CardDraft], subjects: Mapping[int, SubjectSpec], directories: Directories
) -> Iterator[SheetPlan]:
    """The data sheets ``write_workbook`` writes for ``drafts``, in order, with lazily built rows."""
    groups = group_numbers(drafts)
    by_subject: dict[int, list[CardDraft]] = {}
    specs: dict[int, SubjectSpec] = {}
    unassigned: list[CardDraft] = []
    for draft in drafts:
        choice = draft.subject
        if choice is None:
            unassigned.append(draft)
            continue
        by_subject.setdefault(choice.subject_id, []).append(draft)
        if choice.subject_id not in specs:
            specs[choice.subject_id] = subjects.get(choice.subject_id) or SubjectSpec(
                choice.subject_id, choice.subject_name, choice.parent_name, charcs=())
    return _plans(by_subject, specs, unassigned, directories, groups, drafts)


def _plans(
    by_subject: dict[int, list[CardDraft]],
    specs: dict[int, SubjectSpec],
    unassigned: list[CardDraft],
    directories: Directories,
    groups: dict[str, int],
    drafts: Sequence[CardDraft],
) -> Iterator[SheetPlan]:
    # An empty catalog still gets a sheet to fill by hand.
    for sid, layout in plan_layouts(specs, directories, unassigned=bool(unassigned or not drafts)):
        yield SheetPlan(layout, DraftRows(layout, groups).rows(by_subject[sid] if sid is not None else unassigned))


def plan_layouts(
    specs: Mapping[int, SubjectSpec], directories: Directories, *, unassigned: bool
) -> list[tuple[int | None, SheetLayout]]:
    """The data sheets' layouts in writing order: one per subject of ``specs`` (by name), then the sheet
    for rows without a subject when ``unassigned``. Paired with the subject id (None for that last one)."""
    taken: set[str] = set()
    ordered = sorted(specs, key=lambda sid: (specs[sid].name.casefold(), sid))
    # The subject dropdown must offer every subject a draft already has, even one missing from the WB list.
    extra = {specs[sid].name for sid in ordered} - set(directories.subjects)
    if extra:
        directories = _with_subjects(directories, extra)
    layouts: list[tuple[int | None, SheetLayout]] = [
        (sid, subject_layout(specs[sid], directories, taken)) for sid in ordered
    ]
    if unassigned:
        layouts.append((None, subject_layout(None, directories, taken)))
    return layouts


def _with_subjects(directories: Directories, names: Iterable[str]) -> Directories:
    return replace(directories, subjects=sorted_subjects((*directories.subjects, *names)))
