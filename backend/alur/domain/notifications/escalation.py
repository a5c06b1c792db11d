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

from alur.core.counters import ESCALATIONS
from alur.core.dbtypes import Conn
from alur.core.tenancy import TenantContext, savepoint
from alur.domain.audit.chain import record
from alur.domain.calendar.working_time import WorkingCalendar
from alur.domain.jobs import outbox
from alur.domain.notifications.services import Notice, notify_many
from alur.domain.org.repository import held_by_today_many, supervisor_chains

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
    await schedule_many(conn, ctx, {task_id: stage})


async def schedule_many(
    conn: Conn, ctx: TenantContext, plans: dict[uuid.UUID, Stage | None]
) -> None:
    """Each task's next stage (None: no more), with the delayed job that wakes it then; three
    statements whatever the number of tasks."""
    ended = [task_id for task_id, stage in plans.items() if stage is None]
    planned = [(task_id, stage) for task_id, stage in plans.items() if stage is not None]
    if ended:
        await conn.execute(
            "delete from task_escalation_plans where task_id = any($1::uuid[])", ended
        )
    if not planned:
        return
    await conn.execute(
        "insert into task_escalation_plans (tenant_id, task_id, stage, falls_at)"
        " select $1, p.task_id, p.stage, p.falls_at from unnest($2::uuid[], $3::text[],"
        " $4::timestamptz[]) as p(task_id, stage, falls_at) on conflict (tenant_id, task_id)"
        " do update set stage = excluded.stage, falls_at = excluded.falls_at",
        ctx.tenant_id,
        [task_id for task_id, _ in planned],
        [stage[0] for _, stage in planned],
        [stage[1] for _, stage in planned],
    )
    await outbox.enqueue_many(
        conn,
        ctx,
        [
            outbox.NewJob(
                "escalation.check",
                {"task_id": str(task_id)},
                key=f"escalation:{task_id}:{stage[0]}:{stage[1].isoformat()}",
                queue="notifications",
                run_at=stage[1],
            )
            for task_id, stage in planned
        ],
    )


def _recipients(
    held: dict[uuid.UUID, list[uuid.UUID]],
    task: dict[str, Any],
    stage: str,
    chain: list[uuid.UUID],
) -> tuple[list[uuid.UUID], uuid.UUID | None]:
    """Who hears of this stage, and the position escalated to (None for the assignee), from
    who holds which post today (`held`)."""
    assignee = [task["claimed_by"]] if task["claimed_by"] else held.get(task["position_id"], [])
    if stage == "at_risk":
        return assignee, None
    if stage == "due":
        boss = held.get(chain[1], []) if len(chain) > 1 else []
        return assignee + boss, chain[1] if len(chain) > 1 else None
    level = _level(stage)
    if len(chain) <= level + 1:
        return [], None
    return held.get(chain[level + 1], []), chain[level + 1]


# A task with its plan, case and post. Each of the three is read by the task's own key (the
# `offset 0` keeps each lateral subquery a lookup per task: joined plainly, the planner reads
# every plan and case of the office to hash-join them with a batch of a thousand due tasks).
_TASKS = (
    "select t.id, t.case_id, t.status, t.step_position, t.step_number, t.activity,"
    " t.position_id, t.claimed_by, t.activated_at, t.at_risk_at, t.due_at,"
    " t.counts_for_office, e.stage as next_stage, e.falls_at as next_at, c.number,"
    " c.subject, p.title as position_title from tasks t"
    " join lateral (select number, subject from cases where id = t.case_id offset 0) c on true"
    " left join lateral (select title from org_positions where id = t.position_id offset 0) p"
    " on true left join lateral (select stage, falls_at from task_escalation_plans"
    " where task_id = t.id offset 0) e on true"
)
_TASK = _TASKS + " where t.id = $1 for update of t"
# The due plans, oldest first (the plans index), then their tasks locked by id: the task row
# before its plan (as task completion does), and a task another transaction holds is left
# for the next sweep, not waited for.
_DUE = (
    "select task_id from task_escalation_plans where falls_at <= $1"
    " and not (task_id = any($3::uuid[])) order by falls_at limit $2"
)
_LOCK_DUE = _TASKS + " where t.id = any($1::uuid[]) for update of t skip locked"


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
    fired = await _escalate(conn, ctx, [dict(row)], moment, cal, settings)
    return fired.get(task_id, [])


async def _escalate(
    conn: Conn,
    ctx: TenantContext,
    tasks: list[dict[str, Any]],
    moment: dt.datetime,
    cal: WorkingCalendar,
    settings: dict[str, Any],
) -> dict[uuid.UUID, list[str]]:
    """Fire every stage due at `moment` of these tasks (locked by the caller), set-based: the
    same statements for one task or a thousand. Returns the stages fired per task."""
    today = moment.astimezone(cal.zone).date()
    open_today = bool(cal.spans_on(today))
    plans: dict[uuid.UUID, Stage | None] = {}
    due: list[tuple[dict[str, Any], Stage]] = []
    for task in tasks:
        stage: Stage | None = (task["next_stage"], task["next_at"]) if task["next_stage"] else None
        if stage is None or stage[1] > moment:
            continue
        if task["status"] != "active" or not settings.get("enabled", True):
            plans[task["id"]] = None  # finished or cancelled since, or switched off: it goes
        elif not open_today or not cal.spans_on(stage[1].astimezone(cal.zone).date()):
            # A weekend or a day off (perhaps declared after the stage was planned): wait for
            # the office to open. A late sweep on a working day still fires (catch-up).
            plans[task["id"]] = (stage[0], cal.next_office_moment(moment))
        else:
            due.append((task, stage))
    if due:
        positions = sorted({task["position_id"] for task, _ in due if task["position_id"]})
        chains = await supervisor_chains(conn, positions)
        held = await held_by_today_many(
            conn, sorted({p for chain in chains.values() for p in chain}), today
        )
    # Every stage due, per task in order (a sweep after a long pause catches up several).
    stages: list[tuple[dict[str, Any], str, list[uuid.UUID], uuid.UUID | None]] = []
    for task, first in due:
        chain = chains.get(task["position_id"], [])
        next_: Stage | None = first
        while next_ is not None and next_[1] <= moment:
            recipients, escalated_to = _recipients(held, task, next_[0], chain)
            if next_[0].startswith("L") and escalated_to is None:
                next_ = None  # the head of office has been told; nobody above
                break
            stages.append((task, next_[0], recipients, escalated_to))
            next_ = next_stage(settings, cal, task, next_[0])
        plans[task["id"]] = next_
    fired: dict[uuid.UUID, list[str]] = {}
    if stages:
        # A stage fires once (task_escalations' key): only those inserted now are announced.
        rows = await conn.fetch(
            "insert into task_escalations (tenant_id, task_id, stage, level, position_id,"
            " recipients, fired_at) select $1, s.task_id, s.stage, s.level, s.position_id,"
            " s.recipients::jsonb, $7 from unnest($2::uuid[], $3::text[], $4::int[],"
            " $5::uuid[], $6::text[]) as s(task_id, stage, level, position_id, recipients)"
            " on conflict do nothing returning task_id, stage",
            ctx.tenant_id,
            [task["id"] for task, *_ in stages],
            [name for _, name, *_ in stages],
            [_level(name) for _, name, *_ in stages],
            [escalated_to for *_, escalated_to in stages],
            ["[" + ",".join(f'"{r}"' for r in recipients) + "]" for _, _, recipients, _ in stages],
            moment,
        )
        inserted = {(r["task_id"], r["stage"]) for r in rows}
        announced = [s for s in stages if (s[0]["id"], s[1]) in inserted]
        for task, name, _, _ in announced:
            fired.setdefault(task["id"], []).append(name)
            ESCALATIONS.labels(office=ctx.tenant_slug, stage=name).inc()
        await _announce(conn, ctx, announced, cal)
    await schedule_many(conn, ctx, plans)
    return fired


async def _announce(
    conn: Conn,
    ctx: TenantContext,
    stages: list[tuple[dict[str, Any], str, list[uuid.UUID], uuid.UUID | None]],
    cal: WorkingCalendar,
) -> None:
    """The stages fired: a notification to each recipient (and their e-mail jobs), and an
    event in the audit trail for each."""
    await notify_many(
        conn,
        ctx,
        [
            Notice(
                recipients,
                {"at_risk": "task_due_soon", "due": "task_overdue"}.get(stage, "escalation"),
                {
                    "number": task["number"],
                    "subject": task["subject"],
                    "step": task["step_number"] or task["step_position"],
                    "activity": task["activity"],
                    "due_at": task["due_at"],
                    "level": _level(stage),
                    "position": task["position_title"] or "-",
                },
                dedupe=f"escalation:{task['id']}:{stage}",
                case_id=task["case_id"],
                task_id=task["id"],
            )
            for task, stage, recipients, _ in stages
        ],
        zone=str(cal.zone),
    )
    for task, stage, recipients, _ in stages:
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
    batch: int = 1000,
) -> int:
    """Every task whose next stage is due, in batches, each batch set-based (a few statements
    for the whole batch); returns how many tasks fired.

    The task row is locked before its plan (as task completion does), and a task another
    transaction holds is skipped for the next sweep rather than waited for. A batch that fails
    is done again task by task, so one bad task spoils no other."""
    total = 0
    passed: list[uuid.UUID] = []  # held elsewhere or failed: left for the next sweep
    while True:
        ids = [r["task_id"] for r in await conn.fetch(_DUE, moment, batch, passed)]
        rows = [dict(r) for r in await conn.fetch(_LOCK_DUE, ids)] if ids else []
        locked = {task["id"] for task in rows}
        passed.extend(task_id for task_id in ids if task_id not in locked)
        try:
            async with savepoint(conn):
                total += len(await _escalate(conn, ctx, rows, moment, cal, settings))
        except Exception:
            log.exception("escalating %d tasks at once failed; one by one now", len(rows))
            for task in rows:
                try:
                    async with savepoint(conn):
                        if await _escalate(conn, ctx, [task], moment, cal, settings):
                            total += 1
                except Exception:
                    passed.append(task["id"])
                    log.exception("escalation of task %s failed; the others go on", task["id"])
        if len(ids) < batch:
            return total
