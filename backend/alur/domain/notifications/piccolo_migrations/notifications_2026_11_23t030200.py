from alur.core.migrations import sql_migration
from alur.core.rls import enable_rls_sql

ID = "2026-11-23T03:02:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Notifications (in-app and e-mail), preferences, escalations, office settings"

forwards = sql_migration(
    ID,
    "notifications",
    DESCRIPTION,
    [
        """
        CREATE TABLE IF NOT EXISTS notifications (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            user_id uuid NOT NULL,
            kind varchar(30) NOT NULL,
            title varchar(300) NOT NULL,
            body text NOT NULL,
            link varchar(300) NOT NULL DEFAULT '',
            case_id uuid NULL,
            task_id uuid NULL,
            dedupe_key varchar(200) NOT NULL,
            created_at timestamptz NOT NULL,
            read_at timestamptz NULL,
            email_status varchar(10) NOT NULL DEFAULT 'none' CHECK (email_status IN
                ('none', 'pending', 'digest', 'sent', 'skipped')),
            email_sent_at timestamptz NULL,
            UNIQUE (tenant_id, dedupe_key),
            UNIQUE (tenant_id, id),
            FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
        )
        """,
        "CREATE INDEX IF NOT EXISTS notifications_inbox ON notifications"
        " (tenant_id, user_id, created_at DESC)",
        "CREATE INDEX IF NOT EXISTS notifications_digest ON notifications (tenant_id, user_id)"
        " WHERE email_status = 'digest'",
        """
        CREATE TABLE IF NOT EXISTS notification_preferences (
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            user_id uuid NOT NULL,
            locale varchar(2) NOT NULL DEFAULT 'id' CHECK (locale IN ('id', 'en')),
            email_mode varchar(8) NOT NULL DEFAULT 'each' CHECK (email_mode IN
                ('each', 'digest', 'off')),
            updated_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (tenant_id, user_id),
            FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS task_escalations (
            tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE RESTRICT,
            task_id uuid NOT NULL,
            stage varchar(12) NOT NULL,
            level integer NOT NULL DEFAULT 0,
            position_id uuid NULL,
            recipients jsonb NOT NULL DEFAULT '[]',
            fired_at timestamptz NOT NULL,
            PRIMARY KEY (tenant_id, task_id, stage),
            FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id) ON DELETE CASCADE
        )
        """,
        "ALTER TABLE tasks ADD COLUMN IF NOT EXISTS escalation_level integer NOT NULL DEFAULT 0",
        "ALTER TABLE tasks ADD COLUMN IF NOT EXISTS next_escalation_stage varchar(12) NULL",
        "ALTER TABLE tasks ADD COLUMN IF NOT EXISTS next_escalation_at timestamptz NULL",
        "CREATE INDEX IF NOT EXISTS tasks_next_escalation ON tasks (tenant_id, next_escalation_at)"
        " WHERE status = 'active' AND next_escalation_at IS NOT NULL",
        """
        CREATE TABLE IF NOT EXISTS office_settings (
            tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE RESTRICT,
            escalation jsonb NOT NULL DEFAULT '{}',
            updated_by uuid NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
        )
        """,
        *enable_rls_sql("notifications"),
        *enable_rls_sql("notification_preferences"),
        *enable_rls_sql("task_escalations"),
        *enable_rls_sql("office_settings"),
    ],
)
