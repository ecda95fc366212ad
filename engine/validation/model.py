"""What validation hands on: typed, cleaned rows grouped into cards and upload groups, with their issues.

The push builds WB payloads from these without reading the sheet again; preview (``ozwb validate``)
and commit (the push) therefore see exactly the same values. A row's issues travel with it, so
the push can skip what is not ready and still write a result next to every row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from engine.drafts import CharcValue, Dimensions
from engine.issues import FileProblem, RowIssue
from engine.workbook.reader import SheetTable

# The charcIDs, and their values (a tuple of texts, or a number) in the same order: sheet order.
ParsedCharcs = tuple[tuple[int, ...], tuple[tuple[str, ...] | float, ...]]


class CharcValues(Mapping[int, CharcValue]):
    """A row's characteristics, made into a dict on first use from a parse shared by the rows with the same
    cells: a push reads only each card's first row, and 100,000 rows' dicts and lists made up front were
    ~1 M objects for the cyclic collector to walk. Each row still owns its dict and lists once made."""

    __slots__ = ("_parsed", "_values")

    def __init__(self, parsed: ParsedCharcs = ((), ())) -> None:
        self._parsed = parsed
        self._values: dict[int, CharcValue] | None = None

    def _made(self) -> dict[int, CharcValue]:
        if self._values is None:
            ids, values = self._parsed
            self._values = {cid: list(value) if isinstance(value, tuple) else value
                            for cid, value in zip(ids, values, strict=True)}
        return self._values

    def __getitem__(self, charc_id: int) -> CharcValue:
        return self._made()[charc_id]

    def __iter__(self) -> Iterator[int]:
        return iter(self._made())

    def __len__(self) -> int:
        return len(self._made())

    def __repr__(self) -> str:
        return repr(self._made())


@dataclass(slots=True)
class ValidatedRow:
    """One data row of the workbook (one WB size of a card), values parsed as WB takes them.

    Card-level fields repeat on every size row of a card in the sheet; here they are parsed per row
    and taken from the card's first row by :class:`ValidatedCard`. Read-only by contract but not
    ``frozen``: a frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, which
    made 100,000 rows cost 0.3 s more. ``RowParser`` builds rows positionally, in this field order.
    """

    sheet: str
    row: int  # 1-based sheet row
    vendor_code: str
    subject_name: str
    subject_id: int | None  # the WB subject of ``subject_name`` when known
    group: int | None  # the seller's «Группа» number: cards sharing it become one WB group
    title: str
    description: str
    brand: str
    vat: str
    photos: tuple[str, ...]
    dimensions: Dimensions | None  # only when all four values are valid
    characteristics: Mapping[int, CharcValue]  # charcID -> list of strings or one number; named fields excluded
    tech_size: str
    wb_size: str
    barcodes: tuple[str, ...]
    price: int | None
    discount: int | None
    stocks: Mapping[int, int]  # WB warehouse id -> amount
    ozon_offer_id: str
    ozon_product_id: int | None
    nm_id: int | None  # already created on WB (result columns of an earlier push)
    imt_id: int | None
    chrt_id: int | None
    extras: Mapping[str, str] = field(default_factory=dict)  # the seller's own columns, header -> text
    issues: tuple[RowIssue, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.issues


@dataclass(slots=True)
class ValidatedCard:
    """One WB card (``variants[]`` item): card fields from its first row, one size per row. Read-only by
    contract, not ``frozen``, for the reason :class:`ValidatedRow` gives."""

    vendor_code: str
    sheet: str
    subject_id: int | None
    subject_name: str
    group: int | None
    title: str
    description: str
    brand: str
    vat: str
    photos: tuple[str, ...]
    dimensions: Dimensions | None
    characteristics: Mapping[int, CharcValue]
    sizes: tuple[ValidatedRow, ...]
    nm_id: int | None
    imt_id: int | None

    @property
    def rows(self) -> tuple[int, ...]:
        return tuple(s.row for s in self.sizes)

    @property
    def issues(self) -> tuple[RowIssue, ...]:
        return tuple(i for s in self.sizes for i in s.issues)

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.sizes)


@dataclass(frozen=True, slots=True)
class ValidatedGroup:
    """One ``cards/upload`` element: the cards WB should merge (same «Группа»), or one standalone card."""

    subject_id: int | None
    group: int | None  # None: a standalone card
    cards: tuple[ValidatedCard, ...]

    @property
    def ok(self) -> bool:
        return self.subject_id is not None and all(c.ok for c in self.cards)


@dataclass(slots=True)
class ValidationReport:
    """The whole answer for one workbook: a file problem, or every row with its issues."""

    file_problem: FileProblem | None = None
    rows: list[ValidatedRow] = field(default_factory=list)
    cards: list[ValidatedCard] = field(default_factory=list)
    groups: list[ValidatedGroup] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)  # sheet order, then row, then column
    tables: list[SheetTable] = field(default_factory=list, repr=False)  # the cells as read, for the issues workbook

    @property
    def exit_code(self) -> int:
        """0 clean, 1 row issues, 2 a problem with the file itself (the CLI's exit status)."""
        if self.file_problem is not None:
            return 2
        return 1 if self.issues else 0

    def counts(self) -> dict[str, object]:
        flagged = {(i.sheet, i.row) for i in self.issues}
        data_rows = {(r.sheet, r.row) for r in self.rows}
        by_code = Counter(i.code.value for i in self.issues)
        return {
            "rows": len(self.rows),
            "rows_with_issues": len(flagged),
            "clean_rows": len(data_rows - flagged),
            "cards": len(self.cards),
            "ready_cards": sum(c.ok for c in self.cards),
            "groups": len(self.groups),
            "issues": len(self.issues),
            "by_code": dict(sorted(by_code.items())),
        }

    def to_dict(self) -> dict[str, object]:
        return {
            "file_problem": self.file_problem.to_dict() if self.file_problem is not None else None,
            "issues": [i.to_dict() for i in self.issues],
            "counts": self.counts(),
        }
