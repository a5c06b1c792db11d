"""A reusable cross-tenant harness: point it at tenant-scoped routes, it proves they 404.

A route is described once (method, path template, how to find a foreign id, a body); the
harness logs in as tenant A, substitutes tenant B's ids, and checks that the answer is 404
and that B's row did not change. New domains add their routes to `ROUTES` in their tests.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from litestar.testing import AsyncTestClient

from alur.core.sessions import CSRF_HEADER, SESSION_COOKIE, Session, create_session, new_csrf_token

# A query run as the owner inside tenant B's context returns B's ids for a route's parameter.
IdFinder = Callable[["asyncpg.Connection[Any]"], Awaitable[uuid.UUID]]


@dataclass(frozen=True)
class TenantRoute:
    method: str
    path: str  # with one {id}
    find_foreign_id: IdFinder
    body: dict[str, Any] | None = None
    snapshot_sql: str | None = None  # "select ... where id = $1": must not change
    roles: tuple[str, ...] = field(default=("tenant_admin",))


@dataclass(frozen=True)
class LoggedIn:
    cookies: dict[str, str]
    headers: dict[str, str]


async def login_as(
    tenant_slug: str,
    tenant_id: uuid.UUID,
    roles: tuple[str, ...] | list[str],
    *,
    user_id: uuid.UUID | str | None = None,
) -> LoggedIn:
    """A server-side session as the SSO callback creates it (for `user_id` if given)."""
    csrf = new_csrf_token()
    sid = await create_session(
        Session(
            tenant_id=tenant_id,
            tenant_slug=tenant_slug,
            user_id=str(user_id or uuid.uuid4()),
            name="Penguji",
            nip="199001012020011001",
            email="uji@example.test",
            roles=list(roles),
            csrf=csrf,
        )
    )
    return LoggedIn(cookies={SESSION_COOKIE: sid}, headers={CSRF_HEADER: csrf})


async def in_tenant(
    conn: asyncpg.Connection[Any], tenant_id: uuid.UUID, sql: str, *args: Any
) -> Any:
    async with conn.transaction():
        await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
        return await conn.fetch(sql, *args)


async def assert_isolated(
    client: AsyncTestClient[Any],
    owner: asyncpg.Connection[Any],
    routes: list[TenantRoute],
    tenants: dict[str, uuid.UUID],
    attacker: str,
    victim: str,
) -> list[str]:
    """Returns a list of failures (empty when every route is isolated)."""
    failures: list[str] = []
    for route in routes:
        async with owner.transaction():
            await owner.execute(
                "select set_config('app.tenant_id', $1, true)", str(tenants[victim])
            )
            foreign_id = await route.find_foreign_id(owner)
        before = (
            await in_tenant(owner, tenants[victim], route.snapshot_sql, foreign_id)
            if route.snapshot_sql
            else None
        )
        who = await login_as(attacker, tenants[attacker], route.roles)
        response = await client.request(
            route.method,
            route.path.format(id=foreign_id),
            json=route.body,
            cookies=who.cookies,
            headers=who.headers,
        )
        label = f"{route.method} {route.path} as {attacker} with {victim}'s id"
        if response.status_code != 404:
            failures.append(f"{label}: expected 404, got {response.status_code} {response.text}")
        if route.snapshot_sql:
            after = await in_tenant(owner, tenants[victim], route.snapshot_sql, foreign_id)
            if [dict(r) for r in after] != [dict(r) for r in before or []]:
                failures.append(f"{label}: the victim's row changed")
    return failures
