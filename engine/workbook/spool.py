"""Sheet rows parked in a temporary file until their sheet is written.

The export builds rows card by card in catalog order, but writes them sheet by sheet; holding
every row (or draft) of a 100,000-product catalog in memory until then would cost hundreds of
megabytes. Rows are packed with :mod:`marshal` (only str, int, float and None go in) in small
per-sheet buffers that spill to one temporary file, and come back sheet by sheet.
"""

from __future__ import annotations

import marshal
import struct
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from engine.workbook.rows import SheetRow
from engine.workbook.stream import Mark

_LENGTH = struct.Struct("<I")
_MARKS = {int(m): m for m in Mark}


class RowSpool:
    """Rows by sheet number, in the order they were added."""

    def __init__(self, buffer_size: int = 1 << 16) -> None:
        self._buffer_size = buffer_size
        # Closed by close() / the context manager, not by a with-block: it outlives __init__.
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="ozwb-rows-")  # noqa: SIM115
        self._end = 0
        self._segments: dict[int, list[tuple[int, int]]] = {}
        self._buffers: dict[int, bytearray] = {}

    def __enter__(self) -> RowSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()
        self._buffers.clear()

    def add(self, sheet: int, rows: Iterable[SheetRow]) -> None:
        """Park ``rows`` (usually one card's) for ``sheet``."""
        packed: list[Any] = [
            (row.values, tuple((pos, int(mark)) for pos, mark in row.marks.items()) if row.marks else None)
            for row in rows
        ]
        # One record per card: marshal writes the card values its size rows share only once.
        payload = marshal.dumps(packed)
        buffer = self._buffers.setdefault(sheet, bytearray())
        buffer += _LENGTH.pack(len(payload))
        buffer += payload
        if len(buffer) >= self._buffer_size:
            self._flush(sheet, buffer)

    def rows(self, sheet: int) -> Iterator[SheetRow]:
        """The rows parked for ``sheet``; each sheet is read once."""
        for offset, length in self._segments.pop(sheet, []):
            self._file.seek(offset)
            yield from _unpack(self._file.read(length))
        tail = self._buffers.pop(sheet, None)
        if tail:
            yield from _unpack(bytes(tail))

    def _flush(self, sheet: int, buffer: bytearray) -> None:
        self._file.seek(self._end)
        self._file.write(buffer)
        self._segments.setdefault(sheet, []).append((self._end, len(buffer)))
        self._end += len(buffer)
        buffer.clear()


def _unpack(data: bytes) -> Iterator[SheetRow]:
    view = memoryview(data)
    position = 0
    while position < len(view):
        (length,) = _LENGTH.unpack_from(view, position)
        position += _LENGTH.size
        # Our own temporary file, written by add() above: not untrusted input.
        for values, marks in marshal.loads(view[position : position + length]):  # noqa: S302
            yield SheetRow(values, {pos: _MARKS[mark] for pos, mark in marks} if marks else None)
        position += length
