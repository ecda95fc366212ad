"""The validation package's exceptions, under the engine's root ``OzwbError``.

Row problems are never raised (they are ``RowIssue`` data); a file that cannot be validated at all
is raised internally as :class:`FileRejectedError` and handed to the caller as one ``FileProblem``.
"""

from __future__ import annotations

from engine.errors import OzwbError
from engine.issues import FileProblem


class ValidationError(OzwbError):
    """Validation could not run to the end."""


class FileRejectedError(ValidationError):
    """The file itself is unusable (not a workbook, encrypted, too large, no known sheet…)."""

    def __init__(self, problem: FileProblem) -> None:
        self.problem = problem
        super().__init__(f"{problem.code.value}: {problem.message}")
