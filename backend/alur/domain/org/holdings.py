"""Putting a person in a post: the checks every appointment passes, however it is made
(directly, or on the head of office's approval of a request)."""

from __future__ import annotations

import uuid

from alur.core.dbtypes import Conn
from alur.core.errors import ConflictError, NotFoundError, ValidationError
from alur.core.tenancy import TenantContext
from alur.domain.audit.chain import plain as _plain
from alur.domain.audit.chain import record
from alur.domain.org import repository as repo
from alur.domain.org.schemas import HolderCreate, HolderOut


def check_dates(data: HolderCreate) -> None:
    if data.kind != "definitive" and (data.starts_on is None or data.ends_on is None):
        raise ValidationError("Plt/Plh memerlukan tanggal mulai dan selesai", field="ends_on")
    if data.starts_on and data.ends_on and data.starts_on > data.ends_on:
        raise ValidationError("tanggal selesai sebelum tanggal mulai", field="ends_on")


async def check_holding(conn: Conn, position_id: uuid.UUID, data: HolderCreate) -> None:
    """The post exists (locked, so concurrent appointments serialise and the overlap check
    holds), the person is active, and no other acting official overlaps."""
    if not await repo.lock_position(conn, position_id):
        raise NotFoundError("Jabatan")
    user_ok = await conn.fetchval("select active from users where id = $1", data.user_id)
    if user_ok is None:
        raise ValidationError("pengguna tidak dikenal", field="user_id")
    if not user_ok:
        raise ValidationError("pengguna dinonaktifkan", field="user_id")
    if data.kind != "definitive" and await repo.overlapping_acting(
        conn, position_id, data.starts_on, data.ends_on
    ):
        raise ConflictError("sudah ada Plt/Plh pada rentang tanggal ini", field="starts_on")


async def insert_holding(
    conn: Conn, ctx: TenantContext, position_id: uuid.UUID, data: HolderCreate
) -> HolderOut:
    await check_holding(conn, position_id, data)
    holder_id = await repo.insert_holder(
        conn,
        ctx.tenant_id,
        {
            "user_id": data.user_id,
            "position_id": position_id,
            "kind": data.kind,
            "starts_on": data.starts_on,
            "ends_on": data.ends_on,
        },
    )
    holder = await repo.get_holder(conn, holder_id)
    assert holder is not None  # noqa: S101 - inserted in this transaction
    await record(conn, ctx, "org.holder_added", "holder", holder_id, after=_plain(holder))
    return holder
