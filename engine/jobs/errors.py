"""Errors of the web jobs service; row problems stay data in the reports."""

from __future__ import annotations

from engine.errors import OzwbError


class JobsError(OzwbError):
    """Root of the jobs service's errors."""


class JobInputError(JobsError):
    """The seller asked for something that cannot run (wrong connection kind, no WB token…); Russian message."""
