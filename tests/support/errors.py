"""The support package's exception tree."""

from __future__ import annotations


class SpecHarnessError(Exception):
    """Root of everything the spec harness raises on purpose."""


class SpecRepairError(SpecHarnessError):
    """A spec repair no longer finds what it was written for (the spec file changed)."""


class UnknownOperationError(SpecHarnessError):
    """The sandbox URL maps to no operation of the spec."""


class NonConformanceError(SpecHarnessError, AssertionError):
    """An exchange breaks the spec; an AssertionError so pytest reports it as a test failure."""
