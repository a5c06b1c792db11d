"""The outbox: every job a business write causes, with its retry state (docs/jobs.md)."""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from alur.core.tables import created_at_column, id_column


class OutboxJob(Table, tablename="outbox_jobs"):
    id = id_column()
    tenant_id = UUID(null=False)
    actor = Varchar(length=80)
    queue = Varchar(length=40)
    args = JSONB()
    idempotency_key = Varchar(length=200)
    status = Varchar(length=10)
    run_at = Timestamptz()
    attempts = Integer()
    sends = Integer()
    last_error = Text()
    progress = Integer(null=True)
    result = JSONB(null=True)
    created_by = UUID(null=True)
    created_at = created_at_column()
    sent_at = Timestamptz(null=True)
    started_at = Timestamptz(null=True)
    finished_at = Timestamptz(null=True)
