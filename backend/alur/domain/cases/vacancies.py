"""Posts that SOPs in force route to and nobody holds today: their steps would go up the
supervisor chain (services._past_vacancy), so the tenant admin sees them to appoint someone."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict

import msgspec

from alur.core.clock import now
from alur.core.dbtypes import Conn
from alur.core.errors import ValidationError
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.calendar.services import calendar_for
from alur.domain.cases.routing import resolve
from alur.domain.cases.schemas import VacantPost
from alur.domain.catalogue.importer.model import SopDocument
from alur.domain.org.snapshot import OrgSnapshot, org_snapshot


async def vacant_posts(ctx: TenantContext) -> list[VacantPost]:
    async with tenant_transaction(ctx) as tx:
        conn = tx.connection
        cal = await calendar_for(conn, ctx.tenant_id)
        today = now().astimezone(cal.zone).date()
        org = await org_snapshot(conn, ctx.tenant_id)
        routed = _routed_posts(org, await _in_force(conn))
        held = await _held(conn, list(routed), today)
    out = [
        VacantPost(
            position_id=pid,
            title=org.positions[pid]["title"],
            unit_name=org.units.get(org.positions[pid]["unit_id"], {}).get("name", ""),
            sops=sorted(keys),
        )
        for pid, keys in routed.items()
        if pid not in held
    ]
    return sorted(out, key=lambda v: (-len(v.sops), v.title))


async def _in_force(conn: Conn) -> list[tuple[str, uuid.UUID | None, SopDocument]]:
    rows = await conn.fetch(
        "select s.key, u.id as unit_id, v.document from catalogue_sops s"
        " join catalogue_versions v on v.sop_id = s.id and v.status = 'published'"
        " left join org_units u on u.code = s.unit_code"
    )
    decoder = msgspec.json.Decoder(SopDocument)
    return [(r["key"], r["unit_id"], decoder.decode(r["document"])) for r in rows]


def _routed_posts(
    org: OrgSnapshot, sops: list[tuple[str, uuid.UUID | None, SopDocument]]
) -> dict[uuid.UUID, set[str]]:
    """Each post a step of an SOP in force goes to when run in its owning unit."""
    routed: dict[uuid.UUID, set[str]] = defaultdict(set)
    for key, unit_id, doc in sops:
        used = {s.performer for s in doc.steps if s.performer}
        for column in doc.performers:
            if column.key not in used or unit_id is None:
                continue
            try:
                route = resolve(org, column, unit_id, {}, set())
            except ValidationError:
                continue  # unresolvable here; validation at publishing names it
            if route.position_id is not None:
                routed[route.position_id].add(key)
    return routed


async def _held(conn: Conn, positions: list[uuid.UUID], today: dt.date) -> set[uuid.UUID]:
    rows = await conn.fetch(
        "select distinct h.position_id from position_holders h join users u on u.id = h.user_id"
        " where h.position_id = any($1::uuid[]) and u.active"
        " and (h.starts_on is null or h.starts_on <= $2)"
        " and (h.ends_on is null or h.ends_on >= $2)",
        positions,
        today,
    )
    return {r["position_id"] for r in rows}
