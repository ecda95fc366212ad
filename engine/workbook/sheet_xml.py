"""The ``<sheetData>`` of a streamed sheet, serialised by hand.

openpyxl builds an lxml element per cell, which was half of the export's write. Here a row is
one joined string: text as inline strings (already cleaned of XML-illegal characters by
:func:`engine.workbook.stream.clean_text`, and escaped here), numbers as numbers, styles by the
workbook's style index — the same XML openpyxl writes, in UTF-8. Everything around the rows
(columns, panes, merged cells, validations) is still openpyxl's, through the same writer.
"""

from __future__ import annotations

from typing import IO, Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import xmlfile

FLUSH_AT = 1 << 18  # characters buffered before they go to the file
_LETTERS: list[str] = ["", *(str(get_column_letter(i)) for i in range(1, 16_385))]
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def escape_text(value: str) -> str:
    return value.translate(_ESCAPES) if ("&" in value or "<" in value or ">" in value or "\r" in value) else value


def number_text(value: int | float) -> str:
    """A number as openpyxl writes it (``safe_string``: 16 significant digits)."""
    return "%.16g" % value  # noqa: UP031 - the exact format openpyxl uses


def text_xml(reference: str, style_id: int, value: str) -> str:
    """One inline-string cell; ``style_id`` 0 writes no style."""
    style = f' s="{style_id}"' if style_id else ""
    if not value:
        return f'<c r="{reference}"{style} t="inlineStr"/>'
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    return f'<c r="{reference}"{style} t="inlineStr"><is><t{space}>{escape_text(value)}</t></is></c>'


def empty_text_xml(reference: str, style_id: int) -> str:
    """An empty styled text cell (the blanks of a merged header block)."""
    style = f' s="{style_id}"' if style_id else ""
    return f'<c r="{reference}"{style} t="inlineStr"/>'


def number_xml(reference: str, style_id: int, value: int | float | None) -> str:
    """One number cell; None writes the empty styled cell a highlighted blank needs."""
    style = f' s="{style_id}"' if style_id else ""
    if value is None:
        return f'<c r="{reference}"{style} t="n"/>'
    return f'<c r="{reference}"{style} t="n"><v>{number_text(value)}</v></c>'


def column_letter(position: int) -> str:
    return _LETTERS[position]


class RawRowsWriter(WorksheetWriter):  # type: ignore[misc]
    """openpyxl's sheet writer with the rows written straight into its output file.

    The top and the tail go through openpyxl's lxml stream as before; the stream shares our file
    handle and is flushed before the raw ``<sheetData>`` goes in, so the parts land in order.
    """

    def __init__(self, ws: Any) -> None:
        self._handle: IO[bytes] | None = None
        super().__init__(ws)
        self._pending: list[str] = []
        self._size = 0
        self._open = False

    def get_stream(self) -> Any:
        """openpyxl's stream generator, on our own handle of its output file."""
        self._handle = open(self.out, "wb")  # noqa: SIM115 - closed in close()
        with xmlfile(self._handle) as xf, xf.element("worksheet", xmlns=SHEET_MAIN_NS):
            try:
                while True:
                    el = yield
                    if el is True:
                        yield xf
                    elif el is not None:
                        xf.write(el)
            except GeneratorExit:
                pass

    def begin_rows(self) -> None:
        xf = self.xf.send(True)
        xf.flush()
        self._open = True
        self.add("<sheetData>")

    def add(self, xml: str) -> None:
        self._pending.append(xml)
        self._size += len(xml)
        if self._size >= FLUSH_AT:
            self._drain()

    def end_rows(self) -> None:
        if not self._open:
            self.begin_rows()
        self.add("</sheetData>")
        self._drain()
        self._open = False
        self.xf.send(None)  # back to openpyxl's stream for the tail

    def _drain(self) -> None:
        assert self._handle is not None
        self._handle.write("".join(self._pending).encode("utf-8"))
        self._pending.clear()
        self._size = 0

    def close(self) -> None:
        super().close()
        if self._handle is not None:
            self._handle.close()
            self._handle = None

