"""A rate limiter shared by every worker process: token buckets kept in Redis.

Several workers may act for one seller account at once, and WB counts limits per account,
so they must draw from one bucket. Each take is one Lua script run, atomic inside Redis,
timed by Redis's own clock (``TIME``) so processes on different machines agree.
Buckets hold the same semantics as :class:`engine.ratelimit.LocalRateLimiter`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import redis

from engine.ratelimit import RateLimit, RateLimiter, shared_limiter
from engine.settings import Settings

DEFAULT_PREFIX = "ozwb:ratelimit:"

# KEYS[1]: the bucket hash. ARGV: mode, rate (tokens/s), burst, amount.
#   mode "take":    spend ``amount`` if a token is there; return "0" or the seconds to wait.
#   mode "penalize": nobody takes before now + ``amount`` seconds; one token then.
#   mode "charge":  spend ``amount`` more without waiting.
# Numbers travel as strings: Redis would truncate Lua floats returned as integers.
_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local mode = ARGV[1]
local rate = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local amount = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'stamp')
local tokens = tonumber(state[1])
local stamp = tonumber(state[2])
if tokens == nil or stamp == nil then
  tokens = burst
  stamp = now
end
if now > stamp then
  tokens = math.min(burst, tokens + (now - stamp) * rate)
  stamp = now
end
local wait = 0
if mode == 'take' then
  if stamp > now then
    wait = stamp - now
  elseif tokens >= 1 - 1e-9 then
    tokens = tokens - amount
  else
    wait = (1 - tokens) / rate
  end
elseif mode == 'penalize' then
  if now + amount > stamp then
    tokens = 1
    stamp = now + amount
  end
elseif mode == 'charge' then
  tokens = tokens - amount
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'stamp', tostring(stamp))
local idle = math.max(stamp - now, 0) + (burst - math.min(tokens, burst)) / rate + 60
redis.call('PEXPIRE', KEYS[1], math.ceil(idle * 1000))
return tostring(wait)
"""


class RedisRateLimiter:
    """:class:`engine.ratelimit.RateLimiter` over Redis; keys are ``prefix + key + ":" + bucket``."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        speed: float = 1.0,
        prefix: str = DEFAULT_PREFIX,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._redis = client
        self._speed = speed
        self._prefix = prefix
        self._sleep = sleep
        self._script = client.register_script(_SCRIPT)

    @classmethod
    def from_url(cls, url: str, *, speed: float = 1.0, prefix: str = DEFAULT_PREFIX) -> RedisRateLimiter:
        return cls(redis.Redis.from_url(url), speed=speed, prefix=prefix)

    def __repr__(self) -> str:
        # The URL may carry a password: never show it.
        return f"RedisRateLimiter(prefix={self._prefix!r}, speed={self._speed})"

    def acquire(self, key: str, bucket: RateLimit, cost: float = 1) -> float:
        waited = 0.0
        while True:
            wait = self._run("take", key, bucket, cost)
            if wait <= 0:
                return waited
            self._sleep(wait)
            waited += wait

    def penalize(self, key: str, bucket: RateLimit, seconds: float) -> None:
        if seconds > 0:
            self._run("penalize", key, bucket, seconds)

    def charge(self, key: str, bucket: RateLimit, extra: float) -> None:
        if extra:
            self._run("charge", key, bucket, extra)

    def bucket_key(self, key: str, bucket: RateLimit) -> str:
        return f"{self._prefix}{key}:{bucket.name}"

    def _run(self, mode: str, key: str, bucket: RateLimit, amount: float) -> float:
        args: list[Any] = [mode, repr(bucket.rate(self._speed)), bucket.client_burst, repr(float(amount))]
        result = self._script(keys=[self.bucket_key(key, bucket)], args=args)
        text = result.decode() if isinstance(result, bytes) else str(result)
        return float(text)


def limiter_for(settings: Settings, *, prefix: str = DEFAULT_PREFIX) -> RateLimiter:
    """The limiter a worker should hand its clients: Redis-backed (shared by every process) when
    ``OZWB_REDIS_URL`` is set, else the process-wide in-memory one."""
    if settings.redis_url:
        return RedisRateLimiter.from_url(settings.redis_url, speed=settings.limit_speed, prefix=prefix)
    return shared_limiter(settings.limit_speed)
