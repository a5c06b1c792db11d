"""Days off an office declares on top of the national holidays and cuti bersama."""

from __future__ import annotations

from piccolo.columns import UUID, Date, Varchar
from piccolo.table import Table

from alur.core.tables import created_at_column, id_column


class DayOff(Table, tablename="calendar_days_off"):
    id = id_column()
    tenant_id = UUID(null=False)
    day = Date()
    name = Varchar(length=200)
    created_by = UUID(null=True, default=None)
    created_at = created_at_column()
