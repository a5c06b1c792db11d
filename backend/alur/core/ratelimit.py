"""Request limits counted in Redis, so every replica shares one count (a per-process counter
would multiply each limit by the number of replicas and forget it at every restart).

Fixed windows: the first request of a window starts its clock, the counter expires with it.
Keys are `<prefix>:rate:<what>:<subject>`, so a shared Redis stays shared.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from litestar.connection import ASGIConnection

from alur.core.errors import TooManyRequestsError
from alur.core.redis import get_redis
from alur.core.settings import Rate, RateLimitSettings, get_settings
from alur.core.tenancy import TenantContext

Limited = Literal["login", "callback", "token", "token-address", "upload", "export", "import"]

_LIMITS: dict[Limited, tuple[Callable[[RateLimitSettings], Rate], str]] = {
    "login": (lambda r: r.login, "Terlalu banyak permintaan masuk dari alamat ini"),
    "callback": (lambda r: r.login, "Terlalu banyak permintaan masuk dari alamat ini"),
    "token": (lambda r: r.token_failures, "Terlalu banyak percobaan token API yang gagal"),
    "token-address": (
        lambda r: r.token_failures_per_address,
        "Terlalu banyak percobaan token API yang gagal dari alamat ini",
    ),
    "upload": (lambda r: r.uploads, "Terlalu banyak unggahan dokumen"),
    "export": (lambda r: r.exports, "Terlalu banyak permintaan ekspor"),
    "import": (lambda r: r.imports, "Terlalu banyak impor dokumen SOP"),
}


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The peer the server sees: behind a proxy the server must be told to trust its
    forwarded headers (uvicorn --proxy-headers --forwarded-allow-ips), or every caller
    shares the proxy's address."""
    client = connection.client
    return client.host if client and client.host else "unknown"


def caller(ctx: TenantContext) -> str:
    """Per user; integration tokens (no user) share one count per office."""
    return f"{ctx.tenant_id}:{ctx.user_id or 'token'}"


def _key(what: Limited, subject: str) -> str:
    return get_settings().redis.key("rate", what, subject)


def _rate(what: Limited) -> Rate:
    rates = get_settings().rate
    return rates.scaled(_LIMITS[what][0](rates))


def _refuse(what: Limited, retry_after: int) -> TooManyRequestsError:
    seconds = max(1, retry_after)
    return TooManyRequestsError(
        f"{_LIMITS[what][1]}; coba lagi dalam {seconds} detik", retry_after=seconds
    )


async def _count(what: Limited, subject: str, rate: Rate) -> tuple[int, int]:
    """Adds one to the window's count; returns the count and the seconds the window has left."""
    key = _key(what, subject)
    async with get_redis().pipeline(transaction=True) as pipe:
        pipe.set(key, 0, ex=rate.window_seconds, nx=True)
        pipe.incr(key)
        pipe.ttl(key)
        _, count, ttl = await pipe.execute()
    return int(count), int(ttl) if ttl and ttl > 0 else rate.window_seconds


async def hit(what: Limited, subject: str) -> None:
    """Counts this request and refuses it (429) once the window's limit is used up."""
    rate = _rate(what)
    count, ttl = await _count(what, subject, rate)
    if count > rate.limit:
        raise _refuse(what, ttl)


async def refuse_if_exhausted(what: Limited, subject: str) -> None:
    """Refuses without counting, when earlier failures used up the window (see `fail`)."""
    rate = _rate(what)
    key = _key(what, subject)
    async with get_redis().pipeline(transaction=False) as pipe:
        pipe.get(key)
        pipe.ttl(key)
        count, ttl = await pipe.execute()
    if count is not None and int(count) >= rate.limit:
        raise _refuse(what, int(ttl) if ttl and ttl > 0 else rate.window_seconds)


async def fail(what: Limited, subject: str) -> None:
    """Counts a failure, for limits on failures rather than on requests."""
    await _count(what, subject, _rate(what))
