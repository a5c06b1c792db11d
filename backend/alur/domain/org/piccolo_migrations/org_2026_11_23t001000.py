from alur.core.migrations import sql_migration

ID = "2026-11-23T00:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Org rows remember whether tenants/<slug>/org.yaml or the tenant admin owns them"

forwards = sql_migration(
    ID,
    "org",
    DESCRIPTION,
    [
        "ALTER TABLE org_units ADD COLUMN IF NOT EXISTS origin varchar(8) NOT NULL "
        "DEFAULT 'file' CHECK (origin IN ('file', 'admin'))",
        "ALTER TABLE org_positions ADD COLUMN IF NOT EXISTS origin varchar(8) NOT NULL "
        "DEFAULT 'file' CHECK (origin IN ('file', 'admin'))",
    ],
)
