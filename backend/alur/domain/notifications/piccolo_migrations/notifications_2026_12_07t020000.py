from alur.core.migrations import sql_migration

ID = "2026-12-07T02:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Which offices have escalations due or digests waiting, in one query across offices"

# The scheduler asks once per tick which offices have work due, instead of enqueueing a sweep
# for every office (docs/jobs.md). It connects as the app role, which sees one office's rows at
# a time; these two functions run as the owner and return office ids only, never a row. The
# owner is under forced RLS too: a SELECT-only policy for the owner alone opens the two tables
# while `app.due_scan` is on, which only the functions set (and clear again) for their query.
_SCAN = "current_setting('app.due_scan', true) = 'on'"


def _scanner(name: str, args: str, query: str) -> str:
    return f"""
        CREATE OR REPLACE FUNCTION {name}({args}) RETURNS SETOF uuid
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        BEGIN
            PERFORM set_config('app.due_scan', 'on', true);
            RETURN QUERY {query};
            PERFORM set_config('app.due_scan', '', true);
        END $$
        """


forwards = sql_migration(
    ID,
    "notifications",
    DESCRIPTION,
    [
        # Across offices by time: the cost follows the number of stages due, not of offices.
        "CREATE INDEX IF NOT EXISTS task_escalation_plans_falls_at ON task_escalation_plans"
        " (falls_at, tenant_id)",
        "DROP POLICY IF EXISTS task_escalation_plans_due_scan ON task_escalation_plans",
        "CREATE POLICY task_escalation_plans_due_scan ON task_escalation_plans FOR SELECT"
        f" TO CURRENT_USER USING ({_SCAN})",
        "DROP POLICY IF EXISTS notifications_due_scan ON notifications",
        f"CREATE POLICY notifications_due_scan ON notifications FOR SELECT TO CURRENT_USER"
        f" USING ({_SCAN})",
        _scanner(
            "escalation_due_offices",
            "moment timestamptz",
            "SELECT DISTINCT e.tenant_id FROM public.task_escalation_plans e"
            " WHERE e.falls_at <= moment",
        ),
        # The partial index notifications_digest holds exactly the rows waiting for a digest.
        _scanner(
            "digest_waiting_offices",
            "",
            "SELECT DISTINCT n.tenant_id FROM public.notifications n"
            " WHERE n.email_status = 'digest'",
        ),
    ],
)
