from alur.core.migrations import sql_migration
from alur.core.rls import enable_rls_sql

ID = "2026-11-23T03:01:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Case documents: quarantined on upload, verified by a worker, versioned"

forwards = sql_migration(
    ID,
    "documents",
    DESCRIPTION,
    [
        "ALTER TABLE tenants ADD COLUMN IF NOT EXISTS settings jsonb NOT NULL DEFAULT '{}'",
        """
        CREATE TABLE IF NOT EXISTS documents (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            case_id uuid NOT NULL,
            task_id uuid NULL,
            name varchar(255) NOT NULL,
            version integer NOT NULL DEFAULT 1 CHECK (version > 0),
            supersedes uuid NULL,
            status varchar(12) NOT NULL CHECK (status IN ('quarantine', 'available', 'rejected')),
            reason text NOT NULL DEFAULT '',
            declared_sha256 char(64) NULL,
            sha256 char(64) NULL,
            size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
            client_type varchar(200) NOT NULL DEFAULT '',
            content_type varchar(200) NULL,
            quarantine_key text NOT NULL,
            object_key text NULL,
            uploaded_by uuid NOT NULL,
            uploaded_at timestamptz NOT NULL,
            checked_at timestamptz NULL,
            UNIQUE (tenant_id, id),
            FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
            FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id),
            FOREIGN KEY (tenant_id, uploaded_by) REFERENCES users (tenant_id, id),
            FOREIGN KEY (tenant_id, supersedes) REFERENCES documents (tenant_id, id)
        )
        """,
        "CREATE INDEX IF NOT EXISTS documents_case ON documents (tenant_id, case_id, name)",
        *enable_rls_sql("documents"),
    ],
)
