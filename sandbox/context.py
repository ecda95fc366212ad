"""What every emulator router shares: config, limiter, counters, seeded randomness."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from sandbox.config import SandboxConfig
from sandbox.ratelimit import BucketLimiter


@dataclass
class CallStats:
    """Requests seen per marketplace and route, for tests and benchmarks."""

    calls: Counter[str] = field(default_factory=Counter)
    faults: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def count_call(self, key: str) -> None:
        with self._lock:
            self.calls[key] += 1

    def count_fault(self, kind: str) -> None:
        with self._lock:
            self.faults[kind] += 1

    def count_event(self, name: str, n: int = 1) -> None:
        """Domain events worth asserting on, e.g. ``wb.duplicate_vendor_code``."""
        with self._lock:
            self.events[name] += n

    def snapshot(self) -> dict[str, dict[str, int]]:
        with self._lock:
            return {"calls": dict(self.calls), "faults": dict(self.faults), "events": dict(self.events)}

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.faults.clear()
            self.events.clear()


@dataclass
class SandboxContext:
    config: SandboxConfig
    limiter: BucketLimiter
    stats: CallStats
    rng: random.Random
    rng_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def create(cls, config: SandboxConfig) -> SandboxContext:
        return cls(config, BucketLimiter(config.speed), CallStats(), random.Random(config.seed))

    def now(self) -> float:
        """Wall-clock seconds; async WB processing is timed against this."""
        return time.time()

    def roll(self) -> float:
        with self.rng_lock:
            return self.rng.random()
