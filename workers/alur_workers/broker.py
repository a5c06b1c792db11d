"""The Dramatiq broker on Redis, namespaced by the configured key prefix."""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.redis import RedisBroker

from alur.core.settings import get_settings
from alur_workers.metrics import WorkerObservability
from alur_workers.tenancy import TenantMiddleware


def setup_broker() -> dramatiq.Broker:
    settings = get_settings()
    namespace = f"{settings.redis.prefix}:dramatiq"
    broker = RedisBroker(url=settings.redis.url, namespace=namespace)  # type: ignore[no-untyped-call]
    broker.add_middleware(TenantMiddleware())
    broker.add_middleware(WorkerObservability())
    dramatiq.set_broker(broker)
    return broker


broker = setup_broker()
