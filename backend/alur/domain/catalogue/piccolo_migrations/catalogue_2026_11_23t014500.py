from alur.core.migrations import sql_migration

ID = "2026-11-23T01:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "At most one draft per SOP, enforced by the database as well as the service"

forwards = sql_migration(
    ID,
    "catalogue",
    DESCRIPTION,
    [
        "CREATE UNIQUE INDEX IF NOT EXISTS catalogue_one_draft ON catalogue_versions "
        "(tenant_id, sop_id) WHERE status = 'draft'",
    ],
)
