"""What the demo needs to know of an office, read through the app role like any request:
its calendar, org, who holds which position, and its published SOPs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from alur.core.errors import ValidationError
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.calendar.services import calendar_for
from alur.domain.calendar.working_time import WorkingCalendar
from alur.domain.cases.context import pinned_document
from alur.domain.cases.routing import column_of, resolve
from alur.domain.catalogue.importer.model import SopDocument
from alur.domain.identity.services import tenant_by_slug
from alur.domain.notifications.repository import escalation_settings
from alur.domain.org.snapshot import OrgSnapshot, org_snapshot


@dataclass(frozen=True)
class PublishedSop:
    id: uuid.UUID
    key: str
    unit_id: uuid.UUID | None
    doc: SopDocument


@dataclass
class Office:
    tenant_id: uuid.UUID
    slug: str
    cal: WorkingCalendar
    org: OrgSnapshot
    settings: dict[str, Any]
    holders: dict[uuid.UUID, list[uuid.UUID]]  # position -> users, by NIP
    roles: dict[uuid.UUID, frozenset[str]]
    sops: list[PublishedSop] = field(default_factory=list)

    @property
    def ctx(self) -> TenantContext:
        return TenantContext(self.tenant_id, self.slug)

    def as_user(self, user_id: uuid.UUID) -> TenantContext:
        """The context a signed-in session of this user gives the services."""
        return TenantContext(
            self.tenant_id,
            self.slug,
            user_id=str(user_id),
            roles=self.roles.get(user_id, frozenset()),
        )

    def holder(self, position_id: uuid.UUID | None) -> uuid.UUID | None:
        """The position's first holder, staff before a tenant admin sharing the position."""
        found = self.holders.get(position_id, []) if position_id else []
        staff = [u for u in found if "tenant_admin" not in self.roles.get(u, frozenset())]
        chosen = staff or found
        return chosen[0] if chosen else None

    def units_of(self, sop: PublishedSop) -> list[uuid.UUID]:
        """The SOP's owning unit and the units below it (where its cases may run)."""
        if sop.unit_id is None:
            return sorted(self.org.units, key=lambda u: self.org.units[u]["code"])
        return sorted(
            (u for u in self.org.units if self.org.is_within(u, sop.unit_id)),
            key=lambda u: self.org.units[u]["code"],
        )

    def routed_positions(self, sop: PublishedSop, unit_id: uuid.UUID) -> set[uuid.UUID] | None:
        """Positions the SOP's steps go to for a case in `unit_id`; None if one cannot route."""
        found: set[uuid.UUID] = set()
        for step in sop.doc.steps:
            try:
                route = resolve(self.org, column_of(sop.doc, step.performer), unit_id, {}, set())
            except ValidationError:
                return None
            if route.position_id is not None:
                found.add(route.position_id)
        return found


async def load_office(slug: str) -> Office:
    tenant = await tenant_by_slug(slug)
    ctx = TenantContext(tenant.id, tenant.slug)
    async with tenant_transaction(ctx) as tx:
        conn = tx.connection
        cal = await calendar_for(conn, tenant.id)
        org = await org_snapshot(conn, tenant.id)
        settings = await escalation_settings(conn, tenant.id)
        rows = await conn.fetch(
            "select u.id, u.nip, u.idp_roles, u.granted_roles, h.position_id"
            " from users u left join position_holders h on h.user_id = u.id"
            " and (h.starts_on is null or h.starts_on <= current_date)"
            " and (h.ends_on is null or h.ends_on >= current_date)"
            " where u.active order by u.nip, u.id"
        )
        published = await conn.fetch(
            "select s.id, s.key, s.unit_code, v.id as version_id, v.document"
            " from catalogue_sops s join catalogue_versions v on v.sop_id = s.id"
            " and v.status = 'published' order by s.key"
        )
    holders: dict[uuid.UUID, list[uuid.UUID]] = {}
    roles: dict[uuid.UUID, frozenset[str]] = {}
    for r in rows:
        roles[r["id"]] = frozenset([*r["idp_roles"], *r["granted_roles"]])
        if r["position_id"] is not None:
            holders.setdefault(r["position_id"], []).append(r["id"])
    unit_by_code = {u["code"]: uid for uid, u in org.units.items()}
    sops = [
        PublishedSop(
            s["id"],
            s["key"],
            unit_by_code.get(s["unit_code"] or ""),
            pinned_document(s["version_id"], s["document"]),
        )
        for s in published
    ]
    return Office(tenant.id, tenant.slug, cal, org, settings, holders, roles, sops)
