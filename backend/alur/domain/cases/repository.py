"""The only place that queries cases, tasks and comments; all on a tenant-scoped connection."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from alur.core.dbtypes import Conn
from alur.domain.cases.schemas import CaseOut, CommentOut, TargetHolder, TaskOut

_SLA = (
    "case when t.status <> 'active' then 'done'"
    " when t.due_at is null or not t.counts_for_office then 'no_standard'"
    " when $1::timestamptz >= t.due_at then 'overdue'"
    " when t.at_risk_at is not null and $1::timestamptz >= t.at_risk_at then 'at_risk'"
    " else 'on_track' end"
)
_TASK_COLS = f"""
t.id, t.case_id, c.number as case_number, c.subject as case_subject,
  s.title as sop_title, t.step_position, t.step_number, t.step_kind, t.activity,
  t.position_id, p.code as position_code, p.title as position_title, t.external_party,
  t.routing, t.status, t.claimed_by, cu.name as claimed_by_name, t.activated_at, t.waktu_raw,
  t.standard_minutes::float8 as standard_minutes, t.at_risk_at, t.due_at, t.completed_at,
  t.completed_by, du.name as completed_by_name, t.outcome, t.note,
  t.worked_minutes::float8 as worked_minutes, t.counts_for_office, {_SLA} as sla,
  (select coalesce(max(e.level), 0) from task_escalations e where e.task_id = t.id)
    as escalation_level,
  array(select hu.name from position_holders h join users hu on hu.id = h.user_id
        where h.position_id = t.position_id and hu.active
        and (h.starts_on is null or h.starts_on <= $2::date)
        and (h.ends_on is null or h.ends_on >= $2::date) order by h.kind, hu.name) as holders
"""
_TASK_JOINS = """
join cases c on c.id = t.case_id
join catalogue_sops s on s.id = c.sop_id
left join org_positions p on p.id = t.position_id
left join users cu on cu.id = t.claimed_by
left join users du on du.id = t.completed_by
"""
_TASK_FROM = f"from tasks t {_TASK_JOINS}"
_TASK_SELECT = f"select {_TASK_COLS} {_TASK_FROM}"


def _task(row: Any) -> TaskOut:
    return TaskOut(**dict(row))


# --- cases -----------------------------------------------------------------------------


async def next_case_number(conn: Conn, tenant_id: uuid.UUID, slug: str, year: int) -> str:
    last = await conn.fetchval(
        "insert into case_counters (tenant_id, year, last) values ($1, $2, 1)"
        " on conflict (tenant_id, year) do update set last = case_counters.last + 1"
        " returning last",
        tenant_id,
        year,
    )
    return f"{slug.upper()}-{year}-{int(last):06d}"


async def insert_case(conn: Conn, tenant_id: uuid.UUID, values: dict[str, Any]) -> uuid.UUID:
    return uuid.UUID(
        str(
            await conn.fetchval(
                "insert into cases (tenant_id, number, sop_id, version_id, unit_id, subject,"
                " reference, performer_units, status, started_by, started_at, expected_minutes)"
                " values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, 'open', $9, $10, $11)"
                " returning id",
                tenant_id,
                values["number"],
                values["sop_id"],
                values["version_id"],
                values["unit_id"],
                values["subject"],
                values["reference"],
                json.dumps({k: str(v) for k, v in values["performer_units"].items()}),
                values["started_by"],
                values["started_at"],
                values["expected_minutes"],
            )
        )
    )


_CASE_SELECT = """
select c.id, c.number, c.sop_id, s.key as sop_key, s.title as sop_title, c.version_id,
  v.number as version_number, c.unit_id, u.name as unit_name, c.subject, c.reference, c.status,
  c.started_by, su.name as started_by_name, c.started_at, c.closed_at, c.cancel_reason,
  c.expected_minutes::float8 as expected_minutes,
  exists(select 1 from tasks ot where ot.case_id = c.id and ot.status = 'active'
         and ot.counts_for_office and ot.due_at <= $1::timestamptz) as overdue,
  cur.step_number as current_step_number, cur.activity as current_activity,
  coalesce(cur.external_party, cp.title) as current_performer, cur.due_at as current_due_at
from cases c
join catalogue_sops s on s.id = c.sop_id
join catalogue_versions v on v.id = c.version_id
join org_units u on u.id = c.unit_id
join users su on su.id = c.started_by
left join lateral (select ct.step_number, ct.activity, ct.external_party, ct.position_id,
  ct.due_at from tasks ct where ct.case_id = c.id and ct.status = 'active'
  order by ct.activated_at desc limit 1) cur on true
left join org_positions cp on cp.id = cur.position_id
"""

CASE_SORTS = {
    "-started": "c.started_at desc, c.number desc",
    "started": "c.started_at, c.number",
    "-number": "c.number desc",
    "number": "c.number",
    "due": "cur.due_at nulls last, c.number",
    "-due": "cur.due_at desc nulls last, c.number desc",
}


async def get_case(
    conn: Conn, case_id: uuid.UUID, moment: dt.datetime, *, lock: bool = False
) -> CaseOut | None:
    if lock:
        await conn.execute("select 1 from cases where id = $1 for update", case_id)
    row = await conn.fetchrow(f"{_CASE_SELECT} where c.id = $2", moment, case_id)
    return CaseOut(**dict(row)) if row else None


async def case_internals(conn: Conn, case_id: uuid.UUID) -> dict[str, Any]:
    row = await conn.fetchrow(
        "select c.version_id, c.performer_units, c.started_by, c.unit_id, c.status"
        " from cases c where c.id = $1",
        case_id,
    )
    values = dict(row)
    values["performer_units"] = {
        k: uuid.UUID(v) for k, v in json.loads(values["performer_units"]).items()
    }
    return values


async def close_case(
    conn: Conn, case_id: uuid.UUID, status: str, at: dt.datetime, reason: str = ""
) -> None:
    await conn.execute(
        "update cases set status = $2, closed_at = $3, cancel_reason = $4 where id = $1",
        case_id,
        status,
        at,
        reason,
    )


def _visible(reach: int, user: int, positions: int) -> str:
    """Reach over the case's unit, or taking part in it (started it, or a task of mine)."""
    return (
        f"(${reach}::uuid[] is null or c.unit_id = any(${reach}::uuid[]) or c.started_by = ${user}"
        f" or exists(select 1 from tasks vt where vt.case_id = c.id and"
        f" (vt.position_id = any(${positions}::uuid[]) or vt.claimed_by = ${user}"
        f" or vt.completed_by = ${user})))"
    )


async def case_visible(
    conn: Conn,
    case_id: uuid.UUID,
    reach: list[uuid.UUID] | None,
    user: uuid.UUID,
    positions: list[uuid.UUID],
) -> bool:
    return bool(
        await conn.fetchval(
            f"select exists(select 1 from cases c where c.id = $1 and {_visible(2, 3, 4)})",
            case_id,
            reach,
            user,
            positions,
        )
    )


async def search_cases(
    conn: Conn,
    moment: dt.datetime,
    *,
    reach: list[uuid.UUID] | None,
    user: uuid.UUID,
    positions: list[uuid.UUID],
    filters: dict[str, Any],
    sort: str,
    limit: int | None,
    offset: int,
) -> tuple[list[CaseOut], int]:
    """``filters["units"]``: the unit and those below it; ``filters["mine"]``: cases I
    started, acted on, or that wait on me now (within reach or not); ``filters["during"]``:
    the period holds cases open at any time in it, not only those started in it."""
    where = f"""where $2::int is not null and {_visible(3, 4, 5)}
      and ($6::uuid is null or c.sop_id = $6) and ($7::uuid[] is null or c.unit_id = any($7))
      and ($8::text = '' or c.status = $8)
      and ($9::date is null or (case when $15::bool then coalesce(c.closed_at, 'infinity')
           else c.started_at end) >= $9::date)
      and ($10::date is null or c.started_at < $10::date + 1)
      and ($11::text = '' or c.reference ilike '%' || $11 || '%')
      and ($12::text = '' or c.subject ilike '%' || $12 || '%' or c.number ilike '%' || $12 || '%'
           or c.reference ilike '%' || $12 || '%'
           or s.title ilike '%' || $12 || '%' or s.key ilike $12 || '%')
      and (not $13::bool or exists(select 1 from tasks ot where ot.case_id = c.id
           and ot.status = 'active' and ot.counts_for_office and ot.due_at <= $1::timestamptz))
      and (not $14::bool or c.started_by = $4 or exists(select 1 from tasks mt
           where mt.case_id = c.id and (mt.claimed_by = $4 or mt.completed_by = $4
           or (mt.status = 'active' and mt.claimed_by is null
               and mt.position_id = any($5::uuid[])))))
    """
    args = [
        moment,
        0,
        reach,
        user,
        positions,
        filters.get("sop_id"),
        filters.get("units"),
        filters.get("status", ""),
        filters.get("start"),
        filters.get("end"),
        filters.get("reference", ""),
        filters.get("q", ""),
        bool(filters.get("overdue")),
        bool(filters.get("mine")),
        bool(filters.get("during")),
    ]
    page = "" if limit is None else f" limit {int(limit)} offset {int(offset)}"
    rows = await conn.fetch(f"{_CASE_SELECT} {where} order by {CASE_SORTS[sort]}{page}", *args)
    total = await conn.fetchval(
        f"select count(*) from cases c join catalogue_sops s on s.id = c.sop_id {where}", *args
    )
    return [CaseOut(**dict(r)) for r in rows], int(total)


# --- tasks -----------------------------------------------------------------------------


async def insert_task(conn: Conn, tenant_id: uuid.UUID, values: dict[str, Any]) -> uuid.UUID:
    cols = list(values)
    placeholders = ", ".join(f"${i + 2}" for i in range(len(cols)))
    return uuid.UUID(
        str(
            await conn.fetchval(
                f"insert into tasks (tenant_id, status, {', '.join(cols)})"
                f" values ($1, 'active', {placeholders}) returning id",
                tenant_id,
                *values.values(),
            )
        )
    )


async def lock_task_in_case(
    conn: Conn,
    task_id: uuid.UUID,
    reach: list[uuid.UUID] | None,
    user: uuid.UUID,
    positions: list[uuid.UUID],
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The task locked (its case's row first, the order cancel() takes them in), with what
    an action needs of its case, in two round trips; None when the task is unknown or its
    case is out of the user's sight."""
    await lock_case_of_task(conn, task_id)
    row = await conn.fetchrow(
        "select t.*, c.version_id as case__version_id, c.performer_units as case__performer_units,"
        " c.started_by as case__started_by, c.unit_id as case__unit_id,"
        f" c.status as case__status, {_visible(2, 3, 4)} as case__visible"
        " from tasks t join cases c on c.id = t.case_id where t.id = $1 for update of t",
        task_id,
        reach,
        user,
        positions,
    )
    if row is None or not row["case__visible"]:
        return None
    values = dict(row)
    task = {k: v for k, v in values.items() if not k.startswith("case__")}
    case = {k[6:]: v for k, v in values.items() if k.startswith("case__") and k != "case__visible"}
    case["performer_units"] = {
        k: uuid.UUID(v) for k, v in json.loads(case["performer_units"]).items()
    }
    return task, case


async def update_task(conn: Conn, task_id: uuid.UUID, values: dict[str, Any]) -> None:
    cols = list(values)
    assigns = ", ".join(f"{c} = ${i + 2}" for i, c in enumerate(cols))
    await conn.execute(f"update tasks set {assigns} where id = $1", task_id, *values.values())


async def get_task(
    conn: Conn, task_id: uuid.UUID, moment: dt.datetime, today: dt.date
) -> TaskOut | None:
    row = await conn.fetchrow(f"{_TASK_SELECT} where t.id = $3", moment, today, task_id)
    return _task(row) if row else None


async def case_tasks(
    conn: Conn, case_id: uuid.UUID, moment: dt.datetime, today: dt.date
) -> list[TaskOut]:
    rows = await conn.fetch(
        f"{_TASK_SELECT} where t.case_id = $3 order by t.activated_at, t.id",
        moment,
        today,
        case_id,
    )
    return [_task(r) for r in rows]


_SORTS = {
    "due": "t.due_at asc nulls last, t.activated_at",
    "-due": "t.due_at desc nulls last, t.activated_at",
    "activated": "t.activated_at asc",
    "-activated": "t.activated_at desc",
}


async def active_tasks(
    conn: Conn,
    moment: dt.datetime,
    today: dt.date,
    *,
    mine: tuple[uuid.UUID, list[uuid.UUID]] | None,
    units: list[uuid.UUID] | None,
    overdue_only: bool,
    since: dt.datetime | None,
    sort: str,
    limit: int,
    offset: int,
    decisions: bool | None = None,
    not_mine: tuple[uuid.UUID, list[uuid.UUID]] | None = None,
) -> tuple[list[TaskOut], int]:
    """Active tasks: mine (claimed by me, or unclaimed and waiting on a position I hold) or
    in units, optionally leaving out `not_mine`'s (a team list without my own inbox).
    `decisions`: True only ya/tidak steps, False none, None both. The page is chosen on
    the bare rows first; names and holders are joined for it only."""
    user, positions = mine if mine else (None, [])
    other, other_positions = not_mine if not_mine else (None, [])
    where = """where t.status = 'active'
      and ($3::uuid is null or t.claimed_by = $3
           or (t.claimed_by is null and t.position_id = any($4::uuid[])))
      and ($9::uuid is null or not coalesce(t.claimed_by = $9
           or (t.claimed_by is null and t.position_id = any($10::uuid[])), false))
      and ($5::uuid[] is null or exists (select 1 from cases c where c.id = t.case_id
           and c.unit_id = any($5::uuid[])))
      and (not $6::bool or (t.counts_for_office and t.due_at <= $1::timestamptz))
      and ($7::timestamptz is null or t.activated_at >= $7)
      and ($8::bool is null or (t.step_kind = 'decision') = $8)"""
    args = (
        moment,
        today,
        user,
        positions,
        units,
        overdue_only,
        since,
        decisions,
        other,
        other_positions,
    )
    # The page is chosen on `tasks` alone and materialised: whatever the planner believes
    # about row counts (an RLS filter's selectivity is a guess until statistics exist), the
    # 50 rows are found once and the joins run for those 50 by primary key, not per row of
    # a scan (docs/performance.md, "The inbox").
    rows = await conn.fetch(
        f"with page as materialized (select t.id, row_number() over (order by {_SORTS[sort]})"
        f" as n from tasks t {where} order by {_SORTS[sort]} limit {int(limit)}"
        f" offset {int(offset)})"
        f" select {_TASK_COLS} from page join tasks t on t.id = page.id {_TASK_JOINS}"
        " order by page.n",
        *args,
    )
    total = await conn.fetchval(
        f"select count(*) from tasks t {where} and $2::date is not null",
        *args,
    )
    return [_task(r) for r in rows], int(total)


async def inbox_owner(
    conn: Conn, tenant_id: uuid.UUID, user_id: uuid.UUID, moment: dt.datetime
) -> tuple[str, list[uuid.UUID]]:
    """The office's time zone and the positions the user holds today, in one round trip."""
    row = await conn.fetchrow(
        "select t.time_zone, array(select h.position_id from position_holders h"
        " join users u on u.id = h.user_id, lateral (select ($3::timestamptz"
        " at time zone t.time_zone)::date as today) d where h.user_id = $2 and u.active"
        " and (h.starts_on is null or h.starts_on <= d.today)"
        " and (h.ends_on is null or h.ends_on >= d.today)) as positions"
        " from tenants t where t.id = $1",
        tenant_id,
        user_id,
        moment,
    )
    return str(row["time_zone"]), list(row["positions"])


async def completed_positions(conn: Conn, case_id: uuid.UUID) -> list[int]:
    rows = await conn.fetch(
        "select distinct step_position from tasks where case_id = $1 and status = 'completed'"
        " order by step_position",
        case_id,
    )
    return [r["step_position"] for r in rows]


async def cancel_active(conn: Conn, case_id: uuid.UUID, at: dt.datetime) -> list[uuid.UUID]:
    rows = await conn.fetch(
        "update tasks set status = 'cancelled', outcome = 'cancelled', completed_at = $2"
        " where case_id = $1 and status = 'active' returning id",
        case_id,
        at,
    )
    return [r["id"] for r in rows]


# --- comments --------------------------------------------------------------------------


async def insert_comment(conn: Conn, tenant_id: uuid.UUID, values: dict[str, Any]) -> uuid.UUID:
    return uuid.UUID(
        str(
            await conn.fetchval(
                "insert into case_comments (tenant_id, case_id, task_id, author_id, body,"
                " created_at) values ($1, $2, $3, $4, $5, $6) returning id",
                tenant_id,
                values["case_id"],
                values["task_id"],
                values["author_id"],
                values["body"],
                values["created_at"],
            )
        )
    )


async def case_comments(conn: Conn, case_id: uuid.UUID) -> list[CommentOut]:
    rows = await conn.fetch(
        "select m.id, m.task_id, m.author_id, u.name as author_name, m.body, m.created_at"
        " from case_comments m join users u on u.id = m.author_id where m.case_id = $1"
        " order by m.created_at, m.id",
        case_id,
    )
    return [CommentOut(**dict(r)) for r in rows]


async def holders_today(
    conn: Conn, positions: list[uuid.UUID], today: dt.date
) -> dict[uuid.UUID, list[TargetHolder]]:
    rows = await conn.fetch(
        "select h.position_id, u.id as user_id, u.name, h.kind from position_holders h"
        " join users u on u.id = h.user_id where h.position_id = any($1::uuid[]) and u.active"
        " and (h.starts_on is null or h.starts_on <= $2)"
        " and (h.ends_on is null or h.ends_on >= $2) order by h.kind, u.name",
        positions,
        today,
    )
    out: dict[uuid.UUID, list[TargetHolder]] = {}
    for r in rows:
        out.setdefault(r["position_id"], []).append(
            TargetHolder(user_id=r["user_id"], name=r["name"], kind=r["kind"])
        )
    return out


async def user_name(conn: Conn, user_id: uuid.UUID) -> str:
    return str(await conn.fetchval("select name from users where id = $1", user_id) or "")


async def user_exists(conn: Conn, user_id: uuid.UUID) -> bool:
    return bool(
        await conn.fetchval("select exists(select 1 from users where id = $1 and active)", user_id)
    )


async def version_document(conn: Conn, version_id: uuid.UUID) -> str:
    return str(
        await conn.fetchval(
            "select document::text from catalogue_versions where id = $1", version_id
        )
    )


async def published_version(conn: Conn, sop_id: uuid.UUID) -> dict[str, Any] | None:
    row = await conn.fetchrow(
        "select s.id as sop_id, s.key, s.title, s.unit_code, v.id as version_id, v.number"
        " from catalogue_sops s left join catalogue_versions v"
        " on v.sop_id = s.id and v.status = 'published' where s.id = $1",
        sop_id,
    )
    return dict(row) if row else None


async def release_claims_of(conn: Conn, user_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        "update tasks set claimed_by = null where claimed_by = $1 and status = 'active'"
        " returning id, case_id",
        user_id,
    )
    return [dict(r) for r in rows]


async def case_heading(conn: Conn, case_id: uuid.UUID) -> dict[str, Any]:
    row = await conn.fetchrow(
        "select number, subject, started_by from cases where id = $1", case_id
    )
    return dict(row)


async def lock_case_of_task(conn: Conn, task_id: uuid.UUID) -> None:
    await conn.execute(
        "select 1 from cases where id = (select case_id from tasks where id = $1) for update",
        task_id,
    )
