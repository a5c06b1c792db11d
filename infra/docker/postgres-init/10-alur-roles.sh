#!/usr/bin/env bash
# Runs once, from /docker-entrypoint-initdb.d, when the postgres container
# initialises an empty data volume. It creates:
#   - alur_owner: owns the database and the schema; `alur db migrate` connects as it
#                 (ALUR_DATABASE_OWNER_URL).
#   - alur_app:   what the API, the workers and the scheduler connect as
#                 (ALUR_DATABASE_APP_URL). NOSUPERUSER NOBYPASSRLS NOCREATEROLE and not the
#                 owner of any table, so row-level security always applies to it.
# Passwords come from the container environment (docker-compose.yml passes them from .env);
# none is written here. psql's :'var' quoting keeps them out of the SQL text.
# To change them later: ALTER ROLE ... PASSWORD, this script does not run again.
set -euo pipefail

: "${ALUR_DB_OWNER_PASSWORD:?ALUR_DB_OWNER_PASSWORD must be set for the postgres container}"
: "${ALUR_DB_APP_PASSWORD:?ALUR_DB_APP_PASSWORD must be set for the postgres container}"

if [ "${ALUR_DB_OWNER_PASSWORD}" = "${ALUR_DB_APP_PASSWORD}" ]; then
    echo "ALUR_DB_OWNER_PASSWORD and ALUR_DB_APP_PASSWORD must differ" >&2
    exit 1
fi

psql --no-psqlrc -v ON_ERROR_STOP=1 \
    --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
    -v owner_password="${ALUR_DB_OWNER_PASSWORD}" \
    -v app_password="${ALUR_DB_APP_PASSWORD}" <<'SQL'
CREATE ROLE alur_owner LOGIN PASSWORD :'owner_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE ROLE alur_app LOGIN PASSWORD :'app_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;

CREATE DATABASE alur OWNER alur_owner ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE alur FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE alur TO alur_app;

\connect alur

-- PostgreSQL 15+: public belongs to pg_database_owner (here alur_owner); nobody else creates in it.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO alur_app;

-- Whatever alur_owner creates later (migrations), in any schema, is usable by alur_app
-- for DML only: no TRUNCATE, REFERENCES, TRIGGER, nor DDL. `alur db migrate` re-applies
-- its grants too; these defaults make a fresh database right before it runs.
ALTER DEFAULT PRIVILEGES FOR ROLE alur_owner
    GRANT USAGE ON SCHEMAS TO alur_app;
ALTER DEFAULT PRIVILEGES FOR ROLE alur_owner
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO alur_app;
ALTER DEFAULT PRIVILEGES FOR ROLE alur_owner
    GRANT USAGE, SELECT ON SEQUENCES TO alur_app;
ALTER DEFAULT PRIVILEGES FOR ROLE alur_owner
    GRANT EXECUTE ON FUNCTIONS TO alur_app;
SQL

echo "alur: created roles alur_owner, alur_app and database alur"
