"""Counts of a push per row status and per step, and the summary sheet that shows them with a chart."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from engine.push.outcome import RowResult
from engine.push.states import ROW_LABELS, RowStatus
from engine.workbook.stream import clean_text

SUMMARY_SHEET = "Итоги переноса"
STEP_TITLES = (("step_card", "Карточка"), ("step_photos", "Фото"), ("step_price", "Цена"), ("step_stock", "Остатки"))


@dataclass
class ResultsSummary:
    rows: int = 0
    by_status: Counter[str] = field(default_factory=Counter)  # RowStatus value -> rows
    by_step: dict[str, Counter[str]] = field(default_factory=dict)  # step title -> label -> rows
    to_fix: int = 0  # rows in the "to fix" workbook

    def to_dict(self) -> dict[str, object]:
        return {"rows": self.rows, "by_status": dict(self.by_status),
                "by_step": {k: dict(v) for k, v in self.by_step.items()}, "to_fix": self.to_fix}


def needs_fixing(result: RowResult) -> bool:
    """Rows the seller has to look at again: refused, failed, or skipped for a problem in the row."""
    return result.status in (RowStatus.REJECTED, RowStatus.FAILED) or (
        result.status == RowStatus.SKIPPED and result.nm_id is None)


def summarise(results: list[RowResult]) -> ResultsSummary:
    summary = ResultsSummary(rows=len(results))
    summary.by_status.update(r.status for r in results)
    for attribute, title in STEP_TITLES:
        summary.by_step[title] = Counter(getattr(r, attribute) or "—" for r in results)
    summary.to_fix = sum(needs_fixing(r) for r in results)
    return summary


def summary_lines(summary: ResultsSummary, info: dict[str, str]) -> list[list[object]]:
    """The summary sheet's cells as rows, for a Google Sheet (the xlsx sheet below has the same layout)."""
    lines: list[list[object]] = [["Результат переноса карточек на WB"], []]
    lines.extend([key, value] for key, value in info.items())
    lines.extend([[], ["Статус строки", "Строк"]])
    statuses = [s for s in RowStatus if summary.by_status.get(s)] or [RowStatus.CREATED]
    lines.extend([ROW_LABELS[s], summary.by_status.get(s, 0)] for s in statuses)
    for title, counts in summary.by_step.items():
        lines.extend([[], [f"Шаг: {title}", "Строк"]])
        lines.extend([label, count] for label, count in counts.most_common())
    return lines


def write_summary_sheet(book: Any, summary: ResultsSummary, info: dict[str, str]) -> None:
    """A first sheet: rows per status (with a bar chart), then each step's outcomes."""
    if SUMMARY_SHEET in book.sheetnames:
        del book[SUMMARY_SHEET]
    sheet = book.create_sheet(SUMMARY_SHEET, 0)
    bold = Font(bold=True)
    sheet["A1"] = "Результат переноса карточек на WB"
    sheet["A1"].font = Font(bold=True, size=14)
    line = 3
    for key, value in info.items():
        _text(sheet, line, 1, key)
        _text(sheet, line, 2, value)
        line += 1
    line += 1
    _text(sheet, line, 1, "Статус строки").font = bold
    _text(sheet, line, 2, "Строк").font = bold
    first = line + 1
    statuses = [s for s in RowStatus if summary.by_status.get(s)] or [RowStatus.CREATED]
    for status in statuses:
        line += 1
        _text(sheet, line, 1, ROW_LABELS[status])
        sheet.cell(row=line, column=2, value=summary.by_status.get(status, 0))
    last = line
    line += 2
    for title, counts in summary.by_step.items():
        _text(sheet, line, 1, f"Шаг: {title}").font = bold
        _text(sheet, line, 2, "Строк").font = bold
        for label, count in counts.most_common():
            line += 1
            _text(sheet, line, 1, label)
            sheet.cell(row=line, column=2, value=count)
        line += 2
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 14
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Строки по статусам"
    chart.legend = None
    chart.y_axis.title = "Строк"
    chart.add_data(Reference(sheet, min_col=2, min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    chart.height, chart.width = 7.5, 16
    sheet.add_chart(chart, "D3")


def _text(sheet: Any, row: int, column: int, value: str) -> Any:
    cell = sheet.cell(row=row, column=column)
    cell.value = clean_text(value)  # the book's name is the seller's: openpyxl refuses control characters
    cell.data_type = "s"  # a seller's text never becomes a formula
    return cell
