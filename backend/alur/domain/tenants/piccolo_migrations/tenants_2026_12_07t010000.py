from alur.core.migrations import sql_migration

ID = "2026-12-07T01:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Offices onboarded live: origin, status (suspension), the IdP secret sealed"

forwards = sql_migration(
    ID,
    "tenants",
    DESCRIPTION,
    [
        # 'file': kept by `alur tenants sync` from tenants/<slug>/; 'platform': created and
        # kept by a platform admin in the product (the database is the source of truth).
        "ALTER TABLE tenants ADD COLUMN IF NOT EXISTS origin varchar(20) NOT NULL"
        " DEFAULT 'file' CHECK (origin IN ('file', 'platform'))",
        "ALTER TABLE tenants ADD COLUMN IF NOT EXISTS status varchar(20) NOT NULL"
        " DEFAULT 'active' CHECK (status IN ('active', 'suspended'))",
        "ALTER TABLE tenants ADD COLUMN IF NOT EXISTS status_reason varchar(500) NOT NULL"
        " DEFAULT ''",
        "ALTER TABLE tenants ADD COLUMN IF NOT EXISTS status_changed_at timestamptz",
        # A Fernet token (alur.core.secretbox) of the client secret; '' when the secret
        # comes from the environment variable the IdP settings name.
        "ALTER TABLE tenants ADD COLUMN IF NOT EXISTS idp_secret text NOT NULL DEFAULT ''",
    ],
)
