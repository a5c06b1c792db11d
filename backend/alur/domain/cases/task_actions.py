"""Actions on a task: claim, release, complete, decide, return, reassign; each one tenant
transaction with the task row locked, so the change, the next step and the audit events
are written together or not at all."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from alur.core.dbtypes import Conn
from alur.core.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from alur.core.events import announce
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.audit.chain import record
from alur.domain.cases import flow
from alur.domain.cases import repository as repo
from alur.domain.cases.activation import activate
from alur.domain.cases.context import (
    Work,
    found,
    load_work,
    pinned,
    positions_of,
)
from alur.domain.cases.events import CaseFinished, TaskReassigned
from alur.domain.cases.schemas import (
    CompleteIn,
    DecideIn,
    ReassignIn,
    ReturnIn,
    TaskOut,
)
from alur.domain.catalogue.importer.model import SopDocument
from alur.domain.org.repository import held_by_today


@dataclass
class Acting:
    w: Work
    task: dict[str, Any]
    case: dict[str, Any]
    doc: SopDocument

    @property
    def is_mine(self) -> bool:
        claimed = self.task["claimed_by"]
        if claimed is not None:
            return bool(claimed == self.w.actor.user_id)
        return self.task["position_id"] in self.w.actor.positions

    @property
    def supervised(self) -> bool:
        return self.w.actor.supervises(self.task["position_id"], self.case["unit_id"])


Action = Callable[[Acting], Awaitable[None]]


async def _on_task(ctx: TenantContext, task_id: uuid.UUID, action: Action) -> TaskOut:
    async with tenant_transaction(ctx) as tx:
        w = await load_work(ctx, tx.connection)
        # The case row first, then the task: the order cancel() uses, so they never deadlock.
        locked = await repo.lock_task_in_case(
            w.conn, task_id, w.actor.view_list, w.actor.user_id, list(w.actor.positions)
        )
        if locked is None:
            raise NotFoundError("Tugas")
        task, case = locked
        if task["status"] != "active":
            raise ConflictError(
                f"tugas ini sudah tidak aktif ({_STATUS_ID[task['status']]})", field="status"
            )
        doc = await pinned(w.conn, case["version_id"])
        await action(Acting(w, task, case, doc))
        out = await repo.get_task(w.conn, task_id, w.moment, w.today)
    return found(out, "Tugas")


_STATUS_ID = {
    "active": "aktif",
    "completed": "sudah diselesaikan",
    "returned": "sudah dikembalikan",
    "cancelled": "dibatalkan",
}


def _require_mine(a: Acting) -> None:
    claimed = a.task["claimed_by"]
    if claimed is not None and claimed != a.w.actor.user_id:
        if a.task["position_id"] in a.w.actor.positions or a.supervised:
            raise ConflictError("tugas ini sedang dikerjakan orang lain", field="claimed_by")
        raise PermissionDeniedError("tugas ini bukan untuk Anda")
    if not a.is_mine and not (a.task["external_party"] and a.supervised):
        raise PermissionDeniedError("tugas ini bukan untuk jabatan Anda")


async def _audit_task(a: Acting, action: str, before: Any, after: Any) -> None:
    """Every task event names its step, so the trail reads without looking the task up."""
    step = a.task["step_number"] or str(a.task["step_position"])
    after = {**after, "step": step} if isinstance(after, dict) else after
    await record(
        a.w.conn,
        a.w.ctx,
        action,
        "task",
        a.task["id"],
        case_id=a.task["case_id"],
        at=a.w.moment,
        before=before,
        after=after,
    )


_FINISH_ACTION = {
    "done": "task.completed",
    "ya": "task.decided",
    "tidak": "task.decided",
    "returned": "task.returned",
}


async def _finish(a: Acting, outcome: str, note: str, status: str = "completed") -> None:
    worked = a.w.cal.working_minutes(a.task["activated_at"], a.w.moment)
    await repo.update_task(
        a.w.conn,
        a.task["id"],
        {
            "status": status,
            "outcome": outcome,
            "note": note.strip(),
            "completed_at": a.w.moment,
            "completed_by": a.w.actor.user_id,
            "claimed_by": a.task["claimed_by"] or a.w.actor.user_id,
            "worked_minutes": worked,
        },
    )
    await _audit_task(
        a,
        _FINISH_ACTION[outcome],
        {"status": "active", "claimed_by": a.task["claimed_by"]},
        {
            "status": status,
            "outcome": outcome,
            "note": note.strip(),
            "worked_minutes": round(worked, 2),
            "on_time": None if a.task["due_at"] is None else a.w.moment <= a.task["due_at"],
        },
    )


async def _advance(a: Acting, target: int | None, cause: str, note: str = "") -> None:
    if target is None:
        await repo.close_case(a.w.conn, a.task["case_id"], "closed", a.w.moment)
        heading = await repo.case_heading(a.w.conn, a.task["case_id"])
        await announce(
            a.w.conn,
            a.w.ctx,
            CaseFinished(
                case_id=a.task["case_id"],
                number=heading["number"],
                subject=heading["subject"],
                starter=heading["started_by"],
                zone=str(a.w.cal.zone),
            ),
        )
        await record(
            a.w.conn,
            a.w.ctx,
            "case.closed",
            "case",
            a.task["case_id"],
            case_id=a.task["case_id"],
            at=a.w.moment,
            before={"status": "open"},
            after={"status": "closed"},
        )
        return
    await activate(
        a.w,
        a.task["case_id"],
        a.doc,
        target,
        unit_id=a.case["unit_id"],
        performer_units=a.case["performer_units"],
        starter=a.case["started_by"],
        cause=cause,
        note=note,
    )


async def claim(ctx: TenantContext, task_id: uuid.UUID) -> TaskOut:
    async def act(a: Acting) -> None:
        if a.task["claimed_by"] == a.w.actor.user_id:
            return
        _require_mine(a)
        await repo.update_task(a.w.conn, a.task["id"], {"claimed_by": a.w.actor.user_id})
        await _audit_task(
            a, "task.claimed", {"claimed_by": None}, {"claimed_by": str(a.w.actor.user_id)}
        )

    return await _on_task(ctx, task_id, act)


async def release(ctx: TenantContext, task_id: uuid.UUID) -> TaskOut:
    async def act(a: Acting) -> None:
        if a.task["external_party"]:
            raise ConflictError("langkah pihak luar dicatat oleh pemulai kasus", field="claimed_by")
        if a.task["claimed_by"] != a.w.actor.user_id:
            raise ConflictError("tugas ini tidak sedang Anda pegang", field="claimed_by")
        await repo.update_task(a.w.conn, a.task["id"], {"claimed_by": None})
        await _audit_task(
            a, "task.released", {"claimed_by": str(a.w.actor.user_id)}, {"claimed_by": None}
        )

    return await _on_task(ctx, task_id, act)


async def complete(ctx: TenantContext, task_id: uuid.UUID, data: CompleteIn) -> TaskOut:
    async def act(a: Acting) -> None:
        _require_mine(a)
        if a.task["step_kind"] == "decision":
            raise ValidationError("langkah keputusan diselesaikan dengan ya/tidak", field="choice")
        await _finish(a, "done", data.note)
        await _advance(a, flow.after(a.doc, a.task["step_position"]), "after")

    return await _on_task(ctx, task_id, act)


async def decide(ctx: TenantContext, task_id: uuid.UUID, data: DecideIn) -> TaskOut:
    async def act(a: Acting) -> None:
        _require_mine(a)
        target = flow.decided(a.doc, a.task["step_position"], data.choice)
        await _finish(a, data.choice, data.note)
        await _advance(a, target, data.choice, data.note)

    return await _on_task(ctx, task_id, act)


async def return_to(ctx: TenantContext, task_id: uuid.UUID, data: ReturnIn) -> TaskOut:
    async def act(a: Acting) -> None:
        _require_mine(a)
        done = await repo.completed_positions(a.w.conn, a.task["case_id"])
        order = [s.position for s in a.doc.steps]
        earlier = data.to_step in order and order.index(data.to_step) < order.index(
            a.task["step_position"]
        )
        if data.to_step not in done or not earlier:
            raise ValidationError(
                "kembalikan hanya ke langkah sebelumnya yang sudah dikerjakan dalam kasus ini",
                field="to_step",
            )
        await _finish(a, "returned", data.reason, status="returned")
        await _advance(a, data.to_step, "returned", data.reason)

    return await _on_task(ctx, task_id, act)


def _within_reach(w: Work, positions: set[uuid.UUID]) -> bool:
    """A leader hands work only to posts in the units they lead (the head: anywhere)."""
    if w.actor.reach is None:
        return True
    return any(
        w.org.positions[p]["unit_id"] in w.actor.reach for p in positions if p in w.org.positions
    )


async def reassign(ctx: TenantContext, task_id: uuid.UUID, data: ReassignIn) -> TaskOut:
    async def act(a: Acting) -> None:
        if not (a.supervised or (a.is_mine and a.w.actor.leads)):
            raise PermissionDeniedError("hanya atasan yang dapat mengalihkan tugas")
        if (data.position_id is None) == (data.user_id is None):
            raise ValidationError("pilih salah satu: jabatan atau pegawai", field="position_id")
        before = {
            "position_id": str(a.task["position_id"]) if a.task["position_id"] else None,
            "claimed_by": str(a.task["claimed_by"]) if a.task["claimed_by"] else None,
        }
        changes: dict[str, Any]
        if data.position_id is not None:
            if data.position_id not in a.w.org.positions:
                raise ValidationError("jabatan tidak dikenal", field="position_id")
            if not _within_reach(a.w, {data.position_id}):
                raise ValidationError("jabatan ini di luar jangkauan Anda", field="position_id")
            title = a.w.org.positions[data.position_id]["title"]
            changes = {
                "position_id": data.position_id,
                "claimed_by": None,
                "routing": f"dialihkan ke {title}: {data.reason.strip()}",
            }
        else:
            if data.user_id is None or not await repo.user_exists(a.w.conn, data.user_id):
                raise ValidationError("pegawai tidak dikenal atau tidak aktif", field="user_id")
            if not _within_reach(a.w, await positions_of(a.w, data.user_id)):
                raise ValidationError("pegawai ini di luar jangkauan Anda", field="user_id")
            name = await repo.user_name(a.w.conn, data.user_id)
            changes = {
                "claimed_by": data.user_id,
                "routing": f"didelegasikan kepada {name}: {data.reason.strip()}",
            }
        await repo.update_task(a.w.conn, a.task["id"], changes)
        heading = await repo.case_heading(a.w.conn, a.task["case_id"])
        await announce(
            a.w.conn,
            a.w.ctx,
            TaskReassigned(
                task_id=a.task["id"],
                case_id=a.task["case_id"],
                number=heading["number"],
                subject=heading["subject"],
                step=a.task["step_number"] or str(a.task["step_position"]),
                due_at=a.task["due_at"],
                recipients=[data.user_id]
                if data.user_id
                else await held_by_today(a.w.conn, data.position_id, a.w.today),
                zone=str(a.w.cal.zone),
                at=a.w.moment,
            ),
        )
        await _audit_task(
            a,
            "task.reassigned",
            before,
            {k: str(v) if isinstance(v, uuid.UUID) else v for k, v in changes.items()},
        )

    return await _on_task(ctx, task_id, act)


async def return_work_to_queue(conn: Conn, ctx: TenantContext, user_id: uuid.UUID) -> int:
    """A deactivated user's claimed tasks go back to their positions' queues (and to the
    supervisors, for outside parties' steps), in the deactivation's transaction."""
    released = await repo.release_claims_of(conn, user_id)
    for task in released:
        await record(
            conn,
            ctx,
            "task.released",
            "task",
            task["id"],
            case_id=task["case_id"],
            before={"claimed_by": str(user_id)},
            after={"claimed_by": None, "reason": "pengguna dinonaktifkan"},
        )
    return len(released)
