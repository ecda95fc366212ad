"""What validation knows about a workbook's subjects and about each data sheet's columns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from engine.drafts import CharcSpec, CharcType, Directories, SubjectSpec
from engine.workbook.columns import COVERED_CHARCS, HEAD_COLUMNS, TAIL_COLUMNS, Column, charc_key, key_charc_id
from engine.workbook.reader import SheetTable

STATIC_COLUMNS: dict[str, Column] = {c.key: c for c in (*HEAD_COLUMNS, *TAIL_COLUMNS)}
COVERING_KEYS: dict[int, str] = dict(COVERED_CHARCS)


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(slots=True)
class SubjectBook:
    """The WB subjects validation can judge against: full specs for some, bare names for the rest."""

    by_id: dict[int, SubjectSpec] = field(default_factory=dict)
    by_name: dict[str, SubjectSpec] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # normalised -> WB spelling, every known subject
    judged: bool = False  # False: nothing known, so no subject can be called unknown

    @classmethod
    def build(cls, subjects: Mapping[int, SubjectSpec] | Mapping[str, SubjectSpec] | None,
              directories: Directories | None) -> SubjectBook:
        book = cls()
        for spec in (subjects or {}).values():
            book.by_id[spec.subject_id] = spec
            book.by_name[norm(spec.name)] = spec
            book.names[norm(spec.name)] = spec.name
        for name in directories.subjects if directories is not None else ():
            book.names.setdefault(norm(name), name)
        book.judged = bool(book.names)
        return book

    def known(self, name: str) -> bool:
        return not self.judged or norm(name) in self.names

    def spec_for(self, table: SheetTable) -> SubjectSpec | None:
        if table.subject_id:
            return self.by_id.get(table.subject_id)
        if table.subject_id is None:
            return self.by_name.get(norm(table.title))
        return None  # 0: the sheet of rows without a subject

    def id_for(self, name: str) -> int | None:
        spec = self.by_name.get(norm(name))
        return spec.subject_id if spec is not None else None


@dataclass(slots=True)
class SheetContext:
    """One data sheet: its subject, and what each of its columns stands for."""

    table: SheetTable
    subject: SubjectSpec | None
    statics: dict[str, Column] = field(default_factory=dict)  # static column key -> definition
    covered: dict[str, CharcSpec] = field(default_factory=dict)  # static key -> the charc it stands for
    charcs: dict[str, CharcSpec] = field(default_factory=dict)  # characteristic column key -> charc
    missing: dict[str, CharcSpec] = field(default_factory=dict)  # required charcs with no column on the sheet

    @classmethod
    def build(cls, table: SheetTable, subject: SubjectSpec | None) -> SheetContext:
        context = cls(table, subject)
        specs = {c.charc_id: c for c in subject.charcs} if subject is not None else {}
        for key in table.columns:
            column = STATIC_COLUMNS.get(key)
            if column is not None:
                context.statics[key] = column
                if column.charc_id is not None and column.charc_id in specs:
                    context.covered[key] = specs[column.charc_id]
                continue
            charc_id = key_charc_id(key)
            if charc_id is None:
                continue
            context.charcs[key] = specs.get(charc_id) or _bare_charc(key, charc_id, table.headers.get(key, ""))
        present = {c.charc_id for c in context.charcs.values()} | {c.charc_id for c in context.covered.values()}
        for spec in specs.values():
            if spec.charc_id in present or not (spec.required or spec.required_for_create):
                continue
            if spec.charc_id in COVERING_KEYS:
                if COVERING_KEYS[spec.charc_id] in table.columns:
                    continue
                key = COVERING_KEYS[spec.charc_id]
            else:
                key = charc_key(spec.charc_id, 4 if spec.charc_type is CharcType.NUMBER else 1)
            context.missing[key] = spec
        return context

    @property
    def title(self) -> str:
        return self.table.title

    @property
    def subject_name(self) -> str:
        """The subject this sheet is for: its spec's name, else its title; "" for the no-subject sheet."""
        if self.subject is not None:
            return self.subject.name
        return "" if self.table.subject_id == 0 else self.table.title

    def header(self, key: str) -> str:
        """The column's header as the seller sees it (a missing column: its WB name)."""
        shown = self.table.headers.get(key)
        if shown:
            return shown
        if key in self.missing:
            return self.missing[key].name
        column = STATIC_COLUMNS.get(key)
        return column.header if column is not None else key


def _bare_charc(key: str, charc_id: int, header: str) -> CharcSpec:
    """A characteristic column whose subject spec is unknown: only its type (the key's suffix) is known."""
    number = key.endswith("_4")
    return CharcSpec(charc_id, header or key, CharcType.NUMBER if number else CharcType.STRING_LIST)
