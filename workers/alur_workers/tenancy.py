"""Jobs carry their tenant in message options; a middleware makes it current while they run.

Senders use `send_for_tenant`; actors call `job_tenant()` and run their queries inside
`tenant_transaction(job_tenant())`, exactly as requests do.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import dramatiq
from dramatiq.broker import MessageProxy
from dramatiq.middleware import Middleware
from piccolo.engine.postgres import PostgresEngine

from alur.core.settings import get_settings
from alur.core.tenancy import TenantContext, tenant_transaction, using_engine

T = TypeVar("T")

OPTION = "alur_tenant"
_current: contextvars.ContextVar[TenantContext | None] = contextvars.ContextVar(
    "alur_job_tenant", default=None
)


class TenantMiddleware(Middleware):
    """Sets the job's tenant before the actor runs and clears it after, success or not."""

    @property
    def actor_options(self) -> set[str]:
        return {OPTION}

    def before_process_message(self, broker: dramatiq.Broker, message: MessageProxy) -> None:
        raw = message.options.get(OPTION)
        if raw is not None:
            _current.set(TenantContext(tenant_id=uuid.UUID(raw["id"]), tenant_slug=raw["slug"]))

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: MessageProxy,
        *,
        result: Any = None,
        exception: BaseException | None = None,
    ) -> None:
        _current.set(None)

    def after_skip_message(self, broker: dramatiq.Broker, message: MessageProxy) -> None:
        _current.set(None)


def send_for_tenant(
    actor: dramatiq.Actor[..., Any], ctx: TenantContext, *args: Any
) -> dramatiq.Message[Any]:
    """Enqueue with the tenant in the message options (ids only in args)."""
    options: dict[str, Any] = {OPTION: {"id": str(ctx.tenant_id), "slug": ctx.tenant_slug}}
    return actor.send_with_options(args=args, **options)


_local = threading.local()


def _thread_loop() -> asyncio.AbstractEventLoop:
    """Each worker thread keeps one event loop for all its jobs, so its connections last."""
    loop: asyncio.AbstractEventLoop | None = getattr(_local, "loop", None)
    if loop is None or loop.is_closed():
        loop = asyncio.new_event_loop()
        _local.loop = loop
    return loop


async def _keep_session(conn: Any) -> None:
    """Returning a connection to a job pool: no reset query. asyncpg's default (advisory
    unlock, CLOSE ALL, UNLISTEN, RESET ALL) is one more round trip per transaction, three per
    job, for state jobs never leave: their settings are transaction-local (`set_config(...,
    true)`), their locks transaction-level, and an unfinished transaction is still rolled back
    on release (asyncpg does that before calling this)."""


# A job's commits do not wait for the WAL flush (the session's `synchronous_commit`, set when
# the connection opens). A commit is at once visible to everyone and survives the worker being
# killed; only a crash of PostgreSQL itself within a fraction of a second after it
# (`wal_writer_delay`) could lose it, and then everything the transaction wrote goes together:
# a lost claim or outcome leaves the job sent or running, a lost work transaction loses the
# job's changes with its `done`, and the relay sends it again after the lease. At least once,
# as always (jobs are idempotent); and the disk's wait was most of a small job's time. WAL is
# written in order, so a later commit that survived means every earlier one did too.
_JOB_SESSION = {"synchronous_commit": "off"}


async def _job_engine() -> PostgresEngine:
    """One small pool per worker thread, on that thread's loop: a job's transactions reuse
    its connections instead of opening one each (the claim, the work, the outcome)."""
    engine: PostgresEngine | None = getattr(_local, "engine", None)
    if engine is None:
        engine = PostgresEngine(
            config={"dsn": get_settings().db.app_url, "server_settings": _JOB_SESSION}
        )
        await engine.start_connection_pool(min_size=1, max_size=2, reset=_keep_session)
        _local.engine = engine
    return engine


def run_tenant_job(work: Callable[[Any], Awaitable[T]]) -> T:
    """Run a job's database work in one transaction scoped to the job's tenant."""
    ctx = job_tenant()

    async def main() -> T:
        with using_engine(await _job_engine()):
            async with tenant_transaction(ctx) as tx:
                return await work(tx.connection)

    return _thread_loop().run_until_complete(main())


def run_job_statement(work: Callable[[Any], Awaitable[T]]) -> T:
    """Run `work` on a connection of the thread's pool outside any transaction: for a
    statement that is its own transaction and sets the tenant itself (`outbox.claim`)."""

    async def main() -> T:
        engine = await _job_engine()
        if engine.pool is None:
            raise RuntimeError("the job engine has no pool")
        async with engine.pool.acquire() as conn:
            return await work(conn)

    return _thread_loop().run_until_complete(main())


def job_tenant() -> TenantContext:
    ctx = _current.get()
    if ctx is None:
        raise RuntimeError("this job was sent without a tenant (use send_for_tenant)")
    return ctx
