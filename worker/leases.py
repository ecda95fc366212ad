"""Who is running a push right now: a lease in Redis, kept alive by a heartbeat while a slice runs.

Only the holder of a job's lease may run a slice of it, so a push never runs twice at once even if
two queue entries exist for it. A worker that dies (SIGKILL, power) stops renewing; the lease runs
out after ``LEASE_SECONDS`` and the push is picked up again (see ``worker.queueing.recover_pushes``).
"""

from __future__ import annotations

import secrets
import threading
from types import TracebackType

import redis

LEASE_SECONDS = 6.0

# KEYS[1]: the lease. ARGV[1]: our token, ARGV[2]: milliseconds. Extend or drop only our own lease.
_EXTEND = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


def lease_key(prefix: str, job_id: int) -> str:
    return f"{prefix}lease:{job_id}"


def lease_alive(client: redis.Redis, prefix: str, job_id: int) -> bool:
    return bool(client.exists(lease_key(prefix, job_id)))


class Lease:
    """``with Lease(...) as held:`` — ``held`` is False when someone else runs the job."""

    def __init__(self, client: redis.Redis, prefix: str, job_id: int, seconds: float = LEASE_SECONDS) -> None:
        self._redis = client
        self._key = lease_key(prefix, job_id)
        self._token = secrets.token_hex(8)
        self._millis = int(seconds * 1000)
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None
        self.held = False
        self._extend = client.register_script(_EXTEND)
        self._release = client.register_script(_RELEASE)

    def __enter__(self) -> bool:
        self.held = bool(self._redis.set(self._key, self._token, nx=True, px=self._millis))
        if self.held:
            self._beat = threading.Thread(target=self._heartbeat, name=f"lease {self._key}", daemon=True)
            self._beat.start()
        return self.held

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop.set()
        if self._beat is not None:
            self._beat.join(timeout=5)
        if self.held:
            self._release(keys=[self._key], args=[self._token])

    def _heartbeat(self) -> None:
        while not self._stop.wait(self._millis / 3000):
            try:
                self._extend(keys=[self._key], args=[self._token, self._millis])
            except redis.RedisError:
                continue  # a blip: the next beat tries again before the lease runs out
