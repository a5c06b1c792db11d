from alur.core.migrations import sql_migration
from alur.core.rls import enable_rls_sql

ID = "2026-11-23T01:25:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "SOP catalogue: SOPs and versions (draft -> published -> retired), tenant-isolated"

forwards = sql_migration(
    ID,
    "catalogue",
    DESCRIPTION,
    [
        """
        CREATE TABLE IF NOT EXISTS catalogue_sops (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            key varchar(40) NOT NULL,
            title varchar(500) NOT NULL,
            unit_code varchar(120) NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (tenant_id, key),
            UNIQUE (tenant_id, id)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS catalogue_versions (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            sop_id uuid NOT NULL,
            number integer NOT NULL CHECK (number > 0),
            status varchar(12) NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
            origin varchar(8) NOT NULL DEFAULT 'file' CHECK (origin IN ('file', 'admin')),
            document json NOT NULL,  -- json, not jsonb: key order is part of an exact export
            document_hash varchar(64) NOT NULL,
            published_at timestamptz NULL,
            published_by uuid NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (tenant_id, sop_id, number),
            FOREIGN KEY (tenant_id, sop_id) REFERENCES catalogue_sops (tenant_id, id)
        )
        """,
        # At most one published version per SOP: publishing retires the previous one.
        "CREATE UNIQUE INDEX IF NOT EXISTS catalogue_one_published ON catalogue_versions "
        "(tenant_id, sop_id) WHERE status = 'published'",
        "CREATE INDEX IF NOT EXISTS catalogue_sops_title ON catalogue_sops "
        "(tenant_id, lower(title))",
        *enable_rls_sql("catalogue_sops"),
        *enable_rls_sql("catalogue_versions"),
    ],
)
