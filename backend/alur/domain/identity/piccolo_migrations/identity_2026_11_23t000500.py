from alur.core.migrations import sql_migration
from alur.core.rls import enable_rls_sql

ID = "2026-11-23T00:05:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Users and position holders (incl. Plt/Plh), tenant-isolated"

forwards = sql_migration(
    ID,
    "identity",
    DESCRIPTION,
    [
        """
        CREATE TABLE IF NOT EXISTS users (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            subject varchar(255) NOT NULL,
            nip varchar(32) NOT NULL DEFAULT '',
            name varchar(300) NOT NULL DEFAULT '',
            email varchar(320) NOT NULL DEFAULT '',
            idp_roles varchar(64)[] NOT NULL DEFAULT '{}',
            granted_roles varchar(64)[] NOT NULL DEFAULT '{}',
            active boolean NOT NULL DEFAULT true,
            last_login_at timestamptz NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (tenant_id, subject),
            UNIQUE (tenant_id, id)
        )
        """,
        "CREATE INDEX IF NOT EXISTS users_nip ON users (tenant_id, nip)",
        """
        CREATE TABLE IF NOT EXISTS position_holders (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            user_id uuid NOT NULL,
            position_id uuid NOT NULL,
            kind varchar(12) NOT NULL CHECK (kind IN ('definitive', 'plt', 'plh')),
            source varchar(12) NOT NULL DEFAULT 'admin' CHECK (source IN ('admin', 'idp')),
            starts_on date NULL,
            ends_on date NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            CHECK (ends_on IS NULL OR starts_on IS NULL OR starts_on <= ends_on),
            CHECK (kind = 'definitive' OR (starts_on IS NOT NULL AND ends_on IS NOT NULL)),
            FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE,
            FOREIGN KEY (tenant_id, position_id) REFERENCES org_positions (tenant_id, id)
        )
        """,
        "CREATE INDEX IF NOT EXISTS position_holders_user ON position_holders (tenant_id, user_id)",
        "CREATE INDEX IF NOT EXISTS position_holders_pos ON position_holders (tenant_id, position_id)",
        *enable_rls_sql("users"),
        *enable_rls_sql("position_holders"),
    ],
)
