from alur.core.migrations import sql_migration

ID = "2026-12-08T10:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = (
    "National calendar: the years the platform admin corrected, their libur nasional, cuti"
    " bersama and Ramadan, and the append-only log of the corrections (platform-wide, no RLS)"
)

forwards = sql_migration(
    ID,
    "calendar",
    DESCRIPTION,
    [
        # Years not here come from the shipped seed (national_calendar.yaml and the holidays
        # package); a year is copied here whole at its first correction.
        """
        CREATE TABLE IF NOT EXISTS national_years (
            year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
            source varchar(300) NOT NULL,
            skb boolean NOT NULL,
            ramadan_start date NULL,
            ramadan_end date NULL,
            ramadan_estimated boolean NOT NULL DEFAULT true,
            ramadan_hours jsonb NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            CHECK ((ramadan_start IS NULL) = (ramadan_end IS NULL)),
            CHECK (ramadan_end >= ramadan_start)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS national_days (
            day date PRIMARY KEY,
            year integer NOT NULL REFERENCES national_years(year) ON DELETE CASCADE,
            kind varchar(20) NOT NULL CHECK (kind IN ('libur_nasional', 'cuti_bersama')),
            name varchar(200) NOT NULL,
            estimated boolean NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now(),
            CHECK (extract(year FROM day) = year)
        )
        """,
        "CREATE INDEX IF NOT EXISTS national_days_year ON national_days (year, day)",
        # Append-only for the app role (core/provision.py revokes UPDATE and DELETE).
        """
        CREATE TABLE IF NOT EXISTS national_calendar_changes (
            seq bigserial PRIMARY KEY,
            at timestamptz NOT NULL DEFAULT now(),
            actor_id uuid NULL,
            actor_label varchar(300) NOT NULL,
            action varchar(40) NOT NULL,
            year integer NOT NULL,
            day date NULL,
            reason text NOT NULL CHECK (length(btrim(reason)) >= 5),
            before jsonb NULL,
            after jsonb NULL
        )
        """,
        "CREATE INDEX IF NOT EXISTS national_calendar_changes_year"
        " ON national_calendar_changes (year, seq)",
    ],
)
