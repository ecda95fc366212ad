"""WB reference data a workbook is laid out with: the value directories and the subject specs.

Shared by the export (subjects the matcher suggested) and by everything that reads a seller's
workbook back — refresh, validation, push — (subjects its sheets and rows name), so all of them
fetch and build the specs the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from engine.drafts import Directories, SubjectChoice, SubjectSpec
from engine.mapping.subjects import build_subject_spec
from engine.wb.client import WbClient
from engine.workbook import STATIC_KEYS, WorkbookContent

TypeKey = tuple[int, int]
SUBJECT_KEY = STATIC_KEYS["subject"]


def top_choices(suggestions: Mapping[TypeKey, Sequence[SubjectChoice]]) -> list[SubjectChoice]:
    """The first suggestion of every Ozon type, once per subject, by subject id."""
    chosen = {c.subject_id: c for choices in suggestions.values() for c in choices[:1]}
    return [chosen[sid] for sid in sorted(chosen)]


def fetch_directories(wb: WbClient, subject_names: Sequence[str], subject_ids: Iterable[int]) -> Directories:
    """Every WB list the sheets offer as a dropdown; TN VED codes only for ``subject_ids`` (one call each)."""
    used = sorted(set(subject_ids))
    return Directories(
        subjects=tuple(sorted(subject_names)),
        colors=tuple(c.name for c in wb.get_colors()),
        kinds=tuple(wb.get_kinds()),
        countries=tuple(c.name for c in wb.get_countries()),
        seasons=tuple(wb.get_seasons()),
        vat=tuple(wb.get_vat()),
        tnved={sid: tuple(t.tnved for t in wb.get_tnved(sid)) for sid in used},
        warehouses={w.id: w.name for w in wb.list_warehouses()},
    )


def fetch_subject_specs(
    wb: WbClient, choices: Iterable[SubjectChoice], directories: Directories
) -> dict[int, SubjectSpec]:
    """A spec (characteristics with their value lists) per subject, by subject id."""
    unique = {c.subject_id: c for c in choices}
    return {
        sid: build_subject_spec(
            sid, choice.subject_name, choice.parent_name,
            [c.model_dump(by_alias=True) for c in wb.get_charcs(sid)], directories,
        )
        for sid, choice in sorted(unique.items())
    }


@dataclass(frozen=True)
class WorkbookReference:
    """What re-reading a seller's workbook needs from WB: the specs of its subjects and the directories."""

    specs: dict[int, SubjectSpec]
    directories: Directories
    subject_names: dict[int, str]  # every WB subject, id -> name


def fetch_workbook_reference(wb: WbClient, content: WorkbookContent) -> WorkbookReference:
    """Specs of every subject ``content`` needs, fetched fresh (WB changes characteristics over time)."""
    subjects = {s.subject_id: s for s in wb.iter_subjects()}
    needed = subjects_in_workbook(content, {sid: s.subject_name for sid, s in subjects.items()})
    choices = [SubjectChoice(sid, s.subject_name, s.parent_name, 1.0) for sid, s in subjects.items() if sid in needed]
    directories = fetch_directories(wb, [s.subject_name for s in subjects.values()], needed)
    return WorkbookReference(
        fetch_subject_specs(wb, choices, directories), directories,
        {sid: s.subject_name for sid, s in subjects.items()},
    )


def subjects_in_workbook(content: WorkbookContent, subject_names: Mapping[int, str]) -> set[int]:
    """Every sheet's own subject and every subject a row now names (by WB's name, any case and spacing).

    Unchanged sheets count too: a re-laid sheet needs its spec for dropdowns and required marks.
    """
    by_name = {_norm(name): sid for sid, name in subject_names.items()}
    found: set[int] = set()
    for table in content.tables:
        home = table.subject_id or by_name.get(_norm(table.title))
        if home and home in subject_names:
            found.add(home)
        for row in table.rows:
            chosen = by_name.get(_norm(str(row.get(SUBJECT_KEY) or "")))
            if chosen:
                found.add(chosen)
    return found


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()
