from alur.core.migrations import sql_migration

ID = "2026-12-07T04:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Office versions: what every case action reads first, cached per version"

# Every case read and action needs the office's org (with who holds what) and its working
# calendar. They change rarely, so each process keeps them in memory and asks only for these
# two counters, which triggers move on every change (docs/performance.md). The national
# calendar's counter is the row of the all-zero office id.
#
# No row-level security on purpose (and `office_id`, not `tenant_id`, because it is not office
# data): the table holds counters, and a counter moved by another office's transaction could
# only cause a cache miss. The triggers run as the writer, so every role that writes the
# watched tables can move them.
NATIONAL = "00000000-0000-0000-0000-000000000000"


def _bump(scope: str, tenant: str) -> str:
    return (
        f"INSERT INTO office_versions (office_id, {scope}) VALUES ({tenant}, 1)"
        f" ON CONFLICT (office_id) DO UPDATE SET {scope} = office_versions.{scope} + 1;"
    )


forwards = sql_migration(
    ID,
    "cases",
    DESCRIPTION,
    [
        """
        CREATE TABLE IF NOT EXISTS office_versions (
            office_id uuid PRIMARY KEY,
            org bigint NOT NULL DEFAULT 0,
            calendar bigint NOT NULL DEFAULT 0
        )
        """,
        f"""
        CREATE OR REPLACE FUNCTION bump_office_version() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            office uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
        BEGIN
            IF TG_ARGV[0] = 'org' THEN
                {_bump("org", "office")}
            ELSE
                {_bump("calendar", "office")}
            END IF;
            RETURN NULL;
        END $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION bump_tenant_calendar_version() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            {_bump("calendar", "NEW.id")}
            RETURN NULL;
        END $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION bump_national_calendar_version() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            {_bump("calendar", f"'{NATIONAL}'::uuid")}
            RETURN NULL;
        END $$
        """,
        *(
            f"""
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '{table}_version') THEN
                    CREATE TRIGGER {table}_version AFTER INSERT OR UPDATE OR DELETE ON {table}
                    FOR EACH ROW EXECUTE FUNCTION bump_office_version('{scope}');
                END IF;
            END $$
            """
            for table, scope in (
                ("org_units", "org"),
                ("org_positions", "org"),
                ("position_holders", "org"),
                ("calendar_days_off", "calendar"),
            )
        ),
        # A user switched off (or on) changes what they hold for the case engine.
        """
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'users_active_version') THEN
                CREATE TRIGGER users_active_version AFTER UPDATE OF active ON users
                FOR EACH ROW EXECUTE FUNCTION bump_office_version('org');
            END IF;
        END $$
        """,
        """
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'tenants_calendar_version') THEN
                CREATE TRIGGER tenants_calendar_version
                AFTER UPDATE OF calendar, office_hours, time_zone ON tenants
                FOR EACH ROW EXECUTE FUNCTION bump_tenant_calendar_version();
            END IF;
        END $$
        """,
        *(
            f"""
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '{table}_version') THEN
                    CREATE TRIGGER {table}_version AFTER INSERT OR UPDATE OR DELETE ON {table}
                    FOR EACH STATEMENT EXECUTE FUNCTION bump_national_calendar_version();
                END IF;
            END $$
            """
            for table in ("national_years", "national_days")
        ),
    ],
)
