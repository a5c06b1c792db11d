"""Escalation with a held clock on the real database: the reminder, the due notice and each
level up the chain fire once, to the right people (an acting Kasubbag included), stop at the
head of office, and wait while the office is closed for a day off."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import asyncpg
import pytest

from alur.core.clock import frozen_at
from alur.core.tenancy import TenantContext
from alur.domain.calendar.services import calendar_for
from alur.domain.notifications.escalation import sweep
from alur.domain.notifications.repository import escalation_settings
from tests.integration.cases.support import Person, local, publish_with_performers

pytestmark = pytest.mark.integration

STAF = "staf-sub-bagian-umum-dan-kepegawaian"
KASUB = "kasubbag-umum-dan-kepegawaian"


async def _sweep(app_url: str, ctx: TenantContext, moment: dt.datetime) -> int:
    """What the scheduler's sweep job does, at a moment of our choosing."""
    conn = await asyncpg.connect(app_url)
    try:
        with frozen_at(moment):
            async with conn.transaction():
                await conn.execute(
                    "select set_config('app.tenant_id', $1, true)", str(ctx.tenant_id)
                )
                cal = await calendar_for(conn, ctx.tenant_id)
                settings = await escalation_settings(conn, ctx.tenant_id)
                return await sweep(conn, ctx, moment, cal, settings)
    finally:
        await conn.close()


async def _heard(owner: Any, tid: uuid.UUID, task_id: str) -> list[tuple[str, uuid.UUID]]:
    async with owner.transaction():
        await owner.execute("select set_config('app.tenant_id', $1, true)", str(tid))
        rows = await owner.fetch(
            "select kind, user_id from notifications where task_id = $1"
            " and kind <> 'task_arrived' order by created_at, kind, user_id",
            uuid.UUID(task_id),
        )
    return [(r["kind"], r["user_id"]) for r in rows]


async def _holders(owner: Any, tid: uuid.UUID, code: str) -> set[uuid.UUID]:
    """Everyone holding the position today: our test people, and any demo user signed in
    earlier by the SSO tests."""
    async with owner.transaction():
        await owner.execute("select set_config('app.tenant_id', $1, true)", str(tid))
        rows = await owner.fetch(
            "select h.user_id from position_holders h join org_positions p on p.id = h.position_id"
            " join users u on u.id = h.user_id where p.code = $1 and u.active"
            " and (h.starts_on is null or h.starts_on <= '2026-11-23')"
            " and (h.ends_on is null or h.ends_on >= '2026-11-23')",
            code,
        )
    return {r["user_id"] for r in rows}


async def _start(client: Any, who: Person, sop_id: str, at: dt.datetime) -> dict[str, Any]:
    with frozen_at(at):
        case = await client.post(
            "/api/cases",
            json={"sop_id": sop_id, "subject": "Surat terlambat"},
            cookies=who.who.cookies,
            headers=who.who.headers,
        )
        assert case.status_code == 201, case.text
        detail = (
            await client.get(f"/api/cases/{case.json()['id']}", cookies=who.who.cookies)
        ).json()
    return dict(detail["current"])


async def test_reminder_due_and_levels_fire_once_to_the_right_people(
    client: Any,
    office: Any,
    jobs_paused: Any,
    app_url: str,
    owner_conn: Any,
    tenant_ids: dict[str, uuid.UUID],
) -> None:
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    stf = await staff(STAF)
    kasub = await staff(KASUB)
    plt = await staff(KASUB, kind="plt")
    sek = await staff("sekretaris")
    kadis = await staff("kepala-dinas")
    tid = tenant_ids["lampung"]
    ctx = TenantContext(tid, "lampung")
    task = await _start(client, stf, sop["id"], local("lampung", "2026-11-23 08:00"))
    assert task["due_at"].startswith("2026-11-23T01:10")  # 08:10 WIB, step 1 "10 menit"

    async with owner_conn.transaction():
        await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tid))
        woken = await owner_conn.fetchval(
            "select run_at from outbox_jobs where actor = 'escalation.check'"
            " and args->>'task_id' = $1",
            task["id"],
        )
    assert woken == local("lampung", "2026-11-23 08:07:30"), "a delayed job at the at-risk mark"

    holders = {
        c: await _holders(owner_conn, tid, c) for c in (STAF, KASUB, "sekretaris", "kepala-dinas")
    }
    assert stf.user_id in holders[STAF]
    assert {kasub.user_id, plt.user_id} <= holders[KASUB], "the Plt holds the position too"
    assert sek.user_id in holders["sekretaris"]
    assert kadis.user_id in holders["kepala-dinas"]
    steps: list[tuple[str, set[tuple[str, uuid.UUID]]]] = [
        ("2026-11-23 08:05", set()),
        ("2026-11-23 08:08", {("task_due_soon", u) for u in holders[STAF]}),
        ("2026-11-23 08:09", set()),
        ("2026-11-23 08:10", {("task_overdue", u) for u in holders[STAF] | holders[KASUB]}),
        ("2026-11-23 08:20", {("escalation", u) for u in holders["sekretaris"]}),
        ("2026-11-23 08:25", set()),
        ("2026-11-23 08:30", {("escalation", u) for u in holders["kepala-dinas"]}),
        ("2026-11-23 08:45", set()),
        ("2026-11-23 10:00", set()),
    ]
    heard: list[tuple[str, uuid.UUID]] = []
    for moment, expected in steps:
        await _sweep(app_url, ctx, local("lampung", moment))
        await _sweep(app_url, ctx, local("lampung", moment))  # twice: still once
        now_heard = await _heard(owner_conn, tid, task["id"])
        new = now_heard[len(heard) :]
        assert len(new) == len(set(new)), f"{moment}: someone was told twice"
        assert set(new) == expected, moment
        heard = now_heard

    with frozen_at(local("lampung", "2026-11-23 10:00")):
        unit = (await client.get("/api/tasks/unit", cookies=kasub.who.cookies)).json()
        detail = (
            await client.get(f"/api/cases/{task['case_id']}", cookies=kasub.who.cookies)
        ).json()
    [mine] = [t for t in unit["items"] if t["id"] == task["id"]]
    assert mine["escalation_level"] == 2
    assert mine["sla"] == "overdue"
    stages = [e["after"]["stage"] for e in detail["timeline"] if e["action"] == "task.escalated"]
    assert stages == ["at_risk", "due", "L1", "L2"]

    with frozen_at(local("lampung", "2026-11-23 10:00")):
        figures = (
            await client.get(
                "/api/reports/performance?start=2026-11-16&end=2026-11-29",
                cookies=kadis.who.cookies,
            )
        ).json()
    weeks = {p["week"]: p["escalations"] for p in figures["trend"]}
    assert weeks == {"2026-11-16": 0, "2026-11-23": 2}, "L1 and L2 count; reminders do not"
    assert figures["escalations"] == 2


async def test_escalation_waits_for_the_office_to_open(
    client: Any,
    office: Any,
    jobs_paused: Any,
    app_url: str,
    owner_conn: Any,
    tenant_ids: dict[str, uuid.UUID],
) -> None:
    """Due Friday 16:30; the first level falls on Monday 07:40, but Monday has just been
    declared a day off: nothing on Saturday or Monday, the Sekretaris hears on Tuesday."""
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    stf = await staff(STAF)
    await staff(KASUB)
    sek = await staff("sekretaris")
    tid = tenant_ids["lampung"]
    ctx = TenantContext(tid, "lampung")
    task = await _start(client, stf, sop["id"], local("lampung", "2026-11-27 16:20"))
    await _sweep(app_url, ctx, local("lampung", "2026-11-27 16:31"))
    heard = await _heard(owner_conn, tid, task["id"])
    overdue = {u for k, u in heard if k == "task_overdue"}
    assert overdue == await _holders(owner_conn, tid, STAF) | await _holders(owner_conn, tid, KASUB)
    day_off = await client.post(
        "/api/calendar/days-off",
        json={"date": "2026-11-30", "name": "Cuti bersama daerah (uji)"},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert day_off.status_code == 201, day_off.text
    for moment in ("2026-11-28 10:00", "2026-11-30 07:45", "2026-11-30 13:00"):
        await _sweep(app_url, ctx, local("lampung", moment))
        assert await _heard(owner_conn, tid, task["id"]) == heard, moment
    await _sweep(app_url, ctx, local("lampung", "2026-12-01 07:31"))
    new = (await _heard(owner_conn, tid, task["id"]))[len(heard) :]
    assert set(new) == {("escalation", u) for u in await _holders(owner_conn, tid, "sekretaris")}
    assert ("escalation", sek.user_id) in new


async def test_escalation_settings_by_the_tenant_admin(client: Any, office: Any) -> None:
    admin, staff = await office("kaltim")
    stf = await staff("staf-sub-bagian-umum")
    current = (await client.get("/api/settings/escalation", cookies=stf.who.cookies)).json()
    assert current == {
        "enabled": True,
        "remind_at_risk": True,
        "further_allowance": "step",
        "max_levels": 6,
    }
    refused = await client.put(
        "/api/settings/escalation", json=current, cookies=stf.who.cookies, headers=stf.who.headers
    )
    assert refused.status_code == 403
    bad = await client.put(
        "/api/settings/escalation",
        json={**current, "max_levels": 0},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert bad.status_code == 400
    saved = await client.put(
        "/api/settings/escalation",
        json={**current, "further_allowance": 240, "max_levels": 2},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert saved.status_code == 200, saved.text
    again = (await client.get("/api/settings/escalation", cookies=stf.who.cookies)).json()
    assert again["further_allowance"] == 240


async def test_a_finished_task_leaves_no_plan_and_tells_nobody(
    client: Any,
    office: Any,
    jobs_paused: Any,
    app_url: str,
    owner_conn: Any,
    tenant_ids: dict[str, uuid.UUID],
) -> None:
    """The plan lives in notifications' own table, not on the task: finished before its
    reminder, the task's plan is dropped when the sweep comes by, and nobody hears."""
    admin, staff = await office("lampung")
    sop = await publish_with_performers(client, admin, "003-02", {})
    stf = await staff(STAF)
    await staff(KASUB)
    tid = tenant_ids["lampung"]
    ctx = TenantContext(tid, "lampung")
    task = await _start(client, stf, sop["id"], local("lampung", "2026-11-23 08:00"))

    async def plan() -> Any:
        async with owner_conn.transaction():
            await owner_conn.execute("select set_config('app.tenant_id', $1, true)", str(tid))
            return await owner_conn.fetchrow(
                "select stage, falls_at from task_escalation_plans where task_id = $1",
                uuid.UUID(task["id"]),
            )

    planned = await plan()
    assert (planned["stage"], planned["falls_at"]) == (
        "at_risk",
        local("lampung", "2026-11-23 08:07:30"),
    )
    columns = await owner_conn.fetch(
        "select column_name from information_schema.columns where table_name = 'tasks'"
        " and column_name like '%escalation%'"
    )
    assert columns == [], "escalation state is not kept on cases' tasks"

    with frozen_at(local("lampung", "2026-11-23 08:03")):
        done = await client.post(
            f"/api/tasks/{task['id']}/complete",
            json={},
            cookies=stf.who.cookies,
            headers=stf.who.headers,
        )
    assert done.status_code == 200, done.text
    await _sweep(app_url, ctx, local("lampung", "2026-11-23 09:00"))
    assert await _heard(owner_conn, tid, task["id"]) == []
    assert await plan() is None
