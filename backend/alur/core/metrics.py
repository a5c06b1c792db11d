"""Prometheus metrics: requests by route and status (Litestar's middleware, route templates so
ids do not explode the series), and each office's IdP health, which readiness no longer asks.

`/metrics` is for a scraper holding `ALUR_METRICS_TOKEN` as a bearer token; without a token
configured the route answers 404, so a deployment exposes nothing by accident. The IdP
gauge is refreshed by each API process every `ALUR_IDP_CHECK_SECONDS` (and whenever the
platform admin's status page runs its checks), not per scrape.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.handlers.base import BaseRouteHandler
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from prometheus_client import Gauge

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


class MetricsController(PrometheusController):
    path = "/metrics"
    guards = [scraper_only]
    include_in_schema = False
