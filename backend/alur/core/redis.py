"""Async Redis clients, one per event loop (a client cannot cross loops); keys always carry
the configured prefix (see RedisSettings.key)."""

from __future__ import annotations

import asyncio
import weakref

from redis.asyncio import Redis

from alur.core.settings import get_settings

_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Redis] = weakref.WeakKeyDictionary()


def get_redis() -> Redis:
    loop = asyncio.get_running_loop()
    client = _clients.get(loop)
    if client is None:
        client = Redis.from_url(get_settings().redis.url, decode_responses=True)
        _clients[loop] = client
    return client


def reset_redis_clients() -> None:
    """After a settings change (tests), the next call builds a client for the new URL."""
    _clients.clear()
