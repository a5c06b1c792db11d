"""Users (provisioned from the office's IdP) and who holds which position, and when."""

from __future__ import annotations

from piccolo.columns import UUID, Array, Boolean, Date, Timestamptz, Varchar
from piccolo.table import Table

from alur.core.tables import created_at_column, id_column, updated_at_column

HOLDER_KINDS = ("definitive", "plt", "plh")


class User(Table, tablename="users"):
    id = id_column()
    tenant_id = UUID(null=False)
    subject = Varchar(length=255)
    nip = Varchar(length=32)
    name = Varchar(length=300)
    email = Varchar(length=320)
    idp_roles = Array(base_column=Varchar(length=64))
    granted_roles = Array(base_column=Varchar(length=64))
    active = Boolean(default=True)
    last_login_at = Timestamptz(null=True, default=None)
    created_at = created_at_column()
    updated_at = updated_at_column()


class PositionHolder(Table, tablename="position_holders"):
    id = id_column()
    tenant_id = UUID(null=False)
    user_id = UUID(null=False)
    position_id = UUID(null=False)
    kind = Varchar(length=12)
    source = Varchar(length=12)
    starts_on = Date(null=True, default=None)
    ends_on = Date(null=True, default=None)
    created_at = created_at_column()
