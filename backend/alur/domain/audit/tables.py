"""The audit trail. Rows are appended only (the app role has no UPDATE or DELETE on them);
each stores the hash of its predecessor, so a changed or removed row breaks the chain."""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, BigInt, Timestamptz, Varchar
from piccolo.table import Table


class AuditEvent(Table, tablename="audit_events"):
    tenant_id = UUID(null=False)
    seq = BigInt(primary_key=True)
    at = Timestamptz()
    actor_id = UUID(null=True, default=None)
    actor_label = Varchar(length=300)
    action = Varchar(length=60)
    entity = Varchar(length=40)
    entity_id = Varchar(length=80, null=True)
    case_id = UUID(null=True, default=None)
    before = JSONB(null=True)
    after = JSONB(null=True)
    prev_hash = Varchar(length=64)
    hash = Varchar(length=64)


class AuditHead(Table, tablename="audit_heads"):
    tenant_id = UUID(primary_key=True)
    seq = BigInt()
    hash = Varchar(length=64)
