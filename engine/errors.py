"""The engine's exception tree: one root, expected failures named by what happened.

Row-level problems are never exceptions (see ``RowIssue``); these are for calls
that cannot go on.
"""

from __future__ import annotations


class OzwbError(Exception):
    """Root of every error the engine raises on purpose."""


class ConfigurationError(OzwbError):
    """Settings are missing or contradict each other."""
