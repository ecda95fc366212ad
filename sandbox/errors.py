"""The root of the sandbox's exceptions: each emulator's own errors descend from :class:`SandboxError`."""

from __future__ import annotations


class SandboxError(Exception):
    """Root of every error the sandbox raises on purpose."""
