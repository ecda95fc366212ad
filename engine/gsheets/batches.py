"""Cutting the export into calls that respect Google's quotas and its 2 MB payload advice.

Sizes are measured as the UTF-8 JSON actually sent, so the limits hold for Cyrillic text too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from engine.gsheets.address import a1_cell
from engine.gsheets.structure import Request
from engine.gsheets.tabs import Tab, ValueBlock

MAX_BODY_BYTES = 1_800_000  # under Google's recommended 2 MB per request, with room for the envelope
MAX_ROWS_PER_CALL = 4_000  # rows per values.batchUpdate: the research figure that stays under 2 MB


@dataclass(frozen=True, slots=True)
class Limits:
    body_bytes: int = MAX_BODY_BYTES
    rows: int = MAX_ROWS_PER_CALL


def json_size(item: object) -> int:
    return len(json.dumps(item, ensure_ascii=False, separators=(", ", ": ")).encode())


def request_batches(requests_: Iterable[Request], limits: Limits) -> Iterator[list[Request]]:
    """``batchUpdate`` bodies in order, each under the byte limit (a single oversized request goes alone)."""
    batch: list[Request] = []
    size = 0
    for request in requests_:
        cost = json_size(request) + 2
        if batch and size + cost > limits.body_bytes:
            yield batch
            batch, size = [], 0
        batch.append(request)
        size += cost
    if batch:
        yield batch


def value_batches(tabs: Iterable[Tab], limits: Limits) -> Iterator[list[dict[str, Any]]]:
    """``values.batchUpdate`` data lists: every tab's values, split by rows and bytes, several tabs per call.

    A line is a row, or a column of a ``by_columns`` block (the lookup lists); a block split between
    calls continues where the previous piece ended.
    """
    data: list[dict[str, Any]] = []
    lines = size = 0
    for tab in tabs:
        for block in tab.values:
            piece_start = 0
            for offset, line in enumerate(block.rows):
                cost = json_size(line) + 2
                if lines and (lines + 1 > limits.rows or size + cost > limits.body_bytes):
                    if offset > piece_start:
                        data.append(_value_range(tab, block, piece_start, offset))
                    yield data
                    data, lines, size, piece_start = [], 0, 0, offset
                lines += 1
                size += cost
            if len(block.rows) > piece_start:
                data.append(_value_range(tab, block, piece_start, len(block.rows)))
    if data:
        yield data


def _value_range(tab: Tab, block: ValueBlock, start: int, end: int) -> dict[str, Any]:
    if block.by_columns:
        anchor, dimension = a1_cell(tab.title, block.first_row, 1 + start), "COLUMNS"
    else:
        anchor, dimension = a1_cell(tab.title, block.first_row + start), "ROWS"
    return {"range": anchor, "majorDimension": dimension, "values": block.rows[start:end]}
