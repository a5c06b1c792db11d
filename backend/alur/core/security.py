"""Who is calling, resolved once per request into a Principal: a browser session (cookie +
CSRF header on unsafe methods) or an integration token (Authorization: Bearer).

The tenant always comes from the server-side session or the token record, never from the
URL or body.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from alur.core import ratelimit
from alur.core.errors import PermissionDeniedError
from alur.core.logs import annotate
from alur.core.policy import PLATFORM_ADMIN, RESERVED_ROLES, Permission, permissions_for
from alur.core.sessions import CSRF_HEADER, SESSION_COOKIE, Session, csrf_matches, load_session
from alur.core.settings import get_settings
from alur.core.tenancy import TenantContext, app_engine, tenant_transaction

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
AnyRequest = Request[Any, Any, Any]
TOKEN_PREFIX = "alur"  # noqa: S105 - the public prefix of token strings
_STATE_KEY = "alur_principal"


@dataclass(frozen=True)
class Principal:
    ctx: TenantContext
    permissions: frozenset[Permission]
    via: str  # "session" or "token"
    session: Session | None = None


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def current_session(request: AnyRequest) -> Session:
    session = await load_session(request.cookies.get(SESSION_COOKIE))
    if session is None:
        raise NotAuthorizedException("Sesi tidak ada atau sudah berakhir; silakan masuk kembali")
    if request.method not in SAFE_METHODS and not csrf_matches(
        session, request.headers.get(CSRF_HEADER)
    ):
        raise PermissionDeniedException("Token CSRF tidak ada atau tidak cocok")
    return session


def _session_principal(session: Session) -> Principal:
    # platform_admin is never taken from a tenant's IdP or a tenant admin's grant: an office
    # must not be able to make someone an administrator of every office.
    roles = set(session.roles) - RESERVED_ROLES
    # Keyed on Alur's own user id (fixed at first login), not on a claim the IdP can change.
    if f"{session.tenant_slug}:{session.user_id}" in get_settings().platform_admins:
        roles.add(PLATFORM_ADMIN)
    ctx = TenantContext(
        tenant_id=session.tenant_id,
        tenant_slug=session.tenant_slug,
        user_id=session.user_id,
        roles=frozenset(roles),
    )
    return Principal(ctx, permissions_for(ctx.roles), "session", session)


async def _token_principal(raw: str, address: str) -> Principal:
    """`alur_<tenant>_<token id>_<secret>`: the tenant is named so RLS can scope the lookup.

    The secret (256 random bits, not guessable) is checked first, so a valid token always
    works: nobody who knows a token's id, or shares an address with an attacker, can lock an
    integration out. Failures are counted per token id and per address, and once either
    count is used up a failed try is answered 429 instead of 401. Only a verified secret
    touches the row (`last_used_at`, at most once a minute: no write per call).
    """
    refused = NotAuthorizedException("Token API tidak valid, dicabut, atau kedaluwarsa")
    parts = raw.split("_", 3)
    token_id: uuid.UUID | None = None
    if len(parts) == 4 and parts[0] == TOKEN_PREFIX:
        with contextlib.suppress(ValueError):
            token_id = uuid.UUID(hex=parts[2])
    if token_id is None:  # nothing to look up: refused before the database
        await ratelimit.refuse_if_exhausted("token-address", address)
        await ratelimit.fail("token-address", address)
        raise refused
    _, slug, _, secret = parts
    row = None
    async with app_engine().transaction() as tx:
        # A suspended office's tokens stop working with it.
        tenant_id = await tx.connection.fetchval(
            "select id from tenants where slug = $1 and status = 'active'", slug
        )
    if tenant_id is not None:
        ctx = TenantContext(tenant_id=tenant_id, tenant_slug=slug)
        async with tenant_transaction(ctx) as tx:
            # No token outlives the maximum from its creation, whatever expiry it was given
            # before the maximum existed.
            row = await tx.connection.fetchrow(
                "select secret_hash, scopes from api_tokens where id = $1 and revoked_at is null"
                " and least(coalesce(expires_at, 'infinity'),"
                " created_at + make_interval(days => $2)) > now()",
                token_id,
                get_settings().token_max_days,
            )
            if row is not None and hmac.compare_digest(row["secret_hash"], hash_secret(secret)):
                await tx.connection.execute(
                    "update api_tokens set last_used_at = now() where id = $1 "
                    "and (last_used_at is null or last_used_at < now() - interval '1 minute')",
                    token_id,
                )
            else:
                row = None
    if row is None:
        await ratelimit.refuse_if_exhausted("token", str(token_id))
        await ratelimit.refuse_if_exhausted("token-address", address)
        await ratelimit.fail("token", str(token_id))
        await ratelimit.fail("token-address", address)
        raise refused
    scopes = frozenset(Permission(s) for s in row["scopes"])
    return Principal(ctx, scopes, "token")


async def authenticate(request: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    cached = request.scope.get("state", {}).get(_STATE_KEY)
    if isinstance(cached, Principal):
        return cached
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        principal = await _token_principal(header[7:].strip(), ratelimit.client_address(request))
    else:
        principal = _session_principal(await current_session(request))  # type: ignore[arg-type]
    request.scope.setdefault("state", {})[_STATE_KEY] = principal
    annotate(office=principal.ctx.tenant_slug)  # the request's later log lines name it
    return principal


def needs(
    permission: Permission,
) -> Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Awaitable[None]]:
    """A route guard: authenticated, and holding `permission` (403 otherwise)."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        principal = await authenticate(connection)
        if permission not in principal.permissions:
            raise PermissionDeniedException(f"Memerlukan izin {permission.value}")

    guard.permission = permission  # type: ignore[attr-defined]  # read by the route-policy test
    return guard


async def provide_tenant_context(request: AnyRequest) -> TenantContext:
    return (await authenticate(request)).ctx


async def provide_principal(request: AnyRequest) -> Principal:
    return await authenticate(request)


def require_role(ctx: TenantContext, role: str) -> None:
    if role not in ctx.roles:
        raise PermissionDeniedError(f"memerlukan peran {role}")
