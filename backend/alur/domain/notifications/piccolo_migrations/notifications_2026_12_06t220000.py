from alur.core.migrations import sql_migration
from alur.core.rls import enable_rls_sql

ID = "2026-12-06T22:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Escalation plans in notifications' own table; tasks lose the escalation columns"

# Escalation is notifications' business: its next stage per task lives here, and the level
# reached is read from task_escalations (the stages fired), so cases' tasks carry none of it.
forwards = sql_migration(
    ID,
    "notifications",
    DESCRIPTION,
    [
        """
        CREATE TABLE IF NOT EXISTS task_escalation_plans (
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            task_id uuid NOT NULL,
            stage varchar(12) NOT NULL,
            falls_at timestamptz NOT NULL,
            PRIMARY KEY (tenant_id, task_id),
            FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id) ON DELETE CASCADE
        )
        """,
        "CREATE INDEX IF NOT EXISTS task_escalation_plans_due ON task_escalation_plans"
        " (tenant_id, falls_at)",
        *enable_rls_sql("task_escalation_plans"),
        # Forced RLS applies to the owner too: copy each office's plans under its own id.
        """
        DO $$ DECLARE office uuid; BEGIN
          IF EXISTS (SELECT 1 FROM information_schema.columns
                     WHERE table_name = 'tasks' AND column_name = 'next_escalation_stage') THEN
            FOR office IN SELECT id FROM tenants LOOP
              PERFORM set_config('app.tenant_id', office::text, true);
              EXECUTE 'INSERT INTO task_escalation_plans (tenant_id, task_id, stage, falls_at)'
                ' SELECT tenant_id, id, next_escalation_stage, next_escalation_at FROM tasks'
                ' WHERE status = ''active'' AND next_escalation_stage IS NOT NULL'
                ' AND next_escalation_at IS NOT NULL ON CONFLICT DO NOTHING';
            END LOOP;
            PERFORM set_config('app.tenant_id', '', true);
          END IF;
        END $$
        """,
        "DROP INDEX IF EXISTS tasks_next_escalation",
        "ALTER TABLE tasks DROP COLUMN IF EXISTS next_escalation_stage",
        "ALTER TABLE tasks DROP COLUMN IF EXISTS next_escalation_at",
        "ALTER TABLE tasks DROP COLUMN IF EXISTS escalation_level",
    ],
)
