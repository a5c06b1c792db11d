"""Appointments above the appointer's own reach wait for the head of office.

A tenant admin manages the org, but a holding is also power over work: a Kasi sees the
Seksi's cases, a Plt Kepala Dinas the whole office. So an appointment to a post whose reach
(`alur.core.policy.reach_of`) exceeds the widest reach the appointer holds today — themselves
included — becomes a request that the Kepala Dinas (or their Plt/Plh) or a platform admin
approves or rejects. The head of office and platform admins appoint directly.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from alur.core.clock import now
from alur.core.dbtypes import Conn
from alur.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from alur.core.policy import PLATFORM_ADMIN, REACH_LEVELS, TENANT_ADMIN, reach_of
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.audit.chain import plain as _plain
from alur.domain.audit.chain import record
from alur.domain.org import appointment_repository as arepo
from alur.domain.org import repository as repo
from alur.domain.org.holdings import insert_holding
from alur.domain.org.schemas import AppointmentRequestOut, AppointmentRequestPage, HolderCreate

REACH_WORDS = {
    "own": "pekerjaannya sendiri",
    "unit": "satu unit",
    "subtree": "satu bidang",
    "office": "seluruh instansi",
}


async def today_in(conn: Conn, tenant_id: uuid.UUID) -> dt.date:
    zone = await conn.fetchval("select time_zone from tenants where id = $1", tenant_id)
    return now().astimezone(ZoneInfo(str(zone))).date()


def _rank(level: str) -> int:
    return REACH_LEVELS.index(level)


async def _reaches_unit(conn: Conn, held: dict[str, Any], unit_id: uuid.UUID) -> bool:
    """Whether a post held reaches `unit_id`: its own unit, or (Kabid, Sekretaris, Kepala
    UPTD) any unit below it, or (Kepala Dinas) every unit."""
    level = reach_of(str(held["kind"]))
    if level == "office":
        return True
    if level == "unit":
        return bool(held["unit_id"] == unit_id)
    if level == "subtree":
        return held["unit_id"] in await repo.unit_ancestors(conn, unit_id)
    return False


async def reason_to_wait(
    conn: Conn,
    ctx: TenantContext,
    position_id: uuid.UUID,
    appointee: uuid.UUID,
    today: dt.date,
) -> str | None:
    """Why this appointment needs the head's approval, or None when it does not: a post
    with reach of its own, beyond the level or outside the units the appointer's own posts
    reach; and any appointment of oneself. Unknown appointers always wait."""
    if PLATFORM_ADMIN in ctx.roles:
        return None
    if not ctx.user_id:
        return "pengusul tidak dikenal"
    mine = await arepo.posts_held(conn, uuid.UUID(ctx.user_id), today)
    if any(p["kind"] == "kepala_dinas" for p in mine):
        return None
    if appointee == uuid.UUID(ctx.user_id):
        return "mengangkat diri sendiri memerlukan persetujuan Kepala Dinas"
    kind = await arepo.position_kind(conn, position_id)
    unit = await arepo.position_unit(conn, position_id)
    if kind is None or unit is None:
        return None  # the caller reports the missing post
    post = _rank(reach_of(kind))
    if post == 0:
        return None  # a post with no reach over others' work
    own = max((_rank(reach_of(str(p["kind"]))) for p in mine), default=0)
    if post > own:
        return (
            f"jabatan ini menjangkau {REACH_WORDS[REACH_LEVELS[post]]}, melebihi jangkauan"
            f" jabatan pengusul ({REACH_WORDS[REACH_LEVELS[own]]})"
        )
    if not any([await _reaches_unit(conn, p, unit) for p in mine]):
        return "jabatan ini berada di luar unit yang dijangkau jabatan pengusul"
    return None


async def refuse_bringing_under_oneself(
    conn: Conn,
    ctx: TenantContext,
    *,
    supervisor_id: uuid.UUID | None = None,
    parent_id: uuid.UUID | None = None,
) -> None:
    """A new supervisor or parent unit that puts a post or unit under a post the actor holds
    widens the actor's own reach: only the head of office (or a platform admin) may."""
    if PLATFORM_ADMIN in ctx.roles:
        return
    today = await today_in(conn, ctx.tenant_id)
    mine = await arepo.posts_held(conn, uuid.UUID(ctx.user_id), today) if ctx.user_id else []
    if any(p["kind"] == "kepala_dinas" for p in mine):
        return
    held = {p["id"] for p in mine}
    under_me = False
    if supervisor_id is not None:
        under_me = bool(held & set(await repo.supervisor_chain(conn, supervisor_id)))
    if parent_id is not None:
        ancestors = set(await repo.unit_ancestors(conn, parent_id))
        under_me = under_me or any(
            p["unit_id"] in ancestors and reach_of(str(p["kind"])) != "own" for p in mine
        )
    if under_me:
        raise PermissionDeniedError(
            "perubahan ini menempatkan jabatan atau unit di bawah jabatan Anda sendiri;"
            " hanya Kepala Dinas yang dapat melakukannya"
        )


async def request(
    conn: Conn, ctx: TenantContext, position_id: uuid.UUID, data: HolderCreate, reason: str
) -> AppointmentRequestOut:
    request_id = await arepo.insert_request(
        conn,
        ctx.tenant_id,
        {
            "position_id": position_id,
            "user_id": data.user_id,
            "kind": data.kind,
            "starts_on": data.starts_on,
            "ends_on": data.ends_on,
            "reason": reason,
            "requested_by": uuid.UUID(ctx.user_id or str(uuid.UUID(int=0))),
        },
    )
    created = await arepo.get_request(conn, request_id)
    assert created is not None  # noqa: S101 - inserted in this transaction
    await record(
        conn, ctx, "org.appointment_requested", "appointment", request_id, after=_plain(created)
    )
    return created


async def _may_decide(conn: Conn, ctx: TenantContext, today: dt.date) -> bool:
    if PLATFORM_ADMIN in ctx.roles:
        return True
    if not ctx.user_id:
        return False
    held = await arepo.posts_held(conn, uuid.UUID(ctx.user_id), today)
    return any(p["kind"] == "kepala_dinas" for p in held)


async def _head_or_refuse(conn: Conn, ctx: TenantContext, today: dt.date) -> None:
    if await _may_decide(conn, ctx, today):
        return
    raise PermissionDeniedError(
        "hanya Kepala Dinas (atau Plt/Plh Kepala Dinas) atau admin platform yang dapat"
        " memutuskan pengangkatan ini"
    )


async def _pending(conn: Conn, request_id: uuid.UUID) -> AppointmentRequestOut:
    found = await arepo.get_request(conn, request_id, lock=True)
    if found is None:
        raise NotFoundError("Usulan pengangkatan")
    if found.status != "pending":
        raise ConflictError(f"usulan ini sudah diputuskan ({found.status})", field="status")
    return found


async def list_requests(
    ctx: TenantContext, status: str, position_id: uuid.UUID | None, limit: int
) -> AppointmentRequestPage:
    async with tenant_transaction(ctx) as tx:
        conn = tx.connection
        items = await arepo.list_requests(conn, status, position_id, limit)
        may = await _may_decide(conn, ctx, await today_in(conn, ctx.tenant_id))
    if not may and TENANT_ADMIN not in ctx.roles:
        # Names, NIPs and reasons are the head's and the admins' business; others see only
        # requests they made or that concern them.
        mine = {ctx.user_id}
        items = [r for r in items if str(r.requested_by) in mine or str(r.user_id) in mine]
    return AppointmentRequestPage(items=items, can_decide=may)


async def approve(ctx: TenantContext, request_id: uuid.UUID, note: str) -> AppointmentRequestOut:
    async with tenant_transaction(ctx) as tx:
        conn = tx.connection
        found = await _pending(conn, request_id)
        await _head_or_refuse(conn, ctx, await today_in(conn, ctx.tenant_id))
        data = HolderCreate(
            user_id=found.user_id,
            kind=found.kind,  # type: ignore[arg-type]  # checked by the table's constraint
            starts_on=found.starts_on,
            ends_on=found.ends_on,
        )
        holder = await insert_holding(conn, ctx, found.position_id, data)
        await arepo.decide(conn, request_id, "approved", _actor(ctx), note, holder.id)
        decided = await arepo.get_request(conn, request_id)
        assert decided is not None  # noqa: S101 - same transaction
        await record(
            conn,
            ctx,
            "org.appointment_approved",
            "appointment",
            request_id,
            before=_plain(found),
            after=_plain(decided),
        )
    return decided


async def reject(ctx: TenantContext, request_id: uuid.UUID, note: str) -> AppointmentRequestOut:
    async with tenant_transaction(ctx) as tx:
        conn = tx.connection
        found = await _pending(conn, request_id)
        await _head_or_refuse(conn, ctx, await today_in(conn, ctx.tenant_id))
        await arepo.decide(conn, request_id, "rejected", _actor(ctx), note, None)
        decided = await arepo.get_request(conn, request_id)
        assert decided is not None  # noqa: S101 - same transaction
        await record(
            conn,
            ctx,
            "org.appointment_rejected",
            "appointment",
            request_id,
            before=_plain(found),
            after=_plain(decided),
        )
    return decided


def _actor(ctx: TenantContext) -> uuid.UUID:
    return uuid.UUID(ctx.user_id) if ctx.user_id else uuid.UUID(int=0)
