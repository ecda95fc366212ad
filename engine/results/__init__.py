"""What a push leaves the seller: their workbook with every row's result, a summary with a chart, and a
"to fix" workbook of the rows that did not make it (same layout, ready to validate and push again).
When the source was a Google Sheet, the same result cells and summary go back into it.

Public API: :func:`write_push_end` (everything a push leaves, for the CLI and the web),
:func:`write_results` (and :func:`write_to_fix`), :func:`write_results_to_google_sheet`,
:func:`write_tables_workbook` (an xlsx copy of sheets read from Google, to write ``result.xlsx`` from),
:class:`ResultsSummary`.
"""

from engine.results.gsheet import GoogleResults, write_results_to_google_sheet
from engine.results.push_end import GoogleSource, PushEnd, write_push_end
from engine.results.snapshot import write_tables_workbook
from engine.results.summary import ResultsSummary, summarise
from engine.results.workbook import write_results, write_to_fix

__all__ = [
    "GoogleResults",
    "GoogleSource",
    "PushEnd",
    "ResultsSummary",
    "summarise",
    "write_push_end",
    "write_results",
    "write_results_to_google_sheet",
    "write_tables_workbook",
    "write_to_fix",
]
