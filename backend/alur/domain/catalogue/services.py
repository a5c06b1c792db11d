"""The catalogue: SOPs loaded from tenants/<slug>/catalogue/, listed, validated, published.

Imported versions are drafts with origin='file'; the tenant sync refreshes such a draft when
its file changes and never touches a version that was published or edited in the product.
"""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import msgspec

from alur.core.errors import ConflictError, NotFoundError, ValidationError
from alur.core.policy import Permission, permissions_for
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.audit.chain import record
from alur.domain.catalogue import repository as repo
from alur.domain.catalogue.importer.day_one import suggest_all
from alur.domain.catalogue.importer.model import SopDocument
from alur.domain.catalogue.importer.to_yaml import load_sop_yaml
from alur.domain.catalogue.schemas import (
    ColumnLinkSuggestion,
    PerformerSuggestion,
    SopDetail,
    SopPage,
    SuggestionReport,
    ValidationReport,
    VersionOut,
)
from alur.domain.catalogue.validation import OrgFacts, validate


def read_catalogue(
    folder: Path,
) -> tuple[list[tuple[Path, SopDocument]], list[tuple[str, str, str]]]:
    """Parse every SOP file; returns the documents and (file, field, reason) problems."""
    docs: list[tuple[Path, SopDocument]] = []
    problems: list[tuple[str, str, str]] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            docs.append((path, load_sop_yaml(path.read_text(encoding="utf-8"))))
        except (msgspec.ValidationError, ValueError) as exc:
            message, _, at = str(exc).partition(" - at `")
            problems.append((path.name, at.rstrip("`").removeprefix("$.") or "-", message))
    return docs, problems


async def load_catalogue(
    conn: Any, tenant_id: uuid.UUID, docs: list[tuple[Path, SopDocument]]
) -> dict[str, int]:
    counts: Counter[str] = Counter()
    existing = await repo.sops_by_key(conn)
    for _, doc in docs:
        document = msgspec.json.encode(doc).decode()
        digest = hashlib.sha256(document.encode()).hexdigest()
        row = existing.get(doc.sop_id)
        if row is None:
            sop_id = await repo.insert_sop(
                conn, tenant_id, doc.sop_id, doc.title, doc.unit.unit_code
            )
            await repo.insert_version(conn, tenant_id, sop_id, document, digest)
            counts["created"] += 1
        elif row["origin"] != "file" or row["status"] != "draft":
            counts["kept"] += 1
        elif row["document_hash"] == digest:
            counts["unchanged"] += 1
        else:
            await repo.replace_import_draft(
                conn, row["id"], row["version_id"], doc.title, doc.unit.unit_code, document, digest
            )
            counts["updated"] += 1
    # A file that is gone (a book re-imported into fewer SOPs) takes its draft with it, as
    # long as that draft is still the file's own: nobody edited, published or versioned it.
    listed = {doc.sop_id for _, doc in docs}
    for key, row in existing.items():
        untouched = row["origin"] == "file" and row["status"] == "draft"
        if (
            key not in listed
            and untouched
            and await repo.delete_untouched_file_sop(conn, row["id"])
        ):
            counts["removed"] += 1
    return {k: counts[k] for k in ("created", "updated", "unchanged", "kept", "removed")}


async def org_facts(conn: Any) -> OrgFacts:
    units = await conn.fetch("select id, code, parent_id from org_units where active")
    code_of = {u["id"]: u["code"] for u in units}
    positions = await conn.fetch(
        "select p.code, p.kind, u.code as unit from org_positions p"
        " join org_units u on u.id = p.unit_id where p.active"
    )
    kinds: dict[str, set[str]] = defaultdict(set)
    for p in positions:
        kinds[p["unit"]].add(p["kind"])
    return OrgFacts(
        position_codes=frozenset(p["code"] for p in positions),
        unit_codes=frozenset(code_of.values()),
        kinds_by_unit={k: frozenset(v) for k, v in kinds.items()},
        parent_of={u["code"]: code_of.get(u["parent_id"]) for u in units},
    )


IN_FORCE_STATUSES = frozenset({"published", "retired"})
"""The versions staff without catalogue:publish may read: in force now or once in force."""


def sees_drafts(ctx: TenantContext) -> bool:
    """Drafts (and every not-yet-published version) are for whoever may publish."""
    return Permission.CATALOGUE_PUBLISH in permissions_for(ctx.roles)


async def list_sops(
    ctx: TenantContext, *, q: str, unit: str, status: str, limit: int, offset: int
) -> SopPage:
    """Tenant admins list every SOP by its latest version; everyone else only the SOPs in
    force, summarised from the published version, whatever status they ask for."""
    if status not in ("", "draft", "submitted", "published", "retired"):
        raise ValidationError(
            "status harus draft, submitted, published, atau retired", field="status"
        )
    published_only = not sees_drafts(ctx)
    async with tenant_transaction(ctx) as tx:
        items, total = await repo.list_sops(
            tx.connection,
            q=q.strip(),
            unit=unit,
            status="" if published_only else status,
            limit=limit,
            offset=offset,
            published_only=published_only,
        )
    return SopPage(items=items, total=total, limit=limit, offset=offset)


async def access_sop_by_id(ctx: TenantContext, sop_id: uuid.UUID) -> SopDetail:
    """Staff see the published and retired versions only; an SOP never published is, for
    them, not there (404)."""
    async with tenant_transaction(ctx) as tx:
        sop = await repo.get_sop(tx.connection, sop_id)
        if sop is None:
            raise NotFoundError("SOP")
        versions = await repo.versions_of(tx.connection, sop_id)
    if not sees_drafts(ctx):
        versions = [v for v in versions if v.status in IN_FORCE_STATUSES]
        if not versions:
            raise NotFoundError("SOP")
    return SopDetail(
        id=sop["id"],
        key=sop["key"],
        title=sop["title"],
        unit_code=sop["unit_code"],
        versions=versions,
    )


async def validate_version(ctx: TenantContext, version_id: uuid.UUID) -> ValidationReport:
    async with tenant_transaction(ctx) as tx:
        version = await repo.get_version(tx.connection, version_id)
        if version is None:
            raise NotFoundError("Versi SOP")
        facts = await org_facts(tx.connection)
    problems = validate(version.document, facts)
    return ValidationReport(version_id=version_id, valid=not problems, problems=problems)


async def suggest_for_version(ctx: TenantContext, version_id: uuid.UUID) -> SuggestionReport:
    """Performers proposed for the steps whose flowchart mark the book lost, and rules for the
    columns publishing would refuse, learned from this SOP, the org and the office's other
    SOPs; the document itself is not changed."""
    async with tenant_transaction(ctx) as tx:
        version = await repo.get_version(tx.connection, version_id)
        if version is None:
            raise NotFoundError("Versi SOP")
        others = await repo.latest_documents(tx.connection, except_sop=version.sop_id)
        digest = await repo.document_hash(tx.connection, version_id)
        org = await repo.importer_org(tx.connection)
    doc = version.document
    catalogue = [msgspec.convert(d, SopDocument) for d in others]
    # Scoring is CPU work: off the event loop, outside the transaction.
    steps, columns = await asyncio.to_thread(suggest_all, doc, org, catalogue)
    headers = {p.key: p.header for p in doc.performers}
    return SuggestionReport(
        version_id=version_id,
        document_hash=digest,
        suggestions=[
            PerformerSuggestion(
                position=position,
                column=s.column,
                header=headers.get(s.column, s.column),
                confidence=round(s.confidence, 3),
                reasons=list(s.reasons),
            )
            for position, s in sorted(steps.items())
        ],
        columns=[
            ColumnLinkSuggestion(
                key=key,
                header=headers.get(key, key),
                rule=c.rule,
                confidence=round(c.confidence, 3),
                reasons=list(c.reasons),
            )
            for key, c in columns.items()
        ],
    )


async def publish_version(
    ctx: TenantContext, version_id: uuid.UUID, *, acting_user: str
) -> ValidationReport:
    """Only a valid draft is published; the SOP's previous published version retires and
    running cases keep the version they were started on. An office that requires pengesahan
    publishes through the head's approval instead (alur.domain.catalogue.approval)."""
    async with tenant_transaction(ctx) as tx:
        version = await repo.get_version(tx.connection, version_id, lock=True)
        if version is None:
            raise NotFoundError("Versi SOP")
        if version.status != "draft":
            raise ConflictError(
                f"versi ini berstatus {version.status}, bukan draft", field="status"
            )
        office = await repo.office_of(tx.connection, ctx.tenant_id)
        if office is not None and office["pengesahan"]:
            raise ConflictError(
                "instansi ini mewajibkan pengesahan Kepala Dinas: ajukan pengesahan, versi ini"
                " berlaku setelah disahkan (tidak dapat diterbitkan langsung)",
                field="status",
            )
        await require_valid(tx.connection, version)
        await put_in_force(tx.connection, ctx, version, acting_user)
    return ValidationReport(version_id=version_id, valid=True, problems=[])


async def require_valid(conn: Any, version: VersionOut) -> None:
    """Refuse (422, naming the first problem's field) a version publishing would refuse."""
    problems = validate(version.document, await org_facts(conn))
    if problems:
        raise ValidationError(
            f"SOP belum valid: {problems[0].reason} (dan {len(problems) - 1} masalah lain)"
            if len(problems) > 1
            else f"SOP belum valid: {problems[0].reason}",
            field=problems[0].field,
        )


async def put_in_force(
    conn: Any, ctx: TenantContext, version: VersionOut, acting_user: str
) -> None:
    """Publish in the caller's transaction: the previous published version retires."""
    try:
        user: uuid.UUID | None = uuid.UUID(acting_user)
    except ValueError:
        user = None
    await repo.publish(conn, version, user)
    await record(
        conn,
        ctx,
        "catalogue.published",
        "sop_version",
        version.id,
        before={"status": version.status},
        after={
            "status": "published",
            "document_hash": await repo.document_hash(conn, version.id),
        },
    )
