"""Audit events are written at the end of their transaction (the office's chain head is locked
only then), and still commit or roll back with the change: a rolled-back transaction or
savepoint leaves no event, a read in the same transaction sees its own, the chain verifies."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from piccolo.engine.postgres import PostgresEngine

from alur.core.settings import get_settings
from alur.core.tenancy import TenantContext, savepoint, tenant_transaction, using_engine
from alur.domain.audit.chain import record, verify
from alur.domain.audit.repository import list_events

pytestmark = pytest.mark.integration


@pytest.fixture
def engine() -> PostgresEngine:
    """The app role's engine on this test's own loop."""
    return PostgresEngine(config={"dsn": get_settings().db.app_url})


async def _count(owner_conn: Any, tenant_id: uuid.UUID, action: str) -> int:
    async with owner_conn.transaction():
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
        return int(
            await owner_conn.fetchval("select count(*) from audit_events where action = $1", action)
        )


async def _record_then_fail(ctx: TenantContext, action: str) -> None:
    async with tenant_transaction(ctx) as tx:
        await record(tx.connection, ctx, action, "uji", None)
        raise RuntimeError("the change fails")


async def _record_in_failing_savepoint(conn: Any, ctx: TenantContext, action: str) -> None:
    async with savepoint(conn):
        await record(conn, ctx, action, "uji", None)
        raise ValueError("one part fails")


async def test_events_are_written_at_commit_and_not_on_rollback(
    engine: PostgresEngine, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    tenant = tenant_ids["lampung"]
    ctx = TenantContext(tenant, "lampung")
    tag = uuid.uuid4().hex[:8]
    with using_engine(engine):
        async with tenant_transaction(ctx) as tx:
            await record(tx.connection, ctx, f"uji.a.{tag}", "uji", None, after={"n": 1})
            assert await _count(owner_conn, tenant, f"uji.a.{tag}") == 0, "not written yet"
            seen, _ = await list_events(
                tx.connection, entity="uji", entity_id="", limit=500, offset=0
            )
            assert f"uji.a.{tag}" in {e.action for e in seen}, "its own transaction sees it"
        assert await _count(owner_conn, tenant, f"uji.a.{tag}") == 1

        with pytest.raises(RuntimeError):
            await _record_then_fail(ctx, f"uji.b.{tag}")
        assert await _count(owner_conn, tenant, f"uji.b.{tag}") == 0

        async with tenant_transaction(ctx) as tx:
            await record(tx.connection, ctx, f"uji.c.{tag}", "uji", None)
            with pytest.raises(ValueError, match="one part fails"):
                await _record_in_failing_savepoint(tx.connection, ctx, f"uji.d.{tag}")
            async with savepoint(tx.connection):
                await record(tx.connection, ctx, f"uji.e.{tag}", "uji", None)
            await record(tx.connection, ctx, f"uji.f.{tag}", "uji", None)
        counts = [await _count(owner_conn, tenant, f"uji.{x}.{tag}") for x in "cdef"]
        assert counts == [1, 0, 1, 1]

        async with tenant_transaction(ctx) as tx:
            report = await verify(tx.connection, tenant)
    assert report.intact, report
