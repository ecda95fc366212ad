"""What a push leaves the seller: their workbook with every row's result, a summary with a chart, and a
"to fix" workbook of the rows that did not make it (same layout, ready to validate and push again).

Public API: :func:`write_results` (and :func:`write_to_fix`), :class:`ResultsSummary`.
"""

from engine.results.summary import ResultsSummary, summarise
from engine.results.workbook import write_results, write_to_fix

__all__ = ["ResultsSummary", "summarise", "write_results", "write_to_fix"]
