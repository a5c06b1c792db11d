from alur.core.migrations import sql_migration

ID = "2026-12-07T04:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Planner statistics kept fresh on the tables the busiest reads filter"

# Every query on these tables carries the row-level security filter on tenant_id, whose
# selectivity the planner can only take from statistics. On a table analysed while nearly
# empty (a new office, a database emptied and filled again) it then believes in one row and
# chooses plans that rescan per row: the inbox's 80x swing between two runs (issue #17).
# In the last app to migrate, so every table exists. Analyse after 50 changed rows plus
# 2 % (PostgreSQL's default: 50 plus 10 %).
HOT = ("tasks", "cases", "task_escalation_plans", "task_escalations", "position_holders",
       "notifications", "outbox_jobs", "documents")  # fmt: skip

forwards = sql_migration(
    ID,
    "notifications",
    DESCRIPTION,
    [
        f"ALTER TABLE {table} SET (autovacuum_analyze_threshold = 50,"
        " autovacuum_analyze_scale_factor = 0.02)"
        for table in HOT
    ],
)
