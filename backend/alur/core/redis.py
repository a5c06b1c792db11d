"""One async Redis client per process, keys always under the configured prefix."""

from __future__ import annotations

from functools import lru_cache

from redis.asyncio import Redis

from alur.core.settings import get_settings


@lru_cache(maxsize=1)
def get_redis() -> Redis:
    return Redis.from_url(get_settings().redis.url, decode_responses=True)
