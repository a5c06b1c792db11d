"""A message sent through the real Redis broker is run by a real Dramatiq worker."""

from __future__ import annotations

import time

import pytest
import redis
from dramatiq import Worker

from alur.core.settings import get_settings
from alur_workers.actors import HEARTBEAT_KEY, broker, heartbeat

pytestmark = pytest.mark.integration


def test_heartbeat_goes_through_redis_and_a_worker() -> None:
    settings = get_settings()
    client = redis.Redis.from_url(settings.redis.url)
    key = settings.redis.key(HEARTBEAT_KEY)
    client.delete(key)
    sent_at = time.time()
    heartbeat.send(sent_at)
    queued = [k.decode() for k in client.keys(f"{settings.redis.prefix}:dramatiq:*")]
    assert queued, "the message is stored under our key prefix"
    worker = Worker(broker, worker_timeout=100)
    worker.start()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and client.get(key) is None:
            time.sleep(0.1)
    finally:
        worker.stop()
    value = client.get(key)
    assert value is not None
    assert value.decode().startswith(f"{sent_at}:")
