"""Prometheus metrics: requests by route and status (Litestar's middleware, route templates so
ids do not explode the series), and each office's IdP health, which readiness no longer asks.

`/metrics` is for a scraper holding `ALUR_METRICS_TOKEN` as a bearer token; without a token
configured the route answers 404, so a deployment exposes nothing by accident. The IdP
gauge is refreshed by each API process every `ALUR_IDP_CHECK_SECONDS` (and whenever the
platform admin's status page runs its checks), not per scrape. The outbox's backlog, across
offices, is read from the database at each scrape (one aggregate over partial indexes).
Sign-ins and escalations are counted where they happen (alur.core.counters); job runs in the
worker processes, which serve their own port (alur_workers.metrics). docs/operations.md.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections.abc import Iterator
from typing import Any

from litestar import get
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.handlers.base import BaseRouteHandler
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from litestar.response import Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Gauge, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from alur.core.clock import now
from alur.core.settings import get_settings

log = logging.getLogger("alur.metrics")

PROMETHEUS = PrometheusConfig(
    app_name="alur",
    prefix="alur",
    group_path=True,
    exclude=["/metrics", "/health"],
    exclude_unhandled_paths=True,
)
IDP_UP = Gauge(
    "alur_idp_up", "1 when the office's IdP answered discovery at the last check", ["office"]
)
IDP_CHECKED = Gauge(
    "alur_idp_checked_timestamp_seconds", "When the office's IdP was last checked", ["office"]
)


OUTBOX_STATES = ("due", "scheduled", "sent", "running", "dead")


class OutboxCollector(Collector):
    """The backlog read for the scrape under way; nothing at all when that read failed (an
    `absent()` alert notices), never a stale figure."""

    def __init__(self) -> None:
        self.figures: tuple[dict[str, int], float] | None = None

    def _families(self) -> tuple[GaugeMetricFamily, GaugeMetricFamily]:
        return (
            GaugeMetricFamily(
                "alur_outbox_jobs",
                "Outbox jobs of every office by state: due (pending, run_at passed), scheduled"
                " (pending, run_at ahead: timers and retries), sent, running, dead",
                labels=["state"],
            ),
            GaugeMetricFamily(
                "alur_outbox_oldest_due_age_seconds",
                "Seconds since the run_at of the oldest unfinished job that is due (0 if none)",
            ),
        )

    def describe(self) -> Iterator[Metric]:
        yield from self._families()

    def collect(self) -> Iterator[Metric]:
        if self.figures is None:
            return
        counts, age = self.figures
        jobs, oldest = self._families()
        for state in OUTBOX_STATES:
            jobs.add_metric([state], counts[state])
        oldest.add_metric([], age)
        yield jobs
        yield oldest


OUTBOX = OutboxCollector()
REGISTRY.register(OUTBOX)


def record_idp(office: str, ok: bool) -> None:
    IDP_UP.labels(office=office).set(1 if ok else 0)
    IDP_CHECKED.labels(office=office).set(time.time())


async def watch_idps() -> None:
    """Runs for the life of the API process."""
    from alur.health import idp_results  # health records into this module's gauges

    while True:
        try:
            await idp_results()
        except Exception:  # the database may be away for a moment; try again next round
            log.warning("IdP health check round failed", exc_info=True)
        await asyncio.sleep(get_settings().idp_check_seconds)


async def scraper_only(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    token = get_settings().metrics_token
    if not token:
        raise NotFoundException()
    given = connection.headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise NotAuthorizedException("Token metrik tidak valid")


async def refresh_outbox() -> None:
    """Reads the outbox's backlog for this scrape."""
    from alur.domain.jobs.backlog import read_backlog

    try:
        backlog = await read_backlog()
    except Exception:
        log.warning("outbox backlog not read for /metrics", exc_info=True)
        OUTBOX.figures = None
        return
    oldest = backlog.oldest_due_at
    age = max((now() - oldest).total_seconds(), 0.0) if oldest else 0.0
    OUTBOX.figures = ({state: getattr(backlog, state) for state in OUTBOX_STATES}, age)


class MetricsController(PrometheusController):
    path = "/metrics"
    guards = [scraper_only]
    include_in_schema = False

    @get()
    async def get(self) -> Response[bytes]:
        await refresh_outbox()
        return Response(
            generate_latest(REGISTRY),
            status_code=200,
            headers={"Content-Type": CONTENT_TYPE_LATEST},
        )
