"""Org structure: units in a tree, positions in units with a supervisor chain."""

from __future__ import annotations

from piccolo.columns import UUID, Boolean, Text, Varchar
from piccolo.table import Table

from alur.core.tables import created_at_column, id_column, updated_at_column

UNIT_KINDS = ("dinas", "sekretariat", "sub_bagian", "bidang", "seksi", "uptd")
POSITION_KINDS = (
    "kepala_dinas",
    "sekretaris",
    "kabid",
    "kasubbag",
    "kasi",
    "kepala_uptd",
    "kasubbag_tu",
    "staf",
    "fungsional",
)


class Unit(Table, tablename="org_units"):
    id = id_column()
    tenant_id = UUID(null=False)
    code = Varchar(length=120)
    name = Varchar(length=300)
    kind = Varchar(length=20)
    parent_id = UUID(null=True, default=None)
    source = Text(default="")
    note = Text(default="")
    active = Boolean(default=True)
    created_at = created_at_column()
    updated_at = updated_at_column()


class Position(Table, tablename="org_positions"):
    id = id_column()
    tenant_id = UUID(null=False)
    code = Varchar(length=120)
    title = Varchar(length=300)
    kind = Varchar(length=20)
    unit_id = UUID(null=False)
    supervisor_id = UUID(null=True, default=None)
    source = Text(default="")
    note = Text(default="")
    active = Boolean(default=True)
    created_at = created_at_column()
    updated_at = updated_at_column()
