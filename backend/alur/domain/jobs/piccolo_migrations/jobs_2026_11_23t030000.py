from alur.core.migrations import sql_migration
from alur.core.rls import CURRENT_TENANT_SQL

ID = "2026-11-23T03:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Outbox: jobs written with the business change, relayed to Dramatiq after commit"

# The relay reads every tenant's due jobs in one query: it sets app.outbox_relay for its own
# transaction. Everything else sees only the current tenant's rows, as everywhere.
_VISIBLE = f"(tenant_id = {CURRENT_TENANT_SQL} OR current_setting('app.outbox_relay', true) = 'on')"

forwards = sql_migration(
    ID,
    "jobs",
    DESCRIPTION,
    [
        """
        CREATE TABLE IF NOT EXISTS outbox_jobs (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            actor varchar(80) NOT NULL,
            queue varchar(40) NOT NULL DEFAULT 'default',
            args jsonb NOT NULL DEFAULT '{}',
            idempotency_key varchar(200) NOT NULL,
            status varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN
                ('pending', 'sent', 'running', 'done', 'dead')),
            run_at timestamptz NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            sends integer NOT NULL DEFAULT 0,
            last_error text NOT NULL DEFAULT '',
            progress integer NULL CHECK (progress BETWEEN 0 AND 100),
            result jsonb NULL,
            created_by uuid NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            sent_at timestamptz NULL,
            started_at timestamptz NULL,
            finished_at timestamptz NULL,
            UNIQUE (tenant_id, idempotency_key),
            UNIQUE (tenant_id, id)
        )
        """,
        "CREATE INDEX IF NOT EXISTS outbox_jobs_due ON outbox_jobs (run_at)"
        " WHERE status IN ('pending', 'sent', 'running')",
        "CREATE INDEX IF NOT EXISTS outbox_jobs_dead ON outbox_jobs (tenant_id, finished_at)"
        " WHERE status = 'dead'",
        "ALTER TABLE outbox_jobs ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE outbox_jobs FORCE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS outbox_jobs_tenant_isolation ON outbox_jobs",
        f"CREATE POLICY outbox_jobs_tenant_isolation ON outbox_jobs USING {_VISIBLE}"
        f" WITH CHECK ({_VISIBLE})",
    ],
)
