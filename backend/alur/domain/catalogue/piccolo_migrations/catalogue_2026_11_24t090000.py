from alur.core.migrations import sql_migration

ID = "2026-11-24T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = (
    "Pengesahan: a draft is submitted to the head of office, who approves it (then it is "
    "published) or sends it back with a note; who did so and when is kept on the version"
)

forwards = sql_migration(
    ID,
    "catalogue",
    DESCRIPTION,
    [
        "ALTER TABLE catalogue_versions DROP CONSTRAINT IF EXISTS catalogue_versions_status_check",
        "ALTER TABLE catalogue_versions ADD CONSTRAINT catalogue_versions_status_check "
        "CHECK (status IN ('draft', 'submitted', 'published', 'retired'))",
        # Like published_by: user ids without a foreign key (users are tenant-scoped rows the
        # identity domain owns; the audit chain keeps the name and NIP for good).
        "ALTER TABLE catalogue_versions ADD COLUMN IF NOT EXISTS submitted_at timestamptz NULL",
        "ALTER TABLE catalogue_versions ADD COLUMN IF NOT EXISTS submitted_by uuid NULL",
        "ALTER TABLE catalogue_versions ADD COLUMN IF NOT EXISTS approved_at timestamptz NULL",
        "ALTER TABLE catalogue_versions ADD COLUMN IF NOT EXISTS approved_by uuid NULL",
        "ALTER TABLE catalogue_versions ADD COLUMN IF NOT EXISTS returned_at timestamptz NULL",
        "ALTER TABLE catalogue_versions ADD COLUMN IF NOT EXISTS returned_by uuid NULL",
        "ALTER TABLE catalogue_versions ADD COLUMN IF NOT EXISTS return_note text NULL",
        "ALTER TABLE catalogue_versions DROP CONSTRAINT IF EXISTS catalogue_versions_submitted",
        "ALTER TABLE catalogue_versions ADD CONSTRAINT catalogue_versions_submitted "
        "CHECK (status <> 'submitted' OR submitted_at IS NOT NULL)",
        # A submitted version is still the SOP's one pending draft: no second draft beside it.
        "DROP INDEX IF EXISTS catalogue_one_draft",
        "CREATE UNIQUE INDEX IF NOT EXISTS catalogue_one_draft ON catalogue_versions "
        "(tenant_id, sop_id) WHERE status IN ('draft', 'submitted')",
        "CREATE INDEX IF NOT EXISTS catalogue_submitted ON catalogue_versions "
        "(tenant_id, submitted_at) WHERE status = 'submitted'",
    ],
)
