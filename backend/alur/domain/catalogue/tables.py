"""SOPs and their versions. A version keeps the whole SOP document (identity, sections,
performer columns, steps) as imported or edited, so export is an exact round trip."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from alur.core.tables import created_at_column, id_column, updated_at_column

VERSION_STATUSES = ("draft", "submitted", "published", "retired")


class Sop(Table, tablename="catalogue_sops"):
    id = id_column()
    tenant_id = UUID(null=False)
    key = Varchar(length=40)
    title = Varchar(length=500)
    unit_code = Varchar(length=120, null=True)
    created_at = created_at_column()
    updated_at = updated_at_column()


class SopVersion(Table, tablename="catalogue_versions"):
    id = id_column()
    tenant_id = UUID(null=False)
    sop_id = UUID(null=False)
    number = Integer()
    status = Varchar(length=12)
    origin = Varchar(length=8)
    document = JSON()
    document_hash = Varchar(length=64)
    published_at = Timestamptz(null=True, default=None)
    published_by = UUID(null=True, default=None)
    # Pengesahan: submitted by the tenant admin, approved (or returned) by the head of office.
    submitted_at = Timestamptz(null=True, default=None)
    submitted_by = UUID(null=True, default=None)
    approved_at = Timestamptz(null=True, default=None)
    approved_by = UUID(null=True, default=None)
    returned_at = Timestamptz(null=True, default=None)
    returned_by = UUID(null=True, default=None)
    return_note = Text(null=True, default=None)
    created_at = created_at_column()
    updated_at = updated_at_column()
