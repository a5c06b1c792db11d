from alur.core.migrations import sql_migration
from alur.core.rls import enable_rls_sql

ID = "2026-11-23T02:02:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Cases run on a pinned SOP version; tasks are the activated steps"

forwards = sql_migration(
    ID,
    "cases",
    DESCRIPTION,
    [
        "CREATE UNIQUE INDEX IF NOT EXISTS catalogue_versions_tenant_id"
        " ON catalogue_versions (tenant_id, id)",
        """
        CREATE TABLE IF NOT EXISTS case_counters (
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            year integer NOT NULL,
            last integer NOT NULL,
            PRIMARY KEY (tenant_id, year)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS cases (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            number varchar(40) NOT NULL,
            sop_id uuid NOT NULL,
            version_id uuid NOT NULL,
            unit_id uuid NOT NULL,
            subject varchar(500) NOT NULL,
            reference varchar(300) NOT NULL DEFAULT '',
            performer_units jsonb NOT NULL DEFAULT '{}',
            status varchar(12) NOT NULL CHECK (status IN ('open', 'closed', 'cancelled')),
            started_by uuid NOT NULL,
            started_at timestamptz NOT NULL,
            closed_at timestamptz NULL,
            cancel_reason text NOT NULL DEFAULT '',
            expected_minutes numeric NULL,
            UNIQUE (tenant_id, number),
            UNIQUE (tenant_id, id),
            FOREIGN KEY (tenant_id, sop_id) REFERENCES catalogue_sops (tenant_id, id),
            FOREIGN KEY (tenant_id, version_id) REFERENCES catalogue_versions (tenant_id, id),
            FOREIGN KEY (tenant_id, unit_id) REFERENCES org_units (tenant_id, id),
            FOREIGN KEY (tenant_id, started_by) REFERENCES users (tenant_id, id)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS tasks (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            case_id uuid NOT NULL,
            step_position integer NOT NULL,
            step_number varchar(20) NULL,
            step_kind varchar(10) NOT NULL CHECK (step_kind IN
                ('start', 'process', 'decision', 'end')),
            activity text NOT NULL,
            performer_key varchar(120) NULL,
            position_id uuid NULL,
            external_party varchar(200) NULL,
            routing text NOT NULL DEFAULT '',
            status varchar(12) NOT NULL CHECK (status IN
                ('active', 'completed', 'returned', 'cancelled')),
            claimed_by uuid NULL,
            activated_at timestamptz NOT NULL,
            waktu_raw text NOT NULL DEFAULT '',
            standard_minutes numeric NULL,
            at_risk_at timestamptz NULL,
            due_at timestamptz NULL,
            completed_at timestamptz NULL,
            completed_by uuid NULL,
            outcome varchar(12) NULL CHECK (outcome IN
                ('done', 'ya', 'tidak', 'returned', 'cancelled')),
            note text NOT NULL DEFAULT '',
            worked_minutes numeric NULL,
            counts_for_office boolean NOT NULL DEFAULT true,
            UNIQUE (tenant_id, id),
            FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
            FOREIGN KEY (tenant_id, position_id) REFERENCES org_positions (tenant_id, id),
            FOREIGN KEY (tenant_id, claimed_by) REFERENCES users (tenant_id, id),
            FOREIGN KEY (tenant_id, completed_by) REFERENCES users (tenant_id, id)
        )
        """,
        # The Permenpan flow has no parallel branches: one active step per case, which also
        # makes two racing completions unable to both activate a successor.
        "CREATE UNIQUE INDEX IF NOT EXISTS tasks_one_active ON tasks (tenant_id, case_id)"
        " WHERE status = 'active'",
        "CREATE INDEX IF NOT EXISTS tasks_active_position ON tasks (tenant_id, position_id)"
        " WHERE status = 'active'",
        "CREATE INDEX IF NOT EXISTS tasks_active_claimed ON tasks (tenant_id, claimed_by)"
        " WHERE status = 'active'",
        "CREATE INDEX IF NOT EXISTS tasks_active_due ON tasks (tenant_id, due_at)"
        " WHERE status = 'active'",
        "CREATE INDEX IF NOT EXISTS tasks_case ON tasks (tenant_id, case_id, activated_at)",
        "CREATE INDEX IF NOT EXISTS tasks_completed ON tasks (tenant_id, completed_at)"
        " WHERE status = 'completed'",
        "CREATE INDEX IF NOT EXISTS cases_started ON cases (tenant_id, started_at)",
        "CREATE INDEX IF NOT EXISTS cases_sop ON cases (tenant_id, sop_id, status)",
        "CREATE INDEX IF NOT EXISTS cases_unit ON cases (tenant_id, unit_id, status)",
        """
        CREATE TABLE IF NOT EXISTS case_comments (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            case_id uuid NOT NULL,
            task_id uuid NULL,
            author_id uuid NOT NULL,
            body text NOT NULL,
            created_at timestamptz NOT NULL,
            FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
            FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id),
            FOREIGN KEY (tenant_id, author_id) REFERENCES users (tenant_id, id)
        )
        """,
        "CREATE INDEX IF NOT EXISTS case_comments_case ON case_comments (tenant_id, case_id)",
        *enable_rls_sql("case_counters"),
        *enable_rls_sql("cases"),
        *enable_rls_sql("tasks"),
        *enable_rls_sql("case_comments"),
    ],
)
