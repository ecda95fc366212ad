"""pandera schemas built at run time, one per data sheet from its WB subject, and their failures as issues.

The only module that touches pandera. Each column's rules (``cell_rules``) become one vectorised check
(an empty required cell is pandera's own not-nullable check); a lazy validation collects every failing
cell at once, and each failure case (column, check, value, index = sheet row) becomes a ``RowIssue`` per
rule the value breaks, with the rule's Russian message, never pandera's English.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import filterfalse

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from engine.issues import IssueCode, RowIssue
from engine.validation.cell_rules import CellRule, rules_for
from engine.validation.context import SheetContext, SubjectBook
from engine.validation.values import ReadValue

_NOT_NULLABLE = "not_nullable"
_RULES = "rules"  # the one check of a column holding all its cell rules


@dataclass(slots=True)
class SheetSchema:
    """A sheet's pandera schema and, per column key, its rules and the messages of its empty cells."""

    schema: pa.DataFrameSchema
    keys: list[str]  # the columns the frame must carry, present on the sheet or not
    rules: dict[str, ColumnCheck] = field(default_factory=dict)
    required: dict[str, str] = field(default_factory=dict)  # column key -> message for an empty cell


class ColumnCheck:
    """All rules of one column as one pandera check, judged once per distinct value (most columns repeat a
    handful); empty cells pass. pandera's cost per check and per failing check is paid once per column, and
    the issues a failing value means are kept here, so each distinct value's messages are written once."""

    def __init__(self, rules: tuple[CellRule, ...]) -> None:
        self.rules = rules
        self.failed: dict[object, tuple[tuple[IssueCode, str], ...]] = {}  # value -> its issues, rule order

    def __deepcopy__(self, memo: dict[int, object]) -> ColumnCheck:
        return self  # pandera copies the schema it runs; the verdicts must land where validate_sheet reads them

    def __call__(self, series: pd.Series) -> pd.Series:
        values = series.to_numpy()
        # The reader makes whole floats ints, so equal keys (1 == 1.0) never need two verdicts.
        distinct = set(values)
        judged: list[ReadValue] = [value for value in distinct if not _empty(value)]
        broken: dict[ReadValue, list[CellRule]] = {}
        for rule in self.rules:
            for value in filterfalse(rule.test, judged):  # the tests run in C's loop, not a Python one
                broken.setdefault(value, []).append(rule)
        if not broken:  # the usual column: nothing to map back to the cells
            return pd.Series(np.ones(len(values), dtype=bool), index=series.index)
        verdicts = dict.fromkeys(distinct, True)
        for value, rules in broken.items():  # each value's rules in rule order
            verdicts[value] = False
            self.failed[value] = tuple((rule.code, rule.message(value)) for rule in rules)
        return pd.Series(np.fromiter(map(verdicts.__getitem__, values), dtype=bool, count=len(values)),
                         index=series.index)


def _empty(value: object) -> bool:
    return value is None or (type(value) is float and math.isnan(value))


def build_schema(context: SheetContext, book: SubjectBook) -> SheetSchema:
    """The schema of one sheet: its subject's characteristics plus the static rules."""
    columns: dict[str, pa.Column] = {}
    built = SheetSchema(pa.DataFrameSchema(), [])
    for key in (*context.table.columns, *context.missing):
        found = rules_for(context, key, book)
        if found is None or (not found.required and not found.rules):
            continue
        checks = []
        if found.rules:
            check = built.rules[key] = ColumnCheck(found.rules)
            # the check itself passes empty cells, so pandera need not drop them first
            checks.append(pa.Check(check, name=_RULES, ignore_na=False))
        if found.required:
            built.required[key] = found.required
        columns[key] = pa.Column(None, checks, nullable=not found.required, required=True, name=key)
    built.schema = pa.DataFrameSchema(columns, name=context.title)
    built.keys = list(columns)
    return built


def sheet_frame(context: SheetContext, keys: list[str]) -> pd.DataFrame:
    """The sheet's rows as a frame indexed by sheet row number; a column the sheet lacks is all empty."""
    rows = context.table.rows
    positions = context.table.positions
    by_position = list(zip(*(r.values for r in rows), strict=True)) if rows else []
    empty: tuple[ReadValue, ...] = (None,) * len(rows)
    data = {key: by_position[positions[key]] if key in positions and by_position else empty for key in keys}
    index = pd.Index([r.row for r in rows], name="row", dtype="int64")
    return pd.DataFrame(data, index=index, dtype=object)


def validate_sheet(context: SheetContext, book: SubjectBook) -> Iterator[RowIssue]:
    """Every cell of the sheet that breaks a column rule, as issues (unordered)."""
    built = build_schema(context, book)
    if not built.keys or not context.table.rows:
        return
    frame = sheet_frame(context, built.keys)
    try:
        built.schema.validate(frame, lazy=True)
    except SchemaErrors as errors:
        cases = errors.failure_cases
        headers: dict[str, str] = {}
        for key, check, value, row in zip(cases["column"].tolist(), cases["check"].tolist(),
                                          cases["failure_case"].tolist(), cases["index"].tolist(), strict=True):
            found = _issues_of(built, str(key), str(check), value)
            if found is None or _is_missing(row):
                raise  # a failure we did not ask for is a bug, not a seller's mistake
            header = headers.get(key)
            if header is None:
                header = headers[key] = context.header(str(key))
            for code, message in found:
                yield RowIssue(context.title, int(row), header, code, message)


def _issues_of(built: SheetSchema, key: str, check: str, value: object) -> tuple[tuple[IssueCode, str], ...] | None:
    """The issues one failure case means; None for a failure no rule of ours asked for."""
    if check == _NOT_NULLABLE:
        message = built.required.get(key)
        return ((IssueCode.REQUIRED, message),) if message is not None else None
    rules = built.rules.get(key) if check == _RULES else None
    if rules is None:
        return None
    try:
        return rules.failed.get(value)
    except TypeError:  # an unhashable failure case was never one of our verdicts
        return None


def _is_missing(value: object) -> bool:
    if value is None or isinstance(value, str | int):  # the common cases, without pandas' cost
        return value is None
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False
