"""Escalation of a task that is running late (docs/jobs.md):

    at_risk   reminder to the assignee when the at-risk share of the allowance is used
    due       the assignee and their supervisor, at the due time
    L1, L2 …  one level further up the supervisor chain per further allowance after the due
              time (the step's own allowance by default), up to the head of office

Each active task has its next stage and when it falls in `task_escalation_plans`, a table of
this domain (the level reached is the highest stage fired in `task_escalations`). A delayed outbox
job wakes the task at that moment, and the scheduler's sweep catches anything missed; both
call `escalate_task`, which fires a stage only once (task_escalations' key) and never on a
weekend or day off (it waits for the next office minute instead).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from alur.core.dbtypes import Conn
from alur.core.tenancy import TenantContext
from alur.domain.audit.chain import record
from alur.domain.calendar.working_time import WorkingCalendar
from alur.domain.jobs import outbox
from alur.domain.notifications.services import notify
from alur.domain.org.repository import held_by_today, supervisor_chain

Stage = tuple[str, dt.datetime]
log = logging.getLogger("alur.escalation")


def _level(stage: str) -> int:
    return int(stage[1:]) if stage.startswith("L") else 0


def _allowance(settings: dict[str, Any], cal: WorkingCalendar, task: dict[str, Any]) -> float:
    if settings.get("further_allowance", "step") == "step":
        return max(cal.working_minutes(task["activated_at"], task["due_at"]), 1.0)
    return float(settings["further_allowance"])


def first_stage(settings: dict[str, Any], task: dict[str, Any]) -> Stage | None:
    if not settings.get("enabled", True) or task["due_at"] is None:
        return None
    if not task["counts_for_office"] or task["position_id"] is None:
        return None
    if settings.get("remind_at_risk", True) and task["at_risk_at"] is not None:
        return ("at_risk", task["at_risk_at"])
    return ("due", task["due_at"])


def next_stage(
    settings: dict[str, Any], cal: WorkingCalendar, task: dict[str, Any], stage: str
) -> Stage | None:
    if stage == "at_risk":
        return ("due", task["due_at"])
    level = _level(stage) + 1
    if level > int(settings.get("max_levels", 6)):
        return None
    try:
        at = cal.add_minutes(task["due_at"], level * _allowance(settings, cal, task))
    except ValueError:  # further than the calendar looks ahead: stop escalating
        return None
    return (f"L{level}", at)


async def schedule(conn: Conn, ctx: TenantContext, task_id: uuid.UUID, stage: Stage | None) -> None:
    if stage is None:
        await conn.execute("delete from task_escalation_plans where task_id = $1", task_id)
        return
    await conn.execute(
        "insert into task_escalation_plans (tenant_id, task_id, stage, falls_at)"
        " values ($1, $2, $3, $4) on conflict (tenant_id, task_id)"
        " do update set stage = excluded.stage, falls_at = excluded.falls_at",
        ctx.tenant_id,
        task_id,
        stage[0],
        stage[1],
    )
    await outbox.enqueue(
        conn,
        ctx,
        "escalation.check",
        {"task_id": str(task_id)},
        key=f"escalation:{task_id}:{stage[0]}:{stage[1].isoformat()}",
        queue="notifications",
        run_at=stage[1],
    )


async def _recipients(
    conn: Conn, task: dict[str, Any], stage: str, chain: list[uuid.UUID], today: dt.date
) -> tuple[list[uuid.UUID], uuid.UUID | None]:
    """Who hears of this stage, and the position escalated to (None for the assignee)."""
    assignee = (
        [task["claimed_by"]]
        if task["claimed_by"]
        else await held_by_today(conn, task["position_id"], today)
    )
    if stage == "at_risk":
        return assignee, None
    if stage == "due":
        boss = await held_by_today(conn, chain[1], today) if len(chain) > 1 else []
        return assignee + boss, chain[1] if len(chain) > 1 else None
    level = _level(stage)
    if len(chain) <= level + 1:
        return [], None
    return await held_by_today(conn, chain[level + 1], today), chain[level + 1]


_TASK = (
    "select t.id, t.case_id, t.status, t.step_position, t.step_number, t.activity,"
    " t.position_id, t.claimed_by, t.activated_at, t.at_risk_at, t.due_at,"
    " t.counts_for_office, e.stage as next_stage, e.falls_at as next_at, c.number,"
    " c.subject, p.title as position_title from tasks t join cases c on c.id = t.case_id"
    " left join org_positions p on p.id = t.position_id"
    " left join task_escalation_plans e on e.task_id = t.id where t.id = $1 for update of t"
)


async def escalate_task(
    conn: Conn,
    ctx: TenantContext,
    task_id: uuid.UUID,
    moment: dt.datetime,
    cal: WorkingCalendar,
    settings: dict[str, Any],
) -> list[str]:
    """Fire every stage of the task that is due at `moment`; returns the stages fired."""
    row = await conn.fetchrow(_TASK, task_id)
    if row is None:
        return []
    task = dict(row)
    fired: list[str] = []
    stage: Stage | None = (task["next_stage"], task["next_at"]) if task["next_stage"] else None
    if stage is None or stage[1] > moment:
        return fired
    if task["status"] != "active":  # finished or cancelled since: the plan goes
        await schedule(conn, ctx, task_id, None)
        return fired
    if not settings.get("enabled", True):  # switched off after this was planned
        await schedule(conn, ctx, task_id, None)
        return fired
    today = moment.astimezone(cal.zone).date()
    if not cal.spans_on(today) or not cal.spans_on(stage[1].astimezone(cal.zone).date()):
        # A weekend or a day off (perhaps declared after the stage was planned): wait for
        # the office to open. A late sweep on a working day still fires (catch-up).
        await schedule(conn, ctx, task_id, (stage[0], cal.next_office_moment(moment)))
        return fired
    chain = await supervisor_chain(conn, task["position_id"])
    while stage is not None and stage[1] <= moment:
        recipients, escalated_to = await _recipients(conn, task, stage[0], chain, today)
        if stage[0].startswith("L") and escalated_to is None:
            stage = None  # the head of office has been told; nobody above
            break
        inserted = await conn.fetchval(
            "insert into task_escalations (tenant_id, task_id, stage, level, position_id,"
            " recipients, fired_at) values ($1, $2, $3, $4, $5, $6::jsonb, $7)"
            " on conflict do nothing returning stage",
            ctx.tenant_id,
            task_id,
            stage[0],
            _level(stage[0]),
            escalated_to,
            "[" + ",".join(f'"{r}"' for r in recipients) + "]",
            moment,
        )
        if inserted:
            fired.append(stage[0])
            await _announce(conn, ctx, task, stage[0], recipients, cal)
        stage = next_stage(settings, cal, task, stage[0])
    await schedule(conn, ctx, task_id, stage)
    return fired


async def _announce(
    conn: Conn,
    ctx: TenantContext,
    task: dict[str, Any],
    stage: str,
    recipients: list[uuid.UUID],
    cal: WorkingCalendar,
) -> None:
    kind = {"at_risk": "task_due_soon", "due": "task_overdue"}.get(stage, "escalation")
    await notify(
        conn,
        ctx,
        recipients,
        kind,
        {
            "number": task["number"],
            "subject": task["subject"],
            "step": task["step_number"] or task["step_position"],
            "activity": task["activity"],
            "due_at": task["due_at"],
            "level": _level(stage),
            "position": task["position_title"] or "-",
        },
        zone=str(cal.zone),
        dedupe=f"escalation:{task['id']}:{stage}",
        case_id=task["case_id"],
        task_id=task["id"],
    )
    await record(
        conn,
        ctx,
        "task.escalated",
        "task",
        task["id"],
        case_id=task["case_id"],
        after={"stage": stage, "recipients": [str(r) for r in recipients]},
    )


async def sweep(
    conn: Conn,
    ctx: TenantContext,
    moment: dt.datetime,
    cal: WorkingCalendar,
    settings: dict[str, Any],
    batch: int = 500,
) -> int:
    """Every task whose next stage is due, in batches; returns how many tasks fired.

    The task row is locked before its plan (as task completion does), and a task another
    transaction holds is skipped for the next sweep rather than waited for."""
    total = 0
    failed: list[uuid.UUID] = []  # every other task leaves the due set: fired, moved or ended
    while True:
        ids = await conn.fetch(
            "select t.id from task_escalation_plans e join tasks t on t.id = e.task_id"
            " where e.falls_at <= $1 and not (t.id = any($3::uuid[]))"
            " order by e.falls_at limit $2 for update of t skip locked",
            moment,
            batch,
            failed,
        )
        for r in ids:
            try:
                async with conn.transaction():  # a savepoint: one bad task spoils no other
                    if await escalate_task(conn, ctx, r["id"], moment, cal, settings):
                        total += 1
            except Exception:
                failed.append(r["id"])
                log.exception("escalation of task %s failed; the others go on", r["id"])
        if len(ids) < batch:
            return total
