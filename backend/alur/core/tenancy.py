"""Tenant context and the transaction every request and job runs in.

The tenant is resolved once (from the session, or from a job's message options) into a
`TenantContext`, passed first to every repository call. Each unit of work opens one
transaction that starts with `set_config('app.tenant_id', ..., true)`, so row-level security
sees the tenant and the setting dies with the transaction.
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any

from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction

from alur.core.errors import NotFoundError
from alur.core.rls import TENANT_SETTING


@dataclass(frozen=True)
class TenantContext:
    tenant_id: uuid.UUID
    tenant_slug: str
    user_id: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)


_engine_override: contextvars.ContextVar[PostgresEngine | None] = contextvars.ContextVar(
    "alur_engine_override", default=None
)


@contextmanager
def using_engine(engine: PostgresEngine) -> Iterator[None]:
    """Run a block against another engine: a job's event loop cannot borrow connections
    from a pool that belongs to another loop."""
    token = _engine_override.set(engine)
    try:
        yield
    finally:
        _engine_override.reset(token)


def app_engine() -> PostgresEngine:
    override = _engine_override.get()
    if override is not None:
        return override
    engine = engine_finder()
    if not isinstance(engine, PostgresEngine):
        raise RuntimeError("PICCOLO_CONF must configure a PostgresEngine")
    return engine


@asynccontextmanager
async def tenant_transaction(ctx: TenantContext) -> AsyncIterator[PostgresTransaction]:
    """One transaction scoped to ctx's tenant; nested use joins the outer one."""
    engine = app_engine()
    outer = engine.current_transaction.get()
    if outer is not None:
        current = await outer.connection.fetchval(
            f"select current_setting('{TENANT_SETTING}', true)"
        )
        if current != str(ctx.tenant_id):
            raise RuntimeError("a transaction for another tenant is already open")
        yield outer
        return
    async with engine.transaction() as tx:
        await tx.connection.execute(
            f"select set_config('{TENANT_SETTING}', $1, true)", str(ctx.tenant_id)
        )
        yield tx


def current_connection() -> Any:
    """The connection of the open tenant transaction; repositories refuse to run outside one."""
    tx = app_engine().current_transaction.get()
    if tx is None:
        raise RuntimeError("repository used outside tenant_transaction()")
    return tx.connection


def parse_id(raw: str | uuid.UUID, what: str) -> uuid.UUID:
    """Malformed ids answer like unknown ones: not found, revealing nothing."""
    if isinstance(raw, uuid.UUID):
        return raw
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise NotFoundError(what) from None
