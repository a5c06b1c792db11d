from alur.core.migrations import sql_migration
from alur.core.rls import enable_rls_sql

ID = "2026-12-06T23:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Appointments above the appointer's reach wait for the head of office"

# Beside position_holders (this app's table): a request becomes a holding when approved.
forwards = sql_migration(
    ID,
    "identity",
    DESCRIPTION,
    [
        """
        CREATE TABLE IF NOT EXISTS appointment_requests (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            position_id uuid NOT NULL,
            user_id uuid NOT NULL,
            kind varchar(12) NOT NULL CHECK (kind IN ('definitive', 'plt', 'plh')),
            starts_on date NULL,
            ends_on date NULL,
            reason text NOT NULL,
            status varchar(10) NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'rejected')),
            requested_by uuid NOT NULL,
            requested_at timestamptz NOT NULL DEFAULT now(),
            decided_by uuid NULL,
            decided_at timestamptz NULL,
            note text NOT NULL DEFAULT '',
            holder_id uuid NULL,
            UNIQUE (tenant_id, id),
            FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE,
            FOREIGN KEY (tenant_id, position_id) REFERENCES org_positions (tenant_id, id)
        )
        """,
        "CREATE INDEX IF NOT EXISTS appointment_requests_pending ON appointment_requests"
        " (tenant_id, requested_at) WHERE status = 'pending'",
        *enable_rls_sql("appointment_requests"),
    ],
)
