"""What people read: my inbox, my unit's tasks, one case with its timeline, case search."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from alur.core.clock import now
from alur.core.dbtypes import Conn
from alur.core.errors import NotFoundError, PermissionDeniedError, ValidationError
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.audit.repository import case_events
from alur.domain.cases import flow
from alur.domain.cases import repository as repo
from alur.domain.cases.access import user_uuid
from alur.domain.cases.context import Work, access_case_by_id, load_work, pinned
from alur.domain.cases.schemas import (
    CaseDetail,
    CaseOut,
    CasePage,
    PlanStep,
    ReassignTarget,
    TaskOut,
    TaskPage,
)
from alur.domain.catalogue.importer.model import SopDocument
from alur.domain.documents import services as document_services


def _sort(sort: str) -> str:
    if sort not in ("due", "-due", "activated", "-activated"):
        raise ValidationError("sort harus due, -due, activated, atau -activated", field="sort")
    return sort


async def my_tasks(
    ctx: TenantContext,
    *,
    sort: str,
    overdue: bool,
    today_only: bool,
    limit: int,
    offset: int,
    decisions_only: bool = False,
    without_decisions: bool = False,
) -> TaskPage:
    """The busiest read: the inbox needs only the user's positions today, not the whole
    org and calendar, so it costs two queries. A task delegated to someone else (claimed
    by them) is theirs, not in the position holders' inboxes."""
    async with tenant_transaction(ctx) as tx:
        inbox = await open_inbox(ctx, tx.connection)
        return await inbox_page(
            inbox,
            sort=sort,
            overdue=overdue,
            today_only=today_only,
            limit=limit,
            offset=offset,
            decisions_only=decisions_only,
            without_decisions=without_decisions,
        )


@dataclass(frozen=True)
class Inbox:
    """Whose inbox, read once per transaction: the user, the positions they hold today."""

    conn: Conn
    moment: dt.datetime
    zone: ZoneInfo
    user: uuid.UUID
    positions: list[uuid.UUID]

    @property
    def today(self) -> dt.date:
        return self.moment.astimezone(self.zone).date()


async def open_inbox(ctx: TenantContext, conn: Conn) -> Inbox:
    moment, user = now(), user_uuid(ctx)
    zone_name, positions = await repo.inbox_owner(conn, ctx.tenant_id, user, moment)
    return Inbox(conn, moment, ZoneInfo(zone_name), user, positions)


async def inbox_page(
    inbox: Inbox,
    *,
    sort: str,
    overdue: bool,
    today_only: bool,
    limit: int,
    offset: int,
    decisions_only: bool = False,
    without_decisions: bool = False,
) -> TaskPage:
    """One page of the inbox (`my_tasks`), inside the caller's transaction."""
    today = inbox.today
    items, total = await repo.active_tasks(
        inbox.conn,
        inbox.moment,
        today,
        mine=(inbox.user, inbox.positions),
        units=None,
        overdue_only=overdue,
        since=dt.datetime.combine(today, dt.time(0), inbox.zone) if today_only else None,
        sort=_sort(sort),
        limit=limit,
        offset=offset,
        decisions=True if decisions_only else (False if without_decisions else None),
    )
    return TaskPage(items=items, total=total, limit=limit, offset=offset)


async def unit_tasks(
    ctx: TenantContext,
    *,
    unit_id: uuid.UUID | None,
    sort: str,
    overdue: bool,
    limit: int,
    offset: int,
    others_only: bool = False,
) -> TaskPage:
    """A supervisor's team view: the open tasks of the units they lead; `others_only`
    leaves out those in the supervisor's own inbox (a task shows once on a dashboard)."""
    async with tenant_transaction(ctx) as tx:
        w = await load_work(ctx, tx.connection)
        return await team_page(
            w,
            unit_id=unit_id,
            sort=sort,
            overdue=overdue,
            limit=limit,
            offset=offset,
            others_only=others_only,
        )


async def team_page(
    w: Work,
    *,
    unit_id: uuid.UUID | None,
    sort: str,
    overdue: bool,
    limit: int,
    offset: int,
    others_only: bool = False,
) -> TaskPage:
    """One page of `unit_tasks`, inside the caller's transaction."""
    if not (w.actor.leads or w.actor.is_admin):
        raise PermissionDeniedError("daftar tugas unit untuk pejabat pengawas dan atasan")
    units = w.actor.view_list
    if unit_id is not None:
        if not w.actor.reaches(unit_id):
            raise PermissionDeniedError("unit ini di luar jangkauan Anda")
        units = [u for u in w.org.units if w.org.is_within(u, unit_id) and w.actor.reaches(u)]
    items, total = await repo.active_tasks(
        w.conn,
        w.moment,
        w.today,
        mine=None,
        units=units,
        overdue_only=overdue,
        since=None,
        sort=_sort(sort),
        limit=limit,
        offset=offset,
        not_mine=(w.actor.user_id, list(w.actor.positions)) if others_only else None,
    )
    return TaskPage(items=items, total=total, limit=limit, offset=offset)


def _is_mine(w: Work, task: TaskOut) -> bool:
    """Claimed by me, or unclaimed at a post I hold."""
    if task.claimed_by is not None:
        return task.claimed_by == w.actor.user_id
    return task.position_id in w.actor.positions


def _can(w: Work, task: TaskOut | None, case: Any) -> list[str]:
    can: list[str] = ["comment"]
    if case.status == "open" and (
        case.started_by == w.actor.user_id or w.actor.supervises(None, case.unit_id)
    ):
        can.append("cancel")
    if task is None:
        return can
    mine = _is_mine(w, task)
    supervised = w.actor.supervises(task.position_id, case.unit_id)
    if task.claimed_by is None and task.position_id in w.actor.positions:
        can.append("claim")
    if task.claimed_by == w.actor.user_id and not task.external_party:
        can.append("release")
    if mine or (task.external_party and supervised):
        can += ["decide"] if task.step_kind == "decision" else ["complete"]
        can.append("return")
    if supervised or (mine and w.actor.leads):  # a leader may delegate their own step
        can.append("reassign")
    return can


async def case_detail(ctx: TenantContext, case_id: uuid.UUID) -> CaseDetail:
    async with tenant_transaction(ctx) as tx:
        w = await load_work(ctx, tx.connection)
        case = await access_case_by_id(w, case_id)
        tasks = await repo.case_tasks(w.conn, case_id, w.moment, w.today)
        comments = await repo.case_comments(w.conn, case_id)
        timeline = await case_events(w.conn, case_id)
        done = await repo.completed_positions(w.conn, case_id)
        internals = await repo.case_internals(w.conn, case_id)
        documents = await document_services.of_case(w.conn, case_id)
        doc = await pinned(w.conn, internals["version_id"])
    order = [s.position for s in doc.steps]
    current = next((t for t in tasks if t.status == "active"), None)
    remaining = None
    if current is not None and current.due_at is not None:
        if current.due_at >= w.moment:
            remaining = w.cal.working_minutes(w.moment, current.due_at)
        else:
            remaining = -w.cal.working_minutes(current.due_at, w.moment)
    end = case.closed_at or w.moment
    external = sum(
        w.cal.working_minutes(t.activated_at, t.completed_at or end)
        for t in tasks
        if not t.counts_for_office
    )
    elapsed = w.cal.working_minutes(case.started_at, end) - external
    return CaseDetail(
        case=case,
        tasks=tasks,
        current=current,
        elapsed_minutes=round(max(elapsed, 0.0), 2),
        external_minutes=round(external, 2),
        can=_can(w, current, case),
        return_targets=[
            p
            for p in done
            if current is not None
            and p in order
            and current.step_position in order
            and order.index(p) < order.index(current.step_position)
        ],
        comments=comments,
        timeline=timeline,
        documents=documents,
        steps=_plan(w, doc),
        current_remaining_minutes=None if remaining is None else round(remaining, 2),
    )


def _plan(w: Work, doc: SopDocument) -> list[PlanStep]:
    headers = {c.key: c.header for c in doc.performers}
    out: list[PlanStep] = []
    for step in doc.steps:
        standard = flow.standard_minutes(w.cal, step)
        decision = step.decision if step.kind == "decision" else None
        out.append(
            PlanStep(
                position=step.position,
                number=step.number,
                kind=step.kind,
                activity=step.activity,
                performer=headers.get(step.performer or ""),
                waktu_raw=step.waktu.raw,
                standard_minutes=None if standard is None else round(standard, 2),
                output=step.output,
                next_position=None if decision else flow.after(doc, step.position),
                yes_target=decision.yes_target if decision else None,
                no_target=decision.no_target if decision else None,
            )
        )
    return out


CASE_EXPORT_LIMIT = 5000


async def search_cases(
    ctx: TenantContext,
    *,
    filters: dict[str, Any],
    sort: str = "-started",
    limit: int,
    offset: int,
) -> CasePage:
    async with tenant_transaction(ctx) as tx:
        w = await load_work(ctx, tx.connection)
        items, total = await _search(w, filters, sort, limit, offset)
    return CasePage(items=items, total=total, limit=limit, offset=offset)


async def export_cases(
    ctx: TenantContext, *, filters: dict[str, Any], sort: str
) -> tuple[list[CaseOut], ZoneInfo]:
    """Every matching case (up to CASE_EXPORT_LIMIT) and the office's zone, for the
    leaders' CSV."""
    async with tenant_transaction(ctx) as tx:
        w = await load_work(ctx, tx.connection)
        if not (w.actor.leads or w.actor.is_admin):
            raise PermissionDeniedError("ekspor kasus untuk pejabat pengawas dan atasan")
        items, total = await _search(w, filters, sort, None, 0)
    if total > CASE_EXPORT_LIMIT:
        raise ValidationError(
            f"{total} kasus cocok; persempit pencarian (paling banyak {CASE_EXPORT_LIMIT})",
            field="q",
        )
    return items, w.cal.zone


async def _search(
    w: Work, filters: dict[str, Any], sort: str, limit: int | None, offset: int
) -> tuple[list[CaseOut], int]:
    status = filters.get("status", "")
    if status not in ("", "open", "closed", "cancelled"):
        raise ValidationError("status harus open, closed, atau cancelled", field="status")
    if sort not in repo.CASE_SORTS:
        raise ValidationError(
            f"sort harus salah satu dari {', '.join(repo.CASE_SORTS)}", field="sort"
        )
    start, end = filters.get("start"), filters.get("end")
    if start and end and end < start:
        raise ValidationError("tanggal akhir sebelum tanggal awal", field="end")
    unit_id = filters.get("unit_id")
    units = None
    if unit_id is not None:
        # A Bidang includes its Seksi; a unit of another office simply matches nothing.
        units = [u for u in w.org.units if w.org.is_within(u, unit_id)] or [unit_id]
    return await repo.search_cases(
        w.conn,
        w.moment,
        reach=w.actor.view_list,
        user=w.actor.user_id,
        positions=list(w.actor.positions),
        filters={**filters, "units": units},
        sort=sort,
        limit=limit,
        offset=offset,
    )


async def reassign_targets(ctx: TenantContext, task_id: uuid.UUID) -> list[ReassignTarget]:
    """Posts a supervisor of the task may move it to: those in the units they lead."""
    async with tenant_transaction(ctx) as tx:
        w = await load_work(ctx, tx.connection)
        task = await repo.get_task(w.conn, task_id, w.moment, w.today)
        if task is None:
            raise NotFoundError("Tugas")
        try:
            case = await access_case_by_id(w, task.case_id)
        except NotFoundError:
            raise NotFoundError("Tugas") from None  # a task of a case out of reach
        mine = _is_mine(w, task)
        if not (w.actor.supervises(task.position_id, case.unit_id) or (mine and w.actor.leads)):
            raise PermissionDeniedError("hanya atasan yang dapat mengalihkan tugas")
        posts = [
            pid
            for pid, p in w.org.positions.items()
            if w.actor.reach is None or p["unit_id"] in w.actor.reach
        ]
        holders = await repo.holders_today(w.conn, posts, w.today)
    out = [
        ReassignTarget(
            position_id=pid,
            title=w.org.positions[pid]["title"],
            unit_name=w.org.units.get(w.org.positions[pid]["unit_id"], {}).get("name", ""),
            holders=holders.get(pid, []),
        )
        for pid in posts
    ]
    return sorted(out, key=lambda t: (t.unit_name, t.title))
