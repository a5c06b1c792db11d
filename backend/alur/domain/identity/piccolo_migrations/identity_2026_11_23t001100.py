from alur.core.migrations import sql_migration
from alur.core.rls import enable_rls_sql

ID = "2026-11-23T00:11:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "API tokens for integrations: hashed at rest, scoped, revocable"

forwards = sql_migration(
    ID,
    "identity",
    DESCRIPTION,
    [
        """
        CREATE TABLE IF NOT EXISTS api_tokens (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            name varchar(120) NOT NULL,
            secret_hash char(64) NOT NULL,
            scopes varchar(40)[] NOT NULL,
            created_by uuid NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            expires_at timestamptz NULL,
            revoked_at timestamptz NULL,
            last_used_at timestamptz NULL,
            UNIQUE (tenant_id, id)
        )
        """,
        *enable_rls_sql("api_tokens"),
    ],
)
