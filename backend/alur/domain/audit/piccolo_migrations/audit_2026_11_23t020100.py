from alur.core.migrations import sql_migration
from alur.core.rls import enable_rls_sql

ID = "2026-11-23T02:01:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Audit trail: an append-only, per-tenant hash chain of every state change"

forwards = sql_migration(
    ID,
    "audit",
    DESCRIPTION,
    [
        """
        CREATE TABLE IF NOT EXISTS audit_events (
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            seq bigint NOT NULL CHECK (seq > 0),
            at timestamptz NOT NULL,
            actor_id uuid NULL,
            actor_label varchar(300) NOT NULL DEFAULT '',
            action varchar(60) NOT NULL,
            entity varchar(40) NOT NULL,
            entity_id varchar(80) NULL,
            case_id uuid NULL,
            before jsonb NULL,
            after jsonb NULL,
            prev_hash char(64) NOT NULL,
            hash char(64) NOT NULL,
            PRIMARY KEY (tenant_id, seq)
        )
        """,
        "CREATE INDEX IF NOT EXISTS audit_events_case ON audit_events (tenant_id, case_id, seq)"
        " WHERE case_id IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS audit_events_entity ON audit_events"
        " (tenant_id, entity, entity_id)",
        # The head of each tenant's chain; its row lock orders concurrent appends.
        """
        CREATE TABLE IF NOT EXISTS audit_heads (
            tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE RESTRICT,
            seq bigint NOT NULL,
            hash char(64) NOT NULL
        )
        """,
        *enable_rls_sql("audit_events"),
        *enable_rls_sql("audit_heads"),
    ],
)
