"""Row-level security DDL shared by every domain's migrations.

Policies compare with `app.tenant_id` set per transaction; with no tenant set the
setting is NULL and no row matches, so forgetting the context fails closed.
"""

from __future__ import annotations

TENANT_SETTING = "app.tenant_id"
CURRENT_TENANT_SQL = f"nullif(current_setting('{TENANT_SETTING}', true), '')::uuid"


def enable_rls_sql(table: str) -> list[str]:
    policy = f"{table}_tenant_isolation"
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {policy} ON {table}",
        f"CREATE POLICY {policy} ON {table} USING (tenant_id = {CURRENT_TENANT_SQL}) "
        f"WITH CHECK (tenant_id = {CURRENT_TENANT_SQL})",
    ]
