"""The dashboard in one read: what its panels show, so that one poll is one request. Its own
package, because it composes the case engine and notifications, which the case engine itself
must not reach (tests/unit/test_dependency_direction.py)."""

from __future__ import annotations

import msgspec

from alur.core.policy import REACH_LEVELS, reach_of
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.cases.context import load_work
from alur.domain.cases.schemas import TaskPage
from alur.domain.cases.views import inbox_page, open_inbox, team_page
from alur.domain.identity.repository import held_position_units
from alur.domain.notifications import services as notifications
from alur.domain.notifications.schemas import NotificationPage

BELL_SIZE = 10
"""How many notifications the header's bell lists (the SPA's bell asks for as many)."""


class Dashboard(msgspec.Struct):
    """My inbox split as the dashboard shows it, my units' open tasks when I lead one, and
    the bell's latest notifications. `level` is my widest reach today (as /api/me/scope)."""

    level: str
    decisions: TaskPage
    mine: TaskPage
    team: TaskPage | None
    notifications: NotificationPage


async def dashboard(
    ctx: TenantContext,
    *,
    limit: int,
    mine_offset: int,
    today_only: bool,
    team_overdue: bool,
    team_offset: int,
) -> Dashboard:
    """The ya/tidak decisions waiting on me (first page), the rest of my inbox at the page
    asked for, and for a Kasi/Kasubbag and above their units' tasks that are not mine: the
    same reads as /api/tasks/mine and /api/tasks/unit, in one transaction."""
    async with tenant_transaction(ctx) as tx:
        inbox = await open_inbox(ctx, tx.connection)
        held = await held_position_units(tx.connection, inbox.user, inbox.today)
        level = max((reach_of(kind) for _, kind, _ in held), key=REACH_LEVELS.index, default="own")
        decisions = await inbox_page(
            inbox,
            sort="due",
            overdue=False,
            today_only=False,
            limit=limit,
            offset=0,
            decisions_only=True,
        )
        mine = await inbox_page(
            inbox,
            sort="due",
            overdue=False,
            today_only=today_only,
            limit=limit,
            offset=mine_offset,
            without_decisions=True,
        )
        team = None
        if level != "own":
            team = await team_page(
                await load_work(ctx, tx.connection),
                unit_id=None,
                sort="due",
                overdue=team_overdue,
                limit=limit,
                offset=team_offset,
                others_only=True,
            )
    bell = await notifications.my_notifications(ctx, unread_only=False, limit=BELL_SIZE, offset=0)
    return Dashboard(level=level, decisions=decisions, mine=mine, team=team, notifications=bell)
