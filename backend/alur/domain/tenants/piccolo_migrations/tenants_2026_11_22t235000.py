from alur.core.migrations import sql_migration

ID = "2026-11-22T23:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Tenant registry"

forwards = sql_migration(
    ID,
    "tenants",
    DESCRIPTION,
    [
        """
        CREATE TABLE IF NOT EXISTS tenants (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            slug varchar(40) NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9-]{1,39}$'),
            name varchar(300) NOT NULL,
            short_name varchar(120) NOT NULL,
            province varchar(120) NOT NULL,
            time_zone varchar(64) NOT NULL,
            locale varchar(10) NOT NULL,
            hosts jsonb NOT NULL DEFAULT '[]',
            office_hours jsonb NOT NULL DEFAULT '{}',
            idp jsonb NOT NULL DEFAULT '{}',
            source_hash varchar(64) NOT NULL DEFAULT '',
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        )
        """,
    ],
)
