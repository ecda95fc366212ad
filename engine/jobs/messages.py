"""One Russian line for a job that stopped on an expected failure (never a traceback, never a key)."""

from __future__ import annotations

from engine.failures import SERVICE, describe_failure


def failure_text(exc: BaseException) -> str:
    """:func:`engine.failures.describe_failure` worded for the web service."""
    return describe_failure(exc, SERVICE)
