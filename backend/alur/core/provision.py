"""Database roles, the schema migrations and the app role's grants.

Two roles per database: `<db>_owner` owns the schema and runs migrations; `<db>_app` is what
requests and jobs use: not owner, not superuser, not BYPASSRLS, so row-level security holds.
Names derive from the database name so a shared server can host several Alur databases.
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote, urlsplit, urlunsplit

import asyncpg

# Tables the app role may only read (or append to); everything else gets full DML.
APP_READ_ONLY = ("tenants", "migration")
# Tables the app role may only read and append to: the audit trails (each office's, and the
# national calendar's corrections) cannot be rewritten.
APP_APPEND_ONLY = ("audit_events", "national_calendar_changes")
_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")


def _ident(name: str) -> str:
    if not _IDENT.match(name):
        raise ValueError(f"unsafe SQL identifier {name!r}")
    return name


def with_credentials(url: str, user: str, password: str, database: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    netloc = f"{quote(user)}:{quote(password)}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, f"/{database}", parts.query, ""))


async def ensure_database(
    admin_url: str, db_name: str, owner_password: str, app_password: str
) -> tuple[str, str]:
    """Create (or re-key) the two roles and the database; touches nothing else on the server."""
    db = _ident(db_name)
    owner, app = f"{db}_owner", f"{db}_app"
    conn = await asyncpg.connect(admin_url)
    try:
        for role, password in ((owner, owner_password), (app, app_password)):
            exists = await conn.fetchval("select 1 from pg_roles where rolname = $1", role)
            verb = "ALTER" if exists else "CREATE"
            # Passwords cannot be bind parameters in DDL; quote_literal does the escaping.
            literal = await conn.fetchval("select quote_literal($1)", password)
            await conn.execute(
                f"{verb} ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB "
                f"PASSWORD {literal}"
            )
        if not await conn.fetchval("select 1 from pg_database where datname = $1", db):
            await conn.execute(f"CREATE DATABASE {db} OWNER {owner} ENCODING 'UTF8'")
        await conn.execute(f"REVOKE ALL ON DATABASE {db} FROM PUBLIC")
        await conn.execute(f"GRANT CONNECT ON DATABASE {db} TO {owner}, {app}")
    finally:
        await conn.close()
    return (
        with_credentials(admin_url, owner, owner_password, db),
        with_credentials(admin_url, app, app_password, db),
    )


async def migrate(owner_url: str, app_url: str) -> None:
    """Run every app's migrations as the owner, then grant the app role what it needs."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    os.environ["PICCOLO_CONF"] = "alur.piccolo_conf_owner"
    app_role = _ident(urlsplit(app_url).username or "")
    conn = await asyncpg.connect(owner_url)
    try:
        # Several replicas may start at once; one migrates, the others wait.
        await conn.execute("select pg_advisory_lock(hashtext('alur.migrate'))")
        result = await run_forwards(app_name="all")
        if not result.success:
            raise RuntimeError(f"migration failed: {result.message}")
        await conn.execute(f"GRANT USAGE ON SCHEMA public TO {app_role}")
        await conn.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app_role}"
        )
        await conn.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app_role}")
        for table in APP_READ_ONLY:
            await conn.execute(f"REVOKE INSERT, UPDATE, DELETE ON {table} FROM {app_role}")
        for table in APP_APPEND_ONLY:
            await conn.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {app_role}")
        # Offices onboarded in the product (domain/tenants/offices.py): the app role adds an
        # office and changes its IdP connection and status; it never deletes one, and the rest
        # of a row (slug, name, hosts, hours) stays as created.
        await conn.execute(f"GRANT INSERT ON tenants TO {app_role}")
        await conn.execute(
            "GRANT UPDATE (idp, idp_secret, status, status_reason, status_changed_at, updated_at)"
            f" ON tenants TO {app_role}"
        )
        await conn.execute("select pg_advisory_unlock(hashtext('alur.migrate'))")
    finally:
        await conn.close()
