from alur.core.migrations import sql_migration
from alur.core.rls import enable_rls_sql

ID = "2026-11-23T02:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Working calendar: tenant settings from tenant.yaml, days off declared by the office"

forwards = sql_migration(
    ID,
    "calendar",
    DESCRIPTION,
    [
        "ALTER TABLE tenants ADD COLUMN IF NOT EXISTS calendar jsonb NOT NULL DEFAULT '{}'",
        """
        CREATE TABLE IF NOT EXISTS calendar_days_off (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            day date NOT NULL,
            name varchar(200) NOT NULL,
            created_by uuid NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (tenant_id, day),
            UNIQUE (tenant_id, id)
        )
        """,
        *enable_rls_sql("calendar_days_off"),
    ],
)
