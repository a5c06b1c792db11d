"""`alur demo prepare`: what a tenant admin does before the office can work, done for every
demo office through the product's own services (so it is audited like a person's work):
the demo people sign in once (SSO provisioning), every draft takes the performer
suggestions, every SOP that then validates is published (or submitted and approved once
pengesahan exists). Idempotent: people that exist and SOPs already published are skipped."""

from __future__ import annotations

import importlib
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from alur.core.errors import DomainError
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.catalogue import repository as catalogue_repo
from alur.domain.catalogue.editing import accept_suggestions
from alur.domain.catalogue.services import publish_version, suggest_for_version, validate_version
from alur.domain.demo.office import load_office
from alur.domain.demo.people import demo_subject, demo_users
from alur.domain.identity.services import provision_user, tenant_by_slug


@dataclass
class Prepared:
    slug: str
    people_created: int = 0
    suggestions_accepted: int = 0
    published: list[str] = field(default_factory=list)
    not_valid: dict[str, str] = field(default_factory=dict)
    not_published: dict[str, str] = field(default_factory=dict)
    unheld_positions: list[str] = field(default_factory=list)


def approval_module() -> ModuleType | None:
    """Pengesahan (submit, then the head of office approves) once that module exists."""
    try:
        module = importlib.import_module("alur.domain.catalogue.approval")
    except ModuleNotFoundError:
        return None
    ready = hasattr(module, "submit_version") and hasattr(module, "approve_version")
    return module if ready else None


async def sign_in_people(slug: str, tenants_dir: Path, into: Prepared) -> dict[str, uuid.UUID]:
    """Each demo account as the SSO callback provisions it (same subject as the dev IdP);
    returns user ids by NIP."""
    tenant = await tenant_by_slug(slug)
    ctx = TenantContext(tenant.id, tenant.slug)
    async with tenant_transaction(ctx) as tx:
        rows = await tx.connection.fetch("select subject, id from users")
    known = {r["subject"]: r["id"] for r in rows}
    mapping: dict[str, Any] = dict(tenant.idp.get("claims", {}))
    ids: dict[str, uuid.UUID] = {}
    for u in demo_users(tenants_dir, slug):
        subject = demo_subject(slug, u["nip"])
        if subject in known:
            ids[u["nip"]] = known[subject]
            continue
        claims = {
            "sub": subject,
            str(mapping.get("nip", "preferred_username")): u["nip"],
            str(mapping.get("name", "name")): u["name"],
            str(mapping.get("email", "email")): u["email"],
            str(mapping.get("roles", "roles")): list(u.get("roles", [])),
            str(mapping.get("groups", "groups")): [f"/{slug}/{u['position']}"],
        }
        user, _ = await provision_user(ctx, tenant, claims)
        ids[u["nip"]] = user.id
        into.people_created += 1
    return ids


async def _needs_pengesahan(ctx: TenantContext) -> bool:
    async with tenant_transaction(ctx) as tx:
        office = await catalogue_repo.office_of(tx.connection, ctx.tenant_id)
    return bool(office and office["pengesahan"])


async def _publish(
    admin: TenantContext, head: TenantContext | None, version_id: uuid.UUID, status: str
) -> None:
    """Directly, or (an office requiring pengesahan) submitted by the admin and approved by
    the Kepala Dinas."""
    approval = approval_module()
    if approval is None or head is None or not await _needs_pengesahan(admin):
        await publish_version(admin, version_id, acting_user=str(admin.user_id))
        return
    if status == "draft":
        await approval.submit_version(admin, version_id, acting_user=str(admin.user_id))
    await approval.approve_version(head, version_id, acting_user=str(head.user_id))


async def _suggestions_differ(admin: TenantContext, version_id: uuid.UUID) -> bool:
    """Accepting again what the draft already says would only add audit noise on re-runs."""
    report = await suggest_for_version(admin, version_id)
    async with tenant_transaction(admin) as tx:
        version = await catalogue_repo.get_version(tx.connection, version_id)
    current = {s.position: s.performer for s in version.document.steps} if version else {}
    return any(current.get(s.position) != s.column for s in report.suggestions)


async def publish_catalogue(
    admin: TenantContext, head: TenantContext | None, into: Prepared
) -> None:
    async with tenant_transaction(admin) as tx:
        latest = await catalogue_repo.sops_by_key(tx.connection)
    for key in sorted(latest):
        row = latest[key]
        version_id = row["version_id"]
        if row["status"] == "submitted":  # a run stopped between submit and approve
            await _publish(admin, head, version_id, "submitted")
            into.published.append(key)
            continue
        if row["status"] != "draft":
            continue
        if await _suggestions_differ(admin, version_id):
            await accept_suggestions(admin, version_id, None, acting_user=str(admin.user_id))
            into.suggestions_accepted += 1
        report = await validate_version(admin, version_id)
        if not report.valid:
            into.not_valid[key] = report.problems[0].reason
            continue
        try:
            await _publish(admin, head, version_id, "draft")
        except DomainError as exc:  # e.g. pengesahan required before approval.py exists
            into.not_published[key] = exc.message
            continue
        into.published.append(key)


async def prepare_office(slug: str, tenants_dir: Path) -> Prepared:
    done = Prepared(slug)
    ids = await sign_in_people(slug, tenants_dir, done)
    users = demo_users(tenants_dir, slug)
    tenant = await tenant_by_slug(slug)
    admin_nip = next(u["nip"] for u in users if "tenant_admin" in u.get("roles", []))
    head_nip = next((u["nip"] for u in users if u["position"] == "kepala-dinas"), None)
    admin = TenantContext(
        tenant.id, slug, user_id=str(ids[admin_nip]), roles=frozenset({"tenant_admin"})
    )
    head = None if head_nip is None else TenantContext(tenant.id, slug, user_id=str(ids[head_nip]))
    await publish_catalogue(admin, head, done)
    office = await load_office(slug)
    routed: set[uuid.UUID] = set()
    for sop in office.sops:
        for unit in office.units_of(sop):
            routed |= office.routed_positions(sop, unit) or set()
    done.unheld_positions = sorted(
        office.org.positions[p]["code"] for p in routed if office.holder(p) is None
    )
    return done
