"""How one sandbox instance behaves: speed, injected faults, data sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sandbox.errors import SandboxError

FAULT_KINDS = ("429", "500", "timeout", "reset")


class FaultSpecError(SandboxError, ValueError):
    """A ``--faults`` string that cannot be parsed."""


@dataclass(frozen=True)
class FaultSpec:
    """Probabilities of injected faults per request, e.g. ``429=0.1,500=0.05``.

    ``429`` and ``500`` are answered before the request is processed; ``timeout``
    and ``reset`` happen *after* processing, so a write is applied but its answer
    is lost - the case that tempts a client into duplicating it.
    """

    rates: dict[str, float] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str | None) -> FaultSpec:
        rates: dict[str, float] = {}
        for raw in (text or "").split(","):
            part = raw.strip()
            if not part:
                continue
            kind, sep, value = part.partition("=")
            kind = kind.strip()
            if not sep or kind not in FAULT_KINDS:
                raise FaultSpecError(f"unknown fault {part!r}; expected one of {', '.join(FAULT_KINDS)} as KIND=P")
            try:
                prob = float(value)
            except ValueError as exc:
                raise FaultSpecError(f"fault probability {value!r} is not a number") from exc
            if not 0.0 <= prob <= 1.0:
                raise FaultSpecError(f"fault probability {prob} is outside [0, 1]")
            rates[kind] = prob
        if sum(rates.values()) > 1.0:
            raise FaultSpecError("fault probabilities add up to more than 1")
        return cls(rates)

    @property
    def active(self) -> bool:
        return any(p > 0 for p in self.rates.values())


@dataclass(frozen=True)
class SandboxConfig:
    """Knobs of one sandbox process; defaults behave like the real marketplaces."""

    speed: float = 1.0
    faults: FaultSpec = field(default_factory=FaultSpec)
    seed: int = 1
    catalog_size: int | None = None
    wb_subjects_file: Path | None = None
    state_file: Path | None = None
    fault_hang_seconds: float = 30.0
    # WB creates a card some time after accepting it; real WB takes seconds to minutes.
    card_creation_delay: float = 5.0

    def scaled(self, seconds: float) -> float:
        """A real-world delay as this sandbox runs it."""
        return seconds / self.speed
