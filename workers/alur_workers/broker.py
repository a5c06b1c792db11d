"""The Dramatiq broker on Redis, namespaced by the configured key prefix."""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.redis import RedisBroker

from alur.core.settings import get_settings


def setup_broker() -> dramatiq.Broker:
    settings = get_settings()
    broker = RedisBroker(url=settings.redis.url, namespace=f"{settings.redis.prefix}:dramatiq")
    dramatiq.set_broker(broker)
    return broker


broker = setup_broker()
