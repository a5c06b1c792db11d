"""Case, task and report routes: parse input, check the declared permission, call services."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import msgspec
from litestar import Controller, Response, get, post
from litestar.di import Provide
from litestar.params import Parameter

from alur.core.errors import ValidationError
from alur.core.pagination import Limit, Offset
from alur.core.policy import Permission
from alur.core.security import needs, provide_tenant_context
from alur.core.tenancy import TenantContext, parse_id
from alur.domain.cases import reports, services, vacancies, views
from alur.domain.cases.case_csv import case_csv
from alur.domain.cases.schemas import (
    CancelIn,
    CaseDetail,
    CaseOut,
    CasePage,
    CaseStart,
    CommentIn,
    CompleteIn,
    DecideIn,
    Monitoring,
    Performance,
    ReassignIn,
    ReassignTarget,
    ReturnIn,
    TaskOut,
    TaskPage,
    VacantPost,
)

WORK = [needs(Permission.CASES_WORK)]


class Created(msgspec.Struct):
    id: uuid.UUID


def _optional_id(raw: str | None, what: str) -> uuid.UUID | None:
    return parse_id(raw, what) if raw else None


CaseFilters = dict[str, object]


def provide_case_filters(
    sop_id: str | None = None,
    unit_id: str | None = None,
    status: str = "",
    overdue: bool = False,
    start: dt.date | None = None,
    end: dt.date | None = None,
    reference: str = "",
    q: str = "",
    case_scope: Annotated[str, Parameter(query="scope")] = "all",
    during: bool = False,
) -> CaseFilters:
    """The case search's query parameters, shared by the list and its CSV. `start`/`end`
    take the cases started in the period, or with `during` those open at any time in it
    (the cases behind the figures, which count the steps of the period)."""
    if case_scope not in ("all", "mine"):
        raise ValidationError("scope harus all atau mine", field="scope")
    return {
        "sop_id": _optional_id(sop_id, "SOP"),
        "unit_id": _optional_id(unit_id, "Unit"),
        "status": status,
        "overdue": overdue,
        "start": start,
        "end": end,
        "reference": reference.strip(),
        "q": q.strip(),
        "mine": case_scope == "mine",
        "during": during,
    }


class CasesController(Controller):
    path = "/api/cases"
    tags = ["cases"]
    dependencies = {
        "ctx": Provide(provide_tenant_context),
        "filters": Provide(provide_case_filters, sync_to_thread=False),
    }
    guards = WORK

    @post("/", operation_id="startCase")
    async def start(self, ctx: TenantContext, data: CaseStart) -> CaseOut:
        return await services.start_case(ctx, data)

    @get("/", operation_id="searchCases")
    async def search(
        self,
        ctx: TenantContext,
        filters: CaseFilters,
        sort: str = "-started",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> CasePage:
        """Cases within my reach or that I take part in; `scope=mine`: only those I started,
        acted on, or that wait on me. `q` searches number, perihal, reference and SOP."""
        return await views.search_cases(ctx, filters=filters, sort=sort, limit=limit, offset=offset)

    @get("/export.csv", operation_id="exportCases", media_type="text/csv")
    async def export(
        self,
        ctx: TenantContext,
        filters: CaseFilters,
        sort: str = "-started",
    ) -> Response[str]:
        """The same search as a CSV (leaders and tenant admins)."""
        rows, zone = await views.export_cases(ctx, filters=filters, sort=sort)
        return Response(
            case_csv(rows, zone),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="kasus.csv"'},
        )

    @get("/{case_id:str}", operation_id="getCase")
    async def detail(self, ctx: TenantContext, case_id: str) -> CaseDetail:
        return await views.case_detail(ctx, parse_id(case_id, "Kasus"))

    @post("/{case_id:str}/comments", operation_id="commentOnCase")
    async def comment(self, ctx: TenantContext, case_id: str, data: CommentIn) -> Created:
        return Created(await services.comment(ctx, parse_id(case_id, "Kasus"), data))

    @post("/{case_id:str}/cancel", operation_id="cancelCase", status_code=200)
    async def cancel(self, ctx: TenantContext, case_id: str, data: CancelIn) -> CaseOut:
        return await services.cancel(ctx, parse_id(case_id, "Kasus"), data)


class TasksController(Controller):
    path = "/api/tasks"
    tags = ["tasks"]
    dependencies = {"ctx": Provide(provide_tenant_context)}
    guards = WORK

    @get("/mine", operation_id="myTasks")
    async def mine(
        self,
        ctx: TenantContext,
        sort: str = "due",
        overdue: bool = False,
        today: bool = False,
        decisions: bool = False,
        no_decisions: bool = False,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> TaskPage:
        """Active tasks claimed by me, or unclaimed and waiting on a position I hold (incl.
        as Plt/Plh); `decisions` keeps only the ya/tidak steps, `no_decisions` leaves them
        out (the dashboard lists them on their own)."""
        return await views.my_tasks(
            ctx,
            sort=sort,
            overdue=overdue,
            today_only=today,
            limit=limit,
            offset=offset,
            decisions_only=decisions,
            without_decisions=no_decisions,
        )

    @get("/unit", operation_id="unitTasks")
    async def unit(
        self,
        ctx: TenantContext,
        unit_id: str | None = None,
        sort: str = "due",
        overdue: bool = False,
        others: bool = False,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> TaskPage:
        """Open tasks of the units I lead; `others` leaves out those in my own inbox."""
        return await views.unit_tasks(
            ctx,
            unit_id=_optional_id(unit_id, "Unit"),
            sort=sort,
            overdue=overdue,
            limit=limit,
            offset=offset,
            others_only=others,
        )

    @get("/{task_id:str}/reassign-targets", operation_id="reassignTargets")
    async def reassign_targets(self, ctx: TenantContext, task_id: str) -> list[ReassignTarget]:
        """Posts within my reach to move the task to, with who holds each today."""
        return await views.reassign_targets(ctx, parse_id(task_id, "Tugas"))

    @post("/{task_id:str}/claim", operation_id="claimTask", status_code=200)
    async def claim(self, ctx: TenantContext, task_id: str) -> TaskOut:
        return await services.claim(ctx, parse_id(task_id, "Tugas"))

    @post("/{task_id:str}/release", operation_id="releaseTask", status_code=200)
    async def release(self, ctx: TenantContext, task_id: str) -> TaskOut:
        return await services.release(ctx, parse_id(task_id, "Tugas"))

    @post("/{task_id:str}/complete", operation_id="completeTask", status_code=200)
    async def complete(self, ctx: TenantContext, task_id: str, data: CompleteIn) -> TaskOut:
        return await services.complete(ctx, parse_id(task_id, "Tugas"), data)

    @post("/{task_id:str}/decide", operation_id="decideTask", status_code=200)
    async def decide(self, ctx: TenantContext, task_id: str, data: DecideIn) -> TaskOut:
        return await services.decide(ctx, parse_id(task_id, "Tugas"), data)

    @post("/{task_id:str}/return", operation_id="returnTask", status_code=200)
    async def return_(self, ctx: TenantContext, task_id: str, data: ReturnIn) -> TaskOut:
        return await services.return_to(ctx, parse_id(task_id, "Tugas"), data)

    @post("/{task_id:str}/reassign", operation_id="reassignTask", status_code=200)
    async def reassign(self, ctx: TenantContext, task_id: str, data: ReassignIn) -> TaskOut:
        return await services.reassign(ctx, parse_id(task_id, "Tugas"), data)


class VacanciesController(Controller):
    path = "/api/org/vacant-posts"
    tags = ["cases"]
    dependencies = {"ctx": Provide(provide_tenant_context)}
    guards = [needs(Permission.ORG_WRITE)]

    @get("", operation_id="vacantPosts")
    async def list_vacant(self, ctx: TenantContext) -> list[VacantPost]:
        """Posts that SOPs in force route to and nobody holds today (their steps go up the
        supervisor chain until someone is appointed)."""
        return await vacancies.vacant_posts(ctx)


class ReportsController(Controller):
    path = "/api/reports"
    tags = ["reports"]
    dependencies = {"ctx": Provide(provide_tenant_context)}
    guards = [needs(Permission.REPORTS_READ)]

    @get("/performance", operation_id="performanceFigures")
    async def performance(
        self,
        ctx: TenantContext,
        start: dt.date | None = None,
        end: dt.date | None = None,
        sop_id: str | None = None,
    ) -> Performance:
        return await reports.performance(
            ctx, start=start, end=end, sop_id=_optional_id(sop_id, "SOP")
        )

    @get("/monitoring", operation_id="monitoringForm")
    async def monitoring(
        self, ctx: TenantContext, start: dt.date | None = None, end: dt.date | None = None
    ) -> Monitoring:
        """Permenpan RB 35/2012 Tabel 7, prefilled from the period's run data."""
        return await reports.monitoring(ctx, start=start, end=end)
