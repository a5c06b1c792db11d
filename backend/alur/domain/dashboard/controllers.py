"""GET /api/dashboard: everything the dashboard polls, in one response."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import Provide

from alur.core.pagination import Limit, Offset
from alur.core.policy import Permission
from alur.core.security import needs, provide_tenant_context
from alur.core.tenancy import TenantContext
from alur.domain.dashboard.services import Dashboard, dashboard


class DashboardController(Controller):
    path = "/api/dashboard"
    tags = ["tasks"]
    dependencies = {"ctx": Provide(provide_tenant_context)}
    guards = [needs(Permission.CASES_WORK)]

    @get("", operation_id="myDashboard")
    async def mine(
        self,
        ctx: TenantContext,
        limit: Limit = 25,
        offset: Offset = 0,
        today: bool = False,
        team_overdue: bool = False,
        team_offset: Offset = 0,
    ) -> Dashboard:
        """Everything the dashboard polls, in one response: the ya/tidak decisions waiting
        on me, my other tasks (`offset`, `today` as /api/tasks/mine), my units' tasks for a
        Kasi/Kasubbag and above (`team_overdue`, `team_offset` as /api/tasks/unit with
        `others`), and the bell's latest notifications."""
        return await dashboard(
            ctx,
            limit=limit,
            mine_offset=offset,
            today_only=today,
            team_overdue=team_overdue,
            team_offset=team_offset,
        )
