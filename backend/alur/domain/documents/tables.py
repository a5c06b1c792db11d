"""Documents attached to a case (inputs at its start, outputs of its steps)."""

from __future__ import annotations

from piccolo.columns import UUID, BigInt, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from alur.core.tables import id_column


class Document(Table, tablename="documents"):
    id = id_column()
    tenant_id = UUID(null=False)
    case_id = UUID()
    task_id = UUID(null=True)
    name = Varchar(length=255)
    version = Integer()
    supersedes = UUID(null=True)
    status = Varchar(length=12)
    reason = Text()
    declared_sha256 = Varchar(length=64, null=True)
    sha256 = Varchar(length=64, null=True)
    size_bytes = BigInt()
    client_type = Varchar(length=200)
    content_type = Varchar(length=200, null=True)
    quarantine_key = Text()
    object_key = Text(null=True)
    uploaded_by = UUID()
    uploaded_at = Timestamptz()
    checked_at = Timestamptz(null=True)
