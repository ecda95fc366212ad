"""WB reference data a workbook is laid out with: the value directories and the subject specs.

Shared by the export (subjects the matcher suggested) and by everything that reads a seller's
workbook back — refresh, validation, push — (subjects its sheets and rows name), so all of them
fetch and build the specs the same way.

Subjects, characteristics and the value lists are the same for every seller and change rarely;
WB asks integrators to cache them, and fetching them costs an export ~40 s of WB's 100 content
requests a minute. :class:`ReferenceCache` keeps them on disk per WB host and locale. Warehouses
belong to the seller and are always fetched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel

from engine.drafts import Directories, SubjectChoice, SubjectSpec
from engine.mapping.subjects import build_subject_spec
from engine.reference_cache import ReferenceCache
from engine.wb.client import WbClient
from engine.wb.models import Charc, Color, Country, Subject, Tnved
from engine.workbook import STATIC_KEYS, WorkbookContent

TypeKey = tuple[int, int]
SUBJECT_KEY = STATIC_KEYS["subject"]
ModelT = TypeVar("ModelT", bound=BaseModel)


class WbReference:
    """WB's reference lists through ``cache`` (None: always asked of WB)."""

    def __init__(self, wb: WbClient, cache: ReferenceCache | None = None) -> None:
        self.wb = wb
        self.cache = cache

    def subjects(self) -> list[Subject]:
        return self._models("subjects", Subject, lambda: list(self.wb.iter_subjects()))

    def charcs(self, subject_id: int) -> list[Charc]:
        return self._models(f"charcs-{subject_id}", Charc, lambda: self.wb.get_charcs(subject_id))

    def tnved(self, subject_id: int) -> list[Tnved]:
        return self._models(f"tnved-{subject_id}", Tnved, lambda: self.wb.get_tnved(subject_id))

    def colors(self) -> list[Color]:
        return self._models("colors", Color, self.wb.get_colors)

    def countries(self) -> list[Country]:
        return self._models("countries", Country, self.wb.get_countries)

    def texts(self, name: str) -> list[str]:
        """One of WB's plain text lists: ``kinds``, ``seasons`` or ``vat``."""
        fetch = {"kinds": self.wb.get_kinds, "seasons": self.wb.get_seasons, "vat": self.wb.get_vat}[name]
        if self.cache is None:
            return fetch()
        return [str(v) for v in self.cache.get_or_fetch(name, fetch)]

    def _models(self, name: str, model: type[ModelT], fetch: Callable[[], list[ModelT]]) -> list[ModelT]:
        if self.cache is None:
            return fetch()
        items = self.cache.get_or_fetch(
            name, lambda: [m.model_dump(mode="json", by_alias=True) for m in fetch()],
            check=lambda data: [model.model_validate(item) for item in data],
        )
        return [model.model_validate(item) for item in items]


@dataclass(frozen=True)
class ReferenceLists:
    """WB's plain value lists (the same for every subject) and the seller's warehouses."""

    colors: tuple[str, ...]
    kinds: tuple[str, ...]
    countries: tuple[str, ...]
    seasons: tuple[str, ...]
    vat: tuple[str, ...]
    warehouses: dict[int, str]


def fetch_lists(reference: WbReference) -> ReferenceLists:
    return ReferenceLists(
        colors=tuple(c.name for c in reference.colors()),
        kinds=tuple(reference.texts("kinds")),
        countries=tuple(c.name for c in reference.countries()),
        seasons=tuple(reference.texts("seasons")),
        vat=tuple(reference.texts("vat")),
        warehouses={w.id: w.name for w in reference.wb.list_warehouses()},
    )


def top_choices(suggestions: Mapping[TypeKey, Sequence[SubjectChoice]]) -> list[SubjectChoice]:
    """The first suggestion of every Ozon type, once per subject, by subject id."""
    chosen = {c.subject_id: c for choices in suggestions.values() for c in choices[:1]}
    return [chosen[sid] for sid in sorted(chosen)]


def directories_for(
    reference: WbReference, lists: ReferenceLists, subject_names: Iterable[str], subject_ids: Iterable[int]
) -> Directories:
    """Every WB list the sheets offer as a dropdown; TN VED codes only for ``subject_ids`` (one call each)."""
    used = sorted(set(subject_ids))
    return Directories(
        subjects=tuple(sorted(subject_names)),
        colors=lists.colors,
        kinds=lists.kinds,
        countries=lists.countries,
        seasons=lists.seasons,
        vat=lists.vat,
        tnved={sid: tuple(t.tnved for t in reference.tnved(sid)) for sid in used},
        warehouses=dict(lists.warehouses),
    )


def fetch_directories(
    wb: WbClient, subject_names: Sequence[str], subject_ids: Iterable[int], *, cache: ReferenceCache | None = None
) -> Directories:
    """Every WB list the sheets offer as a dropdown, the subject list given by name."""
    reference = WbReference(wb, cache)
    return directories_for(reference, fetch_lists(reference), subject_names, subject_ids)


def fetch_subject_specs(
    wb: WbClient | WbReference, choices: Iterable[SubjectChoice], directories: Directories
) -> dict[int, SubjectSpec]:
    """A spec (characteristics with their value lists) per subject, by subject id."""
    reference = wb if isinstance(wb, WbReference) else WbReference(wb)
    unique = {c.subject_id: c for c in choices}
    return {
        sid: build_subject_spec(
            sid, choice.subject_name, choice.parent_name,
            [c.model_dump(by_alias=True) for c in reference.charcs(sid)], directories,
        )
        for sid, choice in sorted(unique.items())
    }


@dataclass(frozen=True)
class WorkbookReference:
    """What re-reading a seller's workbook needs from WB: the specs of its subjects and the directories."""

    specs: dict[int, SubjectSpec]
    directories: Directories
    subject_names: dict[int, str]  # every WB subject, id -> name


def fetch_workbook_reference(
    wb: WbClient, content: WorkbookContent, *, cache: ReferenceCache | None = None
) -> WorkbookReference:
    """Specs of every subject ``content`` needs; fetched fresh unless a ``cache`` is given (WB changes
    characteristics over time, and a push must check against today's)."""
    reference = WbReference(wb, cache)
    subjects = {s.subject_id: s for s in reference.subjects()}
    needed = subjects_in_workbook(content, {sid: s.subject_name for sid, s in subjects.items()})
    choices = [SubjectChoice(sid, s.subject_name, s.parent_name, 1.0) for sid, s in subjects.items() if sid in needed]
    directories = directories_for(
        reference, fetch_lists(reference), [s.subject_name for s in subjects.values()], needed
    )
    return WorkbookReference(
        fetch_subject_specs(reference, choices, directories), directories,
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
