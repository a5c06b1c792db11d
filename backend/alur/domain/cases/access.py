"""Who may see and act on which cases and tasks, from the positions a user holds today.

Reach (core.policy.reach_of): staff see their own work and their positions' tasks; a
Kasi/Kasubbag the unit's; a Kabid/Sekretaris/Kepala UPTD their unit's sub-tree; the Kepala
Dinas, and a tenant admin (read only), the whole office. Acting officials (Plt/Plh) hold the
position for their dates and so get its tasks and reach.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from alur.core.errors import PermissionDeniedError
from alur.core.policy import TENANT_ADMIN, reach_of
from alur.core.tenancy import TenantContext
from alur.domain.org.snapshot import OrgSnapshot


@dataclass(frozen=True)
class Actor:
    user_id: uuid.UUID
    positions: frozenset[uuid.UUID]
    units: frozenset[uuid.UUID]  # units of the positions held
    reach: frozenset[uuid.UUID] | None  # units whose work I lead; None: the whole office
    supervised: frozenset[uuid.UUID]  # positions below one of mine in the supervisor chain
    is_admin: bool
    leads: bool  # holds a supervisory position (reach beyond own work)

    def reaches(self, unit_id: uuid.UUID) -> bool:
        """May see the unit's cases (a tenant admin sees the whole office)."""
        return self.is_admin or self.reach is None or unit_id in self.reach

    def supervises(self, position_id: uuid.UUID | None, unit_id: uuid.UUID) -> bool:
        """Supervisors reassign: above the task's position in the supervisor chain (the head
        of office above everyone). For a step with no position (an outside party's) or the
        case as a whole (cancel), a leader whose reach covers the case's unit. A tenant
        admin alone does not act."""
        if position_id is not None:
            return position_id in self.supervised or (self.leads and self.reach is None)
        if not self.leads:
            return False
        return self.reach is None or unit_id in self.reach

    @property
    def view_list(self) -> list[uuid.UUID] | None:
        """The units whose cases I may see, for SQL (None: all)."""
        return None if self.is_admin or self.reach is None else list(self.reach)


def user_uuid(ctx: TenantContext) -> uuid.UUID:
    try:
        return uuid.UUID(ctx.user_id or "")
    except ValueError:
        raise PermissionDeniedError("pekerjaan kasus memerlukan pengguna yang masuk") from None


_ACTORS: OrderedDict[tuple[Any, ...], Actor] = OrderedDict()


async def cached_actor(
    conn: object, ctx: TenantContext, org: OrgSnapshot, org_version: int, today: dt.date
) -> Actor:
    """load_actor, kept while the office's org counter (which holders and a user's active
    flag move too), the day and the user's roles stay the same."""
    key = (ctx.tenant_id, ctx.user_id, org_version, today, ctx.roles)
    actor = _ACTORS.get(key)
    if actor is None:
        actor = await load_actor(conn, ctx, org, today)
        _ACTORS[key] = actor
        while len(_ACTORS) > 10_000:
            _ACTORS.popitem(last=False)
    else:
        _ACTORS.move_to_end(key)
    return actor


async def load_actor(conn: object, ctx: TenantContext, org: OrgSnapshot, today: dt.date) -> Actor:
    user_id = user_uuid(ctx)
    rows = await conn.fetch(  # type: ignore[attr-defined]
        "select h.position_id from position_holders h join users u on u.id = h.user_id"
        " where h.user_id = $1 and u.active and (h.starts_on is null or h.starts_on <= $2)"
        " and (h.ends_on is null or h.ends_on >= $2)",
        user_id,
        today,
    )
    held = frozenset(r["position_id"] for r in rows if r["position_id"] in org.positions)
    units = frozenset(org.positions[p]["unit_id"] for p in held)
    led: set[uuid.UUID] = set()
    whole_office = False
    for pid in held:
        level = reach_of(org.positions[pid]["kind"])
        unit = org.positions[pid]["unit_id"]
        if level == "office":
            whole_office = True
        elif level == "unit":
            led.add(unit)
        elif level == "subtree":
            led |= {u for u in org.units if org.is_within(u, unit)}
    reach = None if whole_office else frozenset(led)
    is_admin = TENANT_ADMIN in ctx.roles
    supervised = await _supervised(conn, held)
    leads = any(reach_of(org.positions[p]["kind"]) != "own" for p in held)
    return Actor(
        user_id,
        held,
        units,
        reach,
        supervised,
        is_admin,
        leads,
    )


async def _supervised(conn: object, held: frozenset[uuid.UUID]) -> frozenset[uuid.UUID]:
    if not held:
        return frozenset()
    rows = await conn.fetch(  # type: ignore[attr-defined]
        "with recursive down(id, depth) as ("
        " select id, 0 from org_positions where supervisor_id = any($1::uuid[])"
        " union all select p.id, d.depth + 1 from org_positions p join down d"
        " on p.supervisor_id = d.id where d.depth < 50)"
        " select distinct id from down",
        list(held),
    )
    return frozenset(r["id"] for r in rows)
