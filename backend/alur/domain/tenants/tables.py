"""The tenant registry: one row per office. Not tenant-owned, so no RLS; the app role reads only."""

from __future__ import annotations

from piccolo.columns import JSONB, Varchar
from piccolo.table import Table

from alur.core.tables import created_at_column, id_column, updated_at_column


class Tenant(Table, tablename="tenants"):
    id = id_column()
    slug = Varchar(length=40, unique=True)
    name = Varchar(length=300)
    short_name = Varchar(length=120)
    province = Varchar(length=120)
    time_zone = Varchar(length=64)
    locale = Varchar(length=10)
    hosts = JSONB(default=[])
    office_hours = JSONB(default={})
    idp = JSONB(default={})
    source_hash = Varchar(length=64)
    created_at = created_at_column()
    updated_at = updated_at_column()
