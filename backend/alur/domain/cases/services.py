"""Running SOPs: starting a case and every action on its tasks.

Each call is one tenant transaction: the task row is locked, the rules are checked, the
change, the next task and the audit events are written together, or nothing is.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec

from alur.core.clock import now
from alur.core.dbtypes import Conn
from alur.core.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.audit.chain import record
from alur.domain.calendar.services import calendar_for
from alur.domain.calendar.working_time import WorkingCalendar
from alur.domain.cases import flow
from alur.domain.cases import repository as repo
from alur.domain.cases.access import Actor, load_actor
from alur.domain.cases.routing import OrgSnapshot, Route, column_of, org_snapshot, resolve
from alur.domain.cases.schemas import (
    CancelIn,
    CaseOut,
    CaseStart,
    CommentIn,
    CompleteIn,
    DecideIn,
    ReassignIn,
    ReturnIn,
    TaskOut,
)
from alur.domain.catalogue.importer.model import SopDocument
from alur.domain.identity.repository import held_positions
from alur.domain.notifications import escalation
from alur.domain.notifications import repository as notification_repo
from alur.domain.notifications.services import notify

_T = TypeVar("_T")


def _found(value: _T | None, what: str) -> _T:
    if value is None:
        raise NotFoundError(what)
    return value


_DOCS: OrderedDict[uuid.UUID, SopDocument] = OrderedDict()


def pinned_document(version_id: uuid.UUID, raw: str | dict[str, Any]) -> SopDocument:
    """Published versions never change, so each is parsed once per process."""
    doc = _DOCS.get(version_id)
    if doc is None:
        doc = msgspec.convert(json.loads(raw) if isinstance(raw, str) else raw, SopDocument)
        _DOCS[version_id] = doc
        while len(_DOCS) > 256:
            _DOCS.popitem(last=False)
    return doc


@dataclass
class Work:
    """Everything one action needs, loaded once inside its transaction."""

    ctx: TenantContext
    conn: Conn
    moment: dt.datetime
    org: OrgSnapshot
    actor: Actor
    cal: WorkingCalendar

    @property
    def today(self) -> dt.date:
        return self.moment.astimezone(self.cal.zone).date()


async def _work(ctx: TenantContext, conn: Conn) -> Work:
    moment = now()
    cal = await calendar_for(conn, ctx.tenant_id)
    org = await org_snapshot(conn)
    actor = await load_actor(conn, ctx, org, moment.astimezone(cal.zone).date())
    return Work(ctx, conn, moment, org, actor, cal)


async def _starter_positions(w: Work, starter: uuid.UUID) -> set[uuid.UUID]:
    return {p.position_id for p in await held_positions(w.conn, starter, w.today)}


async def _activate(
    w: Work,
    case_id: uuid.UUID,
    doc: SopDocument,
    position: int,
    *,
    unit_id: uuid.UUID,
    performer_units: dict[str, uuid.UUID],
    starter: uuid.UUID,
    cause: str,
    note: str = "",
) -> uuid.UUID:
    """``note``: what the previous step's performer wrote (a "tidak" reason, a return
    reason), carried into the notification."""
    step = flow.step_at(doc, position)
    column = column_of(doc, step.performer)
    route = resolve(w.org, column, unit_id, performer_units, await _starter_positions(w, starter))
    external = route.position_id is None
    vacant: uuid.UUID | None = None
    recipients = [starter]
    if route.position_id is not None:
        recipients = await notification_repo.holders_today(w.conn, route.position_id, w.today)
        if not recipients:
            vacant = route.position_id
            route, recipients = await _past_vacancy(w, route, vacant)
    deadline = (
        flow.deadline(w.cal, step, w.moment) if not external else flow.Deadline(None, None, None)
    )
    values: dict[str, Any] = {
        "case_id": case_id,
        "step_position": step.position,
        "step_number": step.number,
        "step_kind": step.kind,
        "activity": step.activity,
        "performer_key": column.key,
        "position_id": route.position_id,
        "external_party": route.external_party,
        "routing": route.explanation,
        "claimed_by": starter if external else None,
        "activated_at": w.moment,
        "waktu_raw": step.waktu.raw,
        "standard_minutes": deadline.standard_minutes,
        "at_risk_at": deadline.at_risk_at,
        "due_at": deadline.due_at,
        "counts_for_office": not external,
    }
    task_id = await repo.insert_task(w.conn, w.ctx.tenant_id, values)
    heading = await repo.case_heading(w.conn, case_id)
    about = {
        "number": heading["number"],
        "subject": heading["subject"],
        "step": step.number or step.position,
        "activity": step.activity,
        "due_at": deadline.due_at,
    }
    await notify(
        w.conn,
        w.ctx,
        recipients,
        "task_returned" if cause == "returned" else "task_arrived",
        {**about, "note": note},
        zone=str(w.cal.zone),
        dedupe=f"arrived:{task_id}",
        case_id=case_id,
        task_id=task_id,
    )
    if vacant is not None:
        await notify(
            w.conn,
            w.ctx,
            [starter],
            "task_rerouted",
            {
                **about,
                "vacant": w.org.positions[vacant]["title"],
                "position": w.org.positions[route.position_id]["title"]
                if route.position_id
                else "-",
            },
            zone=str(w.cal.zone),
            dedupe=f"rerouted:{task_id}",
            case_id=case_id,
            task_id=task_id,
        )
    settings = await notification_repo.escalation_settings(w.conn, w.ctx.tenant_id)
    await escalation.schedule(w.conn, w.ctx, task_id, escalation.first_stage(settings, values))
    await record(
        w.conn,
        w.ctx,
        "task.activated",
        "task",
        task_id,
        case_id=case_id,
        at=w.moment,
        after={
            "step": step.position,
            "number": step.number,
            "position": w.org.positions[route.position_id]["code"] if route.position_id else None,
            "external_party": route.external_party,
            "due_at": deadline.due_at,
            "cause": cause,
            "vacant": w.org.positions[vacant]["code"] if vacant else None,
        },
    )
    return task_id


async def _past_vacancy(w: Work, route: Route, vacant: uuid.UUID) -> tuple[Route, list[uuid.UUID]]:
    """A position nobody holds today hands its step to the nearest held position up the
    supervisor chain, so the work never waits on nobody; with none held, it stays put."""
    title = w.org.positions[vacant]["title"]
    seen = {vacant}
    current = w.org.positions[vacant].get("supervisor_id")
    while current is not None and current not in seen and current in w.org.positions:
        seen.add(current)
        holders = await notification_repo.holders_today(w.conn, current, w.today)
        if holders:
            above = w.org.positions[current]["title"]
            why = f"{route.explanation}; posisi {title} kosong, diteruskan ke {above}"
            return Route(current, None, why), holders
        current = w.org.positions[current].get("supervisor_id")
    return Route(vacant, None, f"{route.explanation}; posisi {title} kosong"), []


# --- starting a case ---------------------------------------------------------------------


def _default_unit(w: Work, owning: uuid.UUID | None) -> uuid.UUID | None:
    """A Seksi's staff run their Bidang's SOP in their Seksi: when the starter holds a
    position in exactly one unit below (or at) the owning unit, the case runs there."""
    if owning is None:
        return None
    mine = {u for u in w.actor.units if w.org.is_within(u, owning)}
    return mine.pop() if len(mine) == 1 else owning


def _may_start_in(w: Work, unit_id: uuid.UUID) -> bool:
    """Holders of a position in the unit, above it, or below it, and leaders reaching it."""
    if w.actor.supervises(None, unit_id):
        return True
    chain = set(w.org.ancestors(unit_id))
    return any(u in chain or w.org.is_within(u, unit_id) for u in w.actor.units)


async def start_case(ctx: TenantContext, data: CaseStart) -> CaseOut:
    subject, reference = data.subject.strip(), data.reference.strip()
    if len(subject) < 3:
        raise ValidationError("perihal kasus harus diisi (minimal 3 karakter)", field="subject")
    async with tenant_transaction(ctx) as tx:
        w = await _work(ctx, tx.connection)
        sop = await repo.published_version(w.conn, data.sop_id)
        if sop is None:
            raise NotFoundError("SOP")
        if sop["version_id"] is None:
            raise ConflictError("SOP ini belum punya versi terbit", field="sop_id")
        doc = pinned_document(sop["version_id"], sop["document"])
        unit_by_code = {u["code"]: uid for uid, u in w.org.units.items()}
        owning = unit_by_code.get(sop["unit_code"] or "")
        unit_id = data.unit_id or _default_unit(w, owning)
        if unit_id is None:
            raise ValidationError("pilih unit tempat kasus dijalankan", field="unit_id")
        if unit_id not in w.org.units:
            raise ValidationError("unit tidak dikenal", field="unit_id")
        if owning is not None and not w.org.is_within(unit_id, owning):
            raise ValidationError(
                "unit kasus harus unit pemilik SOP atau sub-unitnya", field="unit_id"
            )
        if not _may_start_in(w, unit_id):
            raise PermissionDeniedError("Anda tidak memegang jabatan di unit ini")
        case_columns = {c.key for c in doc.performers if c.rule.unit == "case"}
        for key, chosen in data.performer_units.items():
            if key not in case_columns:
                raise ValidationError(
                    f"'{key}' bukan pelaksana yang unitnya dipilih saat kasus dimulai",
                    field=f"performer_units.{key}",
                )
            if chosen not in w.org.units:
                raise ValidationError("unit tidak dikenal", field=f"performer_units.{key}")
        # Every step must route before the case exists, so no case gets stuck half-way.
        starter_positions = await _starter_positions(w, w.actor.user_id)
        for step in doc.steps:
            resolve(
                w.org,
                column_of(doc, step.performer),
                unit_id,
                data.performer_units,
                starter_positions,
            )
        external = {c.key for c in doc.performers if c.rule.kind == "external"}
        year = w.moment.astimezone(w.cal.zone).year
        number = await repo.next_case_number(w.conn, ctx.tenant_id, ctx.tenant_slug, year)
        case_id = await repo.insert_case(
            w.conn,
            ctx.tenant_id,
            {
                "number": number,
                "sop_id": sop["sop_id"],
                "version_id": sop["version_id"],
                "unit_id": unit_id,
                "subject": subject,
                "reference": reference,
                "performer_units": data.performer_units,
                "started_by": w.actor.user_id,
                "started_at": w.moment,
                "expected_minutes": flow.expected_minutes(w.cal, doc, external),
            },
        )
        await record(
            w.conn,
            ctx,
            "case.started",
            "case",
            case_id,
            case_id=case_id,
            at=w.moment,
            after={
                "number": number,
                "sop": sop["key"],
                "version": sop["number"],
                "unit": w.org.units[unit_id]["code"],
                "subject": subject,
                "reference": reference,
            },
        )
        await _activate(
            w,
            case_id,
            doc,
            doc.steps[0].position,
            unit_id=unit_id,
            performer_units=data.performer_units,
            starter=w.actor.user_id,
            cause="start",
        )
        case = await repo.get_case(w.conn, case_id, w.moment)
    return _found(case, "Kasus")


# --- actions on a task -------------------------------------------------------------------


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
        w = await _work(ctx, tx.connection)
        # The case row first, then the task: the order cancel() uses, so they never deadlock.
        await repo.lock_case_of_task(w.conn, task_id)
        task = await repo.lock_task(w.conn, task_id)
        if task is None or not await repo.case_visible(
            w.conn,
            task["case_id"],
            w.actor.view_list,
            w.actor.user_id,
            list(w.actor.positions),
        ):
            raise NotFoundError("Tugas")
        case = await repo.case_internals(w.conn, task["case_id"])
        if task["status"] != "active":
            raise ConflictError(
                f"tugas ini sudah tidak aktif ({_STATUS_ID[task['status']]})", field="status"
            )
        doc = pinned_document(case["version_id"], case["document"])
        await action(Acting(w, task, case, doc))
        out = await repo.get_task(w.conn, task_id, w.moment, w.today)
    return _found(out, "Tugas")


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
        await notify(
            a.w.conn,
            a.w.ctx,
            [heading["started_by"]],
            "case_finished",
            {"number": heading["number"], "subject": heading["subject"]},
            zone=str(a.w.cal.zone),
            dedupe=f"finished:{a.task['case_id']}",
            case_id=a.task["case_id"],
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
    await _activate(
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
            if not _within_reach(a.w, await _starter_positions(a.w, data.user_id)):
                raise ValidationError("pegawai ini di luar jangkauan Anda", field="user_id")
            name = await repo.user_name(a.w.conn, data.user_id)
            changes = {
                "claimed_by": data.user_id,
                "routing": f"didelegasikan kepada {name}: {data.reason.strip()}",
            }
        await repo.update_task(a.w.conn, a.task["id"], changes)
        heading = await repo.case_heading(a.w.conn, a.task["case_id"])
        await notify(
            a.w.conn,
            a.w.ctx,
            [data.user_id]
            if data.user_id
            else await notification_repo.holders_today(a.w.conn, data.position_id, a.w.today),
            "task_reassigned",
            {
                "number": heading["number"],
                "subject": heading["subject"],
                "step": a.task["step_number"] or a.task["step_position"],
                "due_at": a.task["due_at"],
            },
            zone=str(a.w.cal.zone),
            dedupe=f"reassigned:{a.task['id']}:{a.w.moment.isoformat()}",
            case_id=a.task["case_id"],
            task_id=a.task["id"],
        )
        await _audit_task(
            a,
            "task.reassigned",
            before,
            {k: str(v) if isinstance(v, uuid.UUID) else v for k, v in changes.items()},
        )

    return await _on_task(ctx, task_id, act)


# --- actions on a case -------------------------------------------------------------------


async def _visible_case(w: Work, case_id: uuid.UUID, *, lock: bool = False) -> CaseOut:
    if not await repo.case_visible(
        w.conn, case_id, w.actor.view_list, w.actor.user_id, list(w.actor.positions)
    ):
        raise NotFoundError("Kasus")
    case = await repo.get_case(w.conn, case_id, w.moment, lock=lock)
    if case is None:
        raise NotFoundError("Kasus")
    return case


async def comment(ctx: TenantContext, case_id: uuid.UUID, data: CommentIn) -> uuid.UUID:
    body = data.body.strip()
    if not body:
        raise ValidationError("komentar tidak boleh kosong", field="body")
    async with tenant_transaction(ctx) as tx:
        w = await _work(ctx, tx.connection)
        await _visible_case(w, case_id)
        if data.task_id is not None:
            task = await repo.get_task(w.conn, data.task_id, w.moment, w.today)
            if task is None or task.case_id != case_id:
                raise ValidationError("tugas bukan bagian dari kasus ini", field="task_id")
        comment_id = await repo.insert_comment(
            w.conn,
            ctx.tenant_id,
            {
                "case_id": case_id,
                "task_id": data.task_id,
                "author_id": w.actor.user_id,
                "body": body,
                "created_at": w.moment,
            },
        )
        await record(
            w.conn,
            ctx,
            "case.commented",
            "comment",
            comment_id,
            case_id=case_id,
            at=w.moment,
            after={"body": body, "task_id": data.task_id},
        )
    return comment_id


async def cancel(ctx: TenantContext, case_id: uuid.UUID, data: CancelIn) -> CaseOut:
    async with tenant_transaction(ctx) as tx:
        w = await _work(ctx, tx.connection)
        case = await _visible_case(w, case_id, lock=True)
        if case.status != "open":
            raise ConflictError(f"kasus ini sudah {case.status}", field="status")
        if case.started_by != w.actor.user_id and not w.actor.supervises(None, case.unit_id):
            raise PermissionDeniedError("hanya pemulai kasus atau atasan yang dapat membatalkan")
        cancelled = await repo.cancel_active(w.conn, case_id, w.moment)
        await repo.close_case(w.conn, case_id, "cancelled", w.moment, data.reason.strip())
        await record(
            w.conn,
            ctx,
            "case.cancelled",
            "case",
            case_id,
            case_id=case_id,
            at=w.moment,
            before={"status": "open"},
            after={
                "status": "cancelled",
                "reason": data.reason.strip(),
                "tasks": [str(t) for t in cancelled],
            },
        )
        out = await repo.get_case(w.conn, case_id, w.moment)
    return _found(out, "Tugas")


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
