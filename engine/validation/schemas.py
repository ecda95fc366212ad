"""pandera schemas built at run time, one per data sheet from its WB subject, and their failures as issues.

The only module that touches pandera. Each column's rules (``cell_rules``) become vectorised checks
named after their issue code; a lazy validation collects every failing cell at once, and each
failure case (column, check, value, index = sheet row) becomes a ``RowIssue`` with the rule's
Russian message, never pandera's English.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from engine.issues import IssueCode, RowIssue
from engine.validation.cell_rules import Message, Test, rules_for
from engine.validation.context import SheetContext, SubjectBook
from engine.validation.values import ReadValue

_NOT_NULLABLE = "not_nullable"


@dataclass(slots=True)
class SheetSchema:
    """A sheet's pandera schema and, per (column key, check name), the issue a failure means."""

    schema: pa.DataFrameSchema
    keys: list[str]  # the columns the frame must carry, present on the sheet or not
    meanings: dict[tuple[str, str], tuple[IssueCode, Message]] = field(default_factory=dict)


def _vectorised(test: Test) -> Callable[[pd.Series], pd.Series]:
    """``test`` over a column, once per distinct value (most columns repeat a handful); empty cells pass."""

    def check(series: pd.Series) -> pd.Series:
        values = series.to_numpy()
        # Empty cells pass. The reader makes whole floats ints, so equal keys (1 == 1.0) never need two verdicts.
        verdicts = {value: _empty(value) or bool(test(value)) for value in set(values)}
        return pd.Series(np.fromiter(map(verdicts.__getitem__, values), dtype=bool, count=len(values)),
                         index=series.index)

    return check


def _empty(value: object) -> bool:
    return value is None or (type(value) is float and math.isnan(value))


def _required(message: str) -> Message:
    def text(_: ReadValue) -> str:
        return message

    return text


def build_schema(context: SheetContext, book: SubjectBook) -> SheetSchema:
    """The schema of one sheet: its subject's characteristics plus the static rules."""
    columns: dict[str, pa.Column] = {}
    meanings: dict[tuple[str, str], tuple[IssueCode, Message]] = {}
    for key in (*context.table.columns, *context.missing):
        found = rules_for(context, key, book)
        if found is None or (not found.required and not found.rules):
            continue
        checks = []
        for number, rule in enumerate(found.rules):
            name = f"{rule.code.value}#{number}"
            # the check itself passes empty cells, so pandera need not drop them first
            checks.append(pa.Check(_vectorised(rule.test), name=name, ignore_na=False))
            meanings[(key, name)] = (rule.code, rule.message)
        if found.required:
            meanings[(key, _NOT_NULLABLE)] = (IssueCode.REQUIRED, _required(found.required))
        columns[key] = pa.Column(None, checks, nullable=not found.required, required=True, name=key)
    return SheetSchema(pa.DataFrameSchema(columns, name=context.title), list(columns), meanings)


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
            meaning = built.meanings.get((str(key), str(check)))
            if meaning is None or _is_missing(row):
                raise  # a failure we did not ask for is a bug, not a seller's mistake
            code, message = meaning
            cell: ReadValue = None if _is_missing(value) else value
            header = headers.get(key)
            if header is None:
                header = headers[key] = context.header(str(key))
            yield RowIssue(context.title, int(row), header, code, message(cell))


def _is_missing(value: object) -> bool:
    if value is None or isinstance(value, str | int):  # the common cases, without pandas' cost
        return value is None
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False
