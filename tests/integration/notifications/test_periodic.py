"""The scheduler's periodic round follows the work that is due, not the number of offices: a
sweep only for an office with an escalation stage due, once per 30 s bucket, nothing once the
stage is handled; the digest planning only for an office with notifications waiting for it,
after closing time, once a day. Everything the round writes stays in one transaction that is
rolled back, so no other scheduler or worker on the test stack ever sees it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from alur.core.clock import frozen_at
from alur_workers.relay import SWEEP_SECONDS, Periodic, Tick, enqueue_periodic

pytestmark = pytest.mark.integration

STAF = "staf-sub-bagian-umum-dan-kepegawaian"
# Long before any plan another test makes (their clocks are held in 2026): at this moment only
# the plan this test moves back is due, and no scheduler running on real time shares its keys.
MOMENT = dt.datetime(2020, 1, 1, 3, 0, tzinfo=dt.UTC)  # 10:00 WIB, 11:00 WITA


async def _jobs(conn: Any, actor: str) -> list[tuple[uuid.UUID, str]]:
    await conn.execute("select set_config('app.outbox_relay', 'on', true)")
    rows = await conn.fetch(
        "select tenant_id, idempotency_key from outbox_jobs where actor = $1"
        " and (idempotency_key like 'sweep:%' or idempotency_key like 'plan_digests:2020-%')"
        " and run_at < '2021-01-01'",
        actor,
    )
    await conn.execute("select set_config('app.outbox_relay', '', true)")
    return sorted((r["tenant_id"], r["idempotency_key"]) for r in rows)


async def _as(conn: Any, tenant_id: uuid.UUID, sql: str, *args: Any) -> Any:
    await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
    return await conn.execute(sql, *args)


async def _open_task(conn: Any, tenant_id: uuid.UUID, user_id: uuid.UUID) -> uuid.UUID:
    """A case with its first task active, written straight into the tables (as the bench does)."""
    await conn.execute("select set_config('app.tenant_id', $1, true)", str(tenant_id))
    ref = await conn.fetchrow(
        "select v.id as version_id, v.sop_id, p.id as position_id, p.unit_id"
        " from catalogue_versions v, org_positions p where p.code = $1 limit 1",
        STAF,
    )
    case_id = await conn.fetchval(
        "insert into cases (tenant_id, number, sop_id, version_id, unit_id, subject, status,"
        " started_by, started_at) values ($1, $2, $3, $4, $5, 'Uji putaran berkala', 'open',"
        " $6, $7) returning id",
        tenant_id,
        f"uji-{uuid.uuid4().hex[:8]}",
        ref["sop_id"],
        ref["version_id"],
        ref["unit_id"],
        user_id,
        MOMENT - dt.timedelta(hours=1),
    )
    return uuid.UUID(
        str(
            await conn.fetchval(
                "insert into tasks (tenant_id, case_id, step_position, step_kind, activity,"
                " position_id, status, activated_at, due_at) values ($1, $2, 1, 'process',"
                " 'Uji', $3, 'active', $4, $5) returning id",
                tenant_id,
                case_id,
                ref["position_id"],
                MOMENT - dt.timedelta(hours=1),
                MOMENT - dt.timedelta(minutes=1),
            )
        )
    )


async def test_periodic_round_enqueues_only_where_work_is_due(
    office: Any, app_conn: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    _, staff = await office("lampung")
    stf = await staff(STAF)
    lampung, kaltim = tenant_ids["lampung"], tenant_ids["kaltim"]
    bucket = int(MOMENT.timestamp()) // SWEEP_SECONDS
    state = Periodic()

    tx = app_conn.transaction()
    await tx.start()
    try:
        with frozen_at(MOMENT):
            assert await enqueue_periodic(app_conn, state) == Tick(), "nothing due, nothing sent"

        task_id = await _open_task(app_conn, lampung, stf.user_id)
        await _as(
            app_conn,
            lampung,
            "insert into task_escalation_plans (tenant_id, task_id, stage, falls_at)"
            " values ($1, $2, 'due', $3)",
            lampung,
            task_id,
            MOMENT - dt.timedelta(minutes=1),
        )
        # The app role cannot read across offices, not even with the scan setting on.
        await app_conn.execute("select set_config('app.tenant_id', '', true)")
        await app_conn.execute("select set_config('app.due_scan', 'on', true)")
        assert await app_conn.fetchval("select count(*) from task_escalation_plans") == 0
        await app_conn.execute("select set_config('app.due_scan', '', true)")
        offices = await app_conn.fetch("select escalation_due_offices($1) as id", MOMENT)
        assert [r["id"] for r in offices] == [lampung], "office ids only, and only lampung"

        with frozen_at(MOMENT):
            assert await enqueue_periodic(app_conn, state) == Tick(offices=1, sweeps=1)
            assert await _jobs(app_conn, "escalation.sweep") == [(lampung, f"sweep:{bucket}")]
            # A second scheduler (or round) within the same 30 s: the same job.
            assert await enqueue_periodic(app_conn, state) == Tick(offices=1, sweeps=0)
        with frozen_at(MOMENT + dt.timedelta(seconds=SWEEP_SECONDS)):
            # Still due 30 s later (the wake-up was missed and no sweep has run): once more.
            assert await enqueue_periodic(app_conn, state) == Tick(offices=1, sweeps=1)
        await _as(
            app_conn,
            lampung,
            "update task_escalation_plans set falls_at = $2 where task_id = $1",
            task_id,
            MOMENT + dt.timedelta(days=1),
        )
        with frozen_at(MOMENT + dt.timedelta(seconds=2 * SWEEP_SECONDS)):
            assert await enqueue_periodic(app_conn, state) == Tick(), "handled: nothing more"
        assert [k for _, k in await _jobs(app_conn, "escalation.sweep")] == [
            f"sweep:{bucket}",
            f"sweep:{bucket + 1}",
        ]

        # The digest: planned after closing time, only where someone waits for one.
        await _as(
            app_conn,
            lampung,
            "insert into notifications (tenant_id, user_id, kind, title, body, dedupe_key,"
            " created_at, email_status) values ($1, $2, 'task_arrived', 'Uji', 'Uji', $3, $4,"
            " 'digest')",
            lampung,
            stf.user_id,
            f"uji-digest-{uuid.uuid4()}",
            MOMENT,
        )
        with frozen_at(MOMENT + dt.timedelta(hours=6)):  # 16:00 WIB: not yet
            await enqueue_periodic(app_conn, state)
        assert await _jobs(app_conn, "notifications.plan_digests") == []
        for _ in range(2):  # 17:00 WIB, then again: once a day
            with frozen_at(MOMENT + dt.timedelta(hours=7)):
                await enqueue_periodic(app_conn, state)
            planned = await _jobs(app_conn, "notifications.plan_digests")
            assert (lampung, "plan_digests:2020-01-01") in planned
            assert [t for t, _ in planned].count(lampung) == 1
        async with owner_conn.transaction():
            await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(kaltim))
            waiting = await owner_conn.fetchval(
                "select count(*) from notifications where email_status = 'digest'"
            )
        if not waiting:  # kaltim has nobody waiting for a digest: it gets no job at all
            assert kaltim not in {t for t, _ in planned}
    finally:
        await tx.rollback()
