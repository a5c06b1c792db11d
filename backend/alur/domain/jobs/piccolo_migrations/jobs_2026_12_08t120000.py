from alur.core.migrations import sql_migration

ID = "2026-12-08T12:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Outbox: a worker claims a job in one statement"

# A worker's claim (alur.domain.jobs.outbox.claim) is its own transaction, committed before the
# work. As BEGIN, the office's setting, the UPDATE and COMMIT it cost four round trips per job;
# as one call of this function, run on its own (its statement is its transaction), one. It runs
# as the caller (the app role, under the office's row-level security, which it sets for its own
# transaction only), and the commit does not wait for the WAL flush: the claim is bookkeeping
# (docs/jobs.md). Never call it inside a transaction: both settings would last to its end.
forwards = sql_migration(
    ID,
    "jobs",
    DESCRIPTION,
    [
        """
        CREATE OR REPLACE FUNCTION outbox_claim(
            job uuid, office uuid, moment timestamptz, lease_start timestamptz
        ) RETURNS TABLE (claimed_actor varchar, claimed_args jsonb, claimed_attempts integer)
        LANGUAGE plpgsql SECURITY INVOKER AS $$
        BEGIN
            PERFORM set_config('app.tenant_id', office::text, true);
            PERFORM set_config('synchronous_commit', 'off', true);
            RETURN QUERY UPDATE public.outbox_jobs j
                SET status = 'running', attempts = j.attempts + 1, started_at = moment
                WHERE j.id = job AND (j.status = 'sent'
                    OR (j.status = 'running' AND j.started_at < lease_start))
                RETURNING j.actor, j.args, j.attempts;
        END $$
        """,
    ],
)
