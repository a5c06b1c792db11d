"""Tenant context and the transaction every request and job runs in.

The tenant is resolved once (from the session, or from a job's message options) into a
`TenantContext`, passed first to every repository call. Each unit of work opens one
transaction that starts with `set_config('app.tenant_id', ..., true)`, so row-level security
sees the tenant and the setting dies with the transaction.
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
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


Flush = Callable[[Any, list[Any]], Awaitable[None]]


@dataclass
class _Buffers:
    connection: Any
    by_key: dict[str, tuple[list[Any], Flush]] = field(default_factory=dict)


_buffers: contextvars.ContextVar[_Buffers | None] = contextvars.ContextVar(
    "alur_commit_buffers", default=None
)


def commit_buffer(conn: Any, key: str, flush: Flush) -> list[Any] | None:
    """A list that collects items during the open tenant transaction on `conn`; `flush(conn,
    items)` writes them just before it commits (not at all when it rolls back). None when no
    tenant transaction is open on `conn`: the caller then writes at once.

    Why: a write that takes an office-wide lock (the audit chain's head) made at the first
    audited change holds that lock through everything after it; written last, the lock is
    held only for the write and the commit, so the office's actions stop queuing on it."""
    buffers = _buffers.get()
    if buffers is None or buffers.connection is not conn:
        return None
    if key not in buffers.by_key:
        buffers.by_key[key] = ([], flush)
    return buffers.by_key[key][0]


async def flush_buffers(conn: Any) -> None:
    """Write what commit_buffer collected so far (also run before commit by the transaction):
    a read that must see its own transaction's buffered writes calls this first."""
    buffers = _buffers.get()
    if buffers is None or buffers.connection is not conn:
        return
    for items, flush in list(buffers.by_key.values()):
        if items:
            pending = list(items)
            items.clear()
            await flush(conn, pending)


@asynccontextmanager
async def savepoint(conn: Any) -> AsyncIterator[None]:
    """A nested transaction that takes its buffered writes (commit_buffer) with it: written
    inside it when it succeeds, dropped when it rolls back."""
    buffers = _buffers.get()
    mine = buffers if buffers is not None and buffers.connection is conn else None
    marks = {k: len(items) for k, (items, _) in mine.by_key.items()} if mine else {}
    try:
        async with conn.transaction():
            yield
            await flush_buffers(conn)
    except BaseException:
        if mine is not None:
            for key, (items, _) in mine.by_key.items():
                del items[marks.get(key, 0) :]
        raise


@asynccontextmanager
async def tenant_transaction(ctx: TenantContext) -> AsyncIterator[PostgresTransaction]:
    """One transaction scoped to ctx's tenant; nested use joins the outer one. Writes buffered
    with commit_buffer are flushed at the end of the body, inside the transaction."""
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
        token = _buffers.set(_Buffers(tx.connection))
        try:
            yield tx
            await flush_buffers(tx.connection)
        finally:
            _buffers.reset(token)


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
