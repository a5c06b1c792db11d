"""The audit trail as the tenant admin reads and checks it."""

from __future__ import annotations

from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.audit import repository as repo
from alur.domain.audit.chain import verify
from alur.domain.audit.schemas import AuditPage, ChainOut


async def list_events(
    ctx: TenantContext, *, entity: str, entity_id: str, limit: int, offset: int
) -> AuditPage:
    async with tenant_transaction(ctx) as tx:
        items, total = await repo.list_events(
            tx.connection, entity=entity, entity_id=entity_id, limit=limit, offset=offset
        )
    return AuditPage(items=items, total=total, limit=limit, offset=offset)


async def verify_chain(ctx: TenantContext) -> ChainOut:
    async with tenant_transaction(ctx) as tx:
        report = await verify(tx.connection, ctx.tenant_id)
    return ChainOut(report.checked, report.intact, report.first_broken_seq, report.reason)
