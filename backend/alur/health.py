"""Liveness and readiness of the platform itself, and the platform admin's technical status.

Readiness asks only what every office needs from this replica (database, Redis, S3): one
office's IdP being down must not take the API out of rotation for every office. It is
unauthenticated, so it names parts and says up or down, nothing more; the detail (and each
office's IdP) is on the platform admin's status page."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx
import msgspec
from litestar import Controller, Response, get
from litestar.openapi.datastructures import ResponseSpec

from alur.core.metrics import record_idp
from alur.core.redis import get_redis
from alur.core.settings import get_settings
from alur.core.storage import get_storage
from alur.core.tenancy import app_engine
from alur.domain.tenants import repository as tenant_repo


class CheckResult(msgspec.Struct):
    name: str
    ok: bool
    detail: str


class ReadyReport(msgspec.Struct):
    status: str
    checks: list[CheckResult]


class PartState(msgspec.Struct):
    name: str
    ok: bool


class ReadyState(msgspec.Struct):
    status: str
    checks: list[PartState]


class LiveReport(msgspec.Struct):
    status: str


async def _database() -> str:
    async with app_engine().transaction() as tx:
        tenants = await tx.connection.fetchval("select count(*) from tenants")
    return f"PostgreSQL reachable as the app role; {tenants} tenants"


async def _redis() -> str:
    await get_redis().ping()
    return "Redis answers PING"


async def _s3() -> str:
    bucket = get_settings().s3.bucket
    if not await asyncio.to_thread(get_storage().bucket_exists, bucket):
        raise RuntimeError(f"bucket {bucket!r} does not exist")
    return f"bucket {bucket!r} reachable"


def idp_check(issuer: str) -> Callable[[], Awaitable[str]]:
    async def check() -> str:
        url = f"{issuer}/.well-known/openid-configuration"
        async with httpx.AsyncClient(timeout=get_settings().health_timeout_seconds) as client:
            response = await client.get(url)
        response.raise_for_status()
        if response.json().get("issuer") != issuer:
            raise RuntimeError(f"discovery at {url} names another issuer")
        return f"discovery OK at {issuer}"

    return check


async def run_check(name: str, check: Callable[[], Awaitable[str]]) -> CheckResult:
    timeout = get_settings().health_timeout_seconds
    try:
        detail = await asyncio.wait_for(check(), timeout)
    except TimeoutError:
        return CheckResult(name, False, f"{name} did not answer within {timeout:g}s")
    except Exception as exc:
        return CheckResult(name, False, f"{name} is down: {type(exc).__name__}: {exc}")
    return CheckResult(name, True, detail)


PLATFORM_CHECKS: list[tuple[str, Callable[[], Awaitable[str]]]] = [
    ("database", _database),
    ("redis", _redis),
    ("s3", _s3),
]


async def readiness() -> ReadyReport:
    """The parts every office needs from this replica."""
    results = await asyncio.gather(*(run_check(name, fn) for name, fn in PLATFORM_CHECKS))
    return ReadyReport("ok" if all(r.ok for r in results) else "fail", list(results))


async def idp_results() -> list[CheckResult]:
    """Every office's IdP discovery, side by side, each within the health timeout; the
    results also set the IdP metric. An unreachable database means no offices to check."""
    try:
        async with app_engine().transaction() as tx:
            tenants = await tenant_repo.list_tenants(tx.connection)
    except Exception:
        tenants = []
    results = await asyncio.gather(
        *(run_check(f"idp:{t.slug}", idp_check(str(t.idp.get("issuer", "")))) for t in tenants)
    )
    for tenant, result in zip(tenants, results, strict=True):
        record_idp(tenant.slug, result.ok)
    return list(results)


async def platform_status() -> ReadyReport:
    """Readiness with each office's IdP beside it: the platform admin's technical view."""
    parts, idps = await asyncio.gather(readiness(), idp_results())
    results = [*parts.checks, *idps]
    return ReadyReport("ok" if all(r.ok for r in results) else "fail", results)


class HealthController(Controller):
    path = "/health"
    tags = ["health"]

    @get("/live", operation_id="getLiveness")
    async def live(self) -> LiveReport:
        return LiveReport("ok")

    @get(
        "/ready",
        operation_id="getReadiness",
        responses={
            503: ResponseSpec(data_container=ReadyState, description="A dependency is down")
        },
    )
    async def ready(self) -> Response[ReadyState]:
        report = await readiness()
        state = ReadyState(report.status, [PartState(c.name, c.ok) for c in report.checks])
        return Response(state, status_code=200 if report.status == "ok" else 503)
