from alur.core.migrations import sql_migration
from alur.core.rls import enable_rls_sql

ID = "2026-11-22T23:51:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Org units and positions, tenant-isolated"

forwards = sql_migration(
    ID,
    "org",
    DESCRIPTION,
    [
        """
        CREATE TABLE IF NOT EXISTS org_units (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            code varchar(120) NOT NULL,
            name varchar(300) NOT NULL,
            kind varchar(20) NOT NULL CHECK (kind IN
                ('dinas', 'sekretariat', 'sub_bagian', 'bidang', 'seksi', 'uptd')),
            parent_id uuid NULL,
            source text NOT NULL DEFAULT '',
            note text NOT NULL DEFAULT '',
            active boolean NOT NULL DEFAULT true,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (tenant_id, code),
            UNIQUE (tenant_id, id),
            FOREIGN KEY (tenant_id, parent_id) REFERENCES org_units (tenant_id, id)
                DEFERRABLE INITIALLY DEFERRED
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS org_positions (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            code varchar(120) NOT NULL,
            title varchar(300) NOT NULL,
            kind varchar(20) NOT NULL CHECK (kind IN ('kepala_dinas', 'sekretaris', 'kabid',
                'kasubbag', 'kasi', 'kepala_uptd', 'kasubbag_tu', 'staf', 'fungsional')),
            unit_id uuid NOT NULL,
            supervisor_id uuid NULL,
            source text NOT NULL DEFAULT '',
            note text NOT NULL DEFAULT '',
            active boolean NOT NULL DEFAULT true,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (tenant_id, code),
            UNIQUE (tenant_id, id),
            FOREIGN KEY (tenant_id, unit_id) REFERENCES org_units (tenant_id, id)
                DEFERRABLE INITIALLY DEFERRED,
            FOREIGN KEY (tenant_id, supervisor_id) REFERENCES org_positions (tenant_id, id)
                DEFERRABLE INITIALLY DEFERRED
        )
        """,
        "CREATE INDEX IF NOT EXISTS org_units_parent ON org_units (tenant_id, parent_id)",
        "CREATE INDEX IF NOT EXISTS org_positions_unit ON org_positions (tenant_id, unit_id)",
        *enable_rls_sql("org_units"),
        *enable_rls_sql("org_positions"),
    ],
)
