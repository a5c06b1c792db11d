"""How notifications react to what the case engine announces: tell the people concerned and
schedule the task's escalation. Connected once per process by `connect()`."""

from __future__ import annotations

from typing import Any

from alur.core.dbtypes import Conn
from alur.core.events import subscribe
from alur.core.tenancy import TenantContext
from alur.domain.cases.events import CaseFinished, TaskActivated, TaskReassigned
from alur.domain.notifications.services import notify, task_activated


async def on_task_activated(conn: Conn, ctx: TenantContext, e: TaskActivated) -> None:
    about: dict[str, Any] = {
        "number": e.number,
        "subject": e.subject,
        "step": e.step,
        "activity": e.activity,
        "due_at": e.due_at,
    }
    await notify(
        conn,
        ctx,
        e.recipients,
        "task_returned" if e.returned else "task_arrived",
        {**about, "note": e.note},
        zone=e.zone,
        dedupe=f"arrived:{e.task_id}",
        case_id=e.case_id,
        task_id=e.task_id,
    )
    if e.vacant is not None and e.starter is not None:
        await notify(
            conn,
            ctx,
            [e.starter],
            "task_rerouted",
            {**about, "vacant": e.vacant, "position": e.routed_to or "-"},
            zone=e.zone,
            dedupe=f"rerouted:{e.task_id}",
            case_id=e.case_id,
            task_id=e.task_id,
        )
    await task_activated(conn, ctx, e.task_id, e.task)


async def on_task_reassigned(conn: Conn, ctx: TenantContext, e: TaskReassigned) -> None:
    await notify(
        conn,
        ctx,
        e.recipients,
        "task_reassigned",
        {"number": e.number, "subject": e.subject, "step": e.step, "due_at": e.due_at},
        zone=e.zone,
        dedupe=f"reassigned:{e.task_id}:{e.at.isoformat()}",
        case_id=e.case_id,
        task_id=e.task_id,
    )


async def on_case_finished(conn: Conn, ctx: TenantContext, e: CaseFinished) -> None:
    await notify(
        conn,
        ctx,
        [e.starter],
        "case_finished",
        {"number": e.number, "subject": e.subject},
        zone=e.zone,
        dedupe=f"finished:{e.case_id}",
        case_id=e.case_id,
    )


def connect() -> None:
    subscribe(TaskActivated, on_task_activated)
    subscribe(TaskReassigned, on_task_reassigned)
    subscribe(CaseFinished, on_case_finished)
