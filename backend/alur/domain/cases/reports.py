"""Performance figures per SOP, step and unit, and the Permenpan monitoring form (Tabel 7).

A period is a range of local dates [start, end]; a task belongs to it by its activation.
Outside parties' steps do not count against the office. Figures are limited to the units
the reader leads (the Kepala Dinas and tenant admins see the whole office).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from alur.core.errors import PermissionDeniedError, ValidationError
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.cases.context import Work, load_work
from alur.domain.cases.schemas import (
    Monitoring,
    MonitoringRow,
    Performance,
    SopFigure,
    StepFigure,
    TrendPoint,
    UnitFigure,
)

ON_TIME_THRESHOLD = 0.8
"""At or above this on-time rate a procedure 'berjalan dengan baik' on the monitoring form."""
MIN_FINISHED_CASES = 5
"""Tabel 7 gives no verdict on a procedure with fewer cases finished in the period."""

_SCOPE = """t.counts_for_office and t.activated_at >= $1 and t.activated_at < $2
  and ($3::uuid[] is null or c.unit_id = any($3::uuid[])) and ($4::uuid is null or c.sop_id = $4)"""

_STEPS = f"""
select c.sop_id, s.title as sop_title, t.step_position, min(t.step_number) as step_number,
  min(t.activity) as activity, min(t.waktu_raw) as waktu_raw,
  max(t.standard_minutes)::float8 as standard_minutes,
  count(*) filter (where t.status = 'completed') as completed,
  count(*) filter (where t.status = 'completed' and t.due_at is not null
                   and t.completed_at <= t.due_at) as on_time,
  count(*) filter (where t.status = 'completed' and t.due_at is not null) as measured,
  percentile_cont(0.5) within group (order by t.worked_minutes)
    filter (where t.status = 'completed') as median_minutes,
  percentile_cont(0.9) within group (order by t.worked_minutes)
    filter (where t.status = 'completed') as p90_minutes,
  count(*) filter (where t.due_at is not null and ((t.status = 'completed'
    and t.completed_at > t.due_at) or (t.status = 'active' and t.due_at <= $5))) as overdue
from tasks t join cases c on c.id = t.case_id join catalogue_sops s on s.id = c.sop_id
where {_SCOPE}
group by c.sop_id, s.title, t.step_position
order by s.title, t.step_position
"""  # noqa: S608 - only constant fragments are interpolated

_CASES = """
select {key}, count(*) filter (where c.started_at >= $1 and c.started_at < $2) as started,
  count(*) filter (where c.status = 'closed' and c.closed_at >= $1 and c.closed_at < $2)
    as finished,
  count(*) filter (where c.status = 'open') as open
from cases c join catalogue_sops s on s.id = c.sop_id join org_units u on u.id = c.unit_id
where ($3::uuid[] is null or c.unit_id = any($3::uuid[])) and ($4::uuid is null or c.sop_id = $4)
  and (c.started_at < $2) and (c.closed_at is null or c.closed_at >= $1)
group by {key}
"""

_UNIT_ON_TIME = f"""
select c.unit_id,
  count(*) filter (where t.status = 'completed' and t.due_at is not null
                   and t.completed_at <= t.due_at) as on_time,
  count(*) filter (where t.status = 'completed' and t.due_at is not null) as measured
from tasks t join cases c on c.id = t.case_id where {_SCOPE} group by c.unit_id
"""  # noqa: S608 - only constant fragments are interpolated


_TREND = """
select date_trunc('week', t.completed_at at time zone $5)::date as week,
  count(*) as completed,
  count(*) filter (where t.due_at is not null and t.completed_at <= t.due_at) as on_time,
  count(*) filter (where t.due_at is not null) as measured
from tasks t join cases c on c.id = t.case_id
where t.counts_for_office and t.status = 'completed'
  and t.completed_at >= $1 and t.completed_at < $2
  and ($3::uuid[] is null or c.unit_id = any($3::uuid[])) and ($4::uuid is null or c.sop_id = $4)
group by week
"""
"""Steps by the week they were completed in (unlike the other figures, which take the steps
activated in the period): a week's bar is the work finished that week."""

_ESCALATIONS = """
select date_trunc('week', e.fired_at at time zone $4)::date as week, count(*) as escalations
from task_escalations e join tasks t on t.id = e.task_id join cases c on c.id = t.case_id
where e.level >= 1 and e.fired_at >= $1 and e.fired_at < $2
  and ($3::uuid[] is null or c.unit_id = any($3::uuid[])) and ($5::uuid is null or c.sop_id = $5)
group by week
"""


def _rate(on_time: int, measured: int) -> float | None:
    return round(on_time / measured, 4) if measured else None


def _period(w: Work, start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    end = end or w.today
    start = start or end.replace(day=1)
    for field, day in (("start", start), ("end", end)):
        if not 2000 <= day.year <= 2100:
            raise ValidationError("tanggal harus antara tahun 2000 dan 2100", field=field)
    if end < start:
        raise ValidationError("tanggal akhir sebelum tanggal awal", field="end")
    if (end - start).days > 3660:
        raise ValidationError("periode paling lama 10 tahun", field="start")
    return start, end


def _scope(w: Work) -> list[uuid.UUID] | None:
    if not (w.actor.leads or w.actor.is_admin):
        raise PermissionDeniedError("kinerja unit untuk pejabat pengawas dan atasan")
    return w.actor.view_list


async def _figures(w: Work, start: dt.date, end: dt.date, sop_id: uuid.UUID | None) -> Performance:
    lo = dt.datetime.combine(start, dt.time(0), w.cal.zone)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), w.cal.zone)
    units = _scope(w)
    rows = await w.conn.fetch(_STEPS, lo, hi, units, sop_id, w.moment)
    steps = [
        StepFigure(
            sop_id=r["sop_id"],
            sop_title=r["sop_title"],
            step_position=r["step_position"],
            step_number=r["step_number"],
            activity=r["activity"],
            waktu_raw=r["waktu_raw"],
            standard_minutes=r["standard_minutes"],
            completed=r["completed"],
            on_time=r["on_time"],
            on_time_rate=_rate(r["on_time"], r["measured"]),
            median_minutes=_round(r["median_minutes"]),
            p90_minutes=_round(r["p90_minutes"]),
            overdue=r["overdue"],
            measured=r["measured"],
        )
        for r in rows
    ]
    measured: dict[uuid.UUID, list[int]] = {}
    for r in rows:
        pair = measured.setdefault(r["sop_id"], [0, 0])
        pair[0] += r["on_time"]
        pair[1] += r["measured"]
    sop_rows = await w.conn.fetch(
        _CASES.format(key="c.sop_id, s.key, s.title"), lo, hi, units, sop_id
    )
    sops = [
        SopFigure(
            sop_id=r["sop_id"],
            sop_key=r["key"],
            sop_title=r["title"],
            started=r["started"],
            finished=r["finished"],
            open=r["open"],
            on_time_rate=_rate(*measured.get(r["sop_id"], [0, 0])),
            measured=measured.get(r["sop_id"], [0, 0])[1],
        )
        for r in sop_rows
    ]
    sops.sort(key=lambda s: s.sop_key)
    unit_rate = {
        r["unit_id"]: (_rate(r["on_time"], r["measured"]), r["measured"])
        for r in await w.conn.fetch(_UNIT_ON_TIME, lo, hi, units, sop_id)
    }
    unit_rows = await w.conn.fetch(_CASES.format(key="c.unit_id, u.name"), lo, hi, units, sop_id)
    unit_figures = sorted(
        (
            UnitFigure(
                unit_id=r["unit_id"],
                unit_name=r["name"],
                started=r["started"],
                finished=r["finished"],
                on_time_rate=unit_rate.get(r["unit_id"], (None, 0))[0],
                measured=unit_rate.get(r["unit_id"], (None, 0))[1],
            )
            for r in unit_rows
        ),
        key=lambda u: u.unit_name,
    )
    worst = sorted(
        (s for s in steps if s.overdue),
        key=lambda s: (-s.overdue, -(s.p90_minutes or 0) / (s.standard_minutes or 1)),
    )[:10]
    trend = await _trend(w, (lo, hi), units, sop_id, start, end)
    escalations = sum(p.escalations for p in trend)
    return Performance(start, end, sops, unit_figures, steps, worst, trend, escalations)


async def _trend(
    w: Work,
    bounds: tuple[dt.datetime, dt.datetime],
    units: list[uuid.UUID] | None,
    sop_id: uuid.UUID | None,
    start: dt.date,
    end: dt.date,
) -> list[TrendPoint]:
    """Every week of the period, quiet ones included, so a chart shows the gaps."""
    zone = w.cal.zone.key
    done = {r["week"]: r for r in await w.conn.fetch(_TREND, *bounds, units, sop_id, zone)}
    fired = {
        r["week"]: r["escalations"]
        for r in await w.conn.fetch(_ESCALATIONS, *bounds, units, zone, sop_id)
    }
    points: list[TrendPoint] = []
    week = start - dt.timedelta(days=start.weekday())
    while week <= end:
        row = done.get(week)
        points.append(
            TrendPoint(
                week=week,
                completed=row["completed"] if row else 0,
                on_time_rate=_rate(row["on_time"], row["measured"]) if row else None,
                escalations=fired.get(week, 0),
                measured=row["measured"] if row else 0,
            )
        )
        week += dt.timedelta(days=7)
    return points


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


async def performance(
    ctx: TenantContext, *, start: dt.date | None, end: dt.date | None, sop_id: uuid.UUID | None
) -> Performance:
    async with tenant_transaction(ctx) as tx:
        w = await load_work(ctx, tx.connection)
        lo, hi = _period(w, start, end)
        return await _figures(w, lo, hi, sop_id)


def _minutes(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f} menit" if value < 120 else f"{value / 60:.1f} jam"


async def monitoring(
    ctx: TenantContext, *, start: dt.date | None, end: dt.date | None
) -> Monitoring:
    async with tenant_transaction(ctx) as tx:
        w = await load_work(ctx, tx.connection)
        lo, hi = _period(w, start, end)
        figures = await _figures(w, lo, hi, None)
    rows = [_monitoring_row(i, sop, figures) for i, sop in enumerate(figures.sops, start=1)]
    return Monitoring(lo, hi, ON_TIME_THRESHOLD, rows, MIN_FINISHED_CASES)


def verdict(rate: float | None, finished: int) -> bool | None:
    """Berjalan dengan baik: yes at or above the threshold, no below it, and no verdict
    without a rate or with fewer than MIN_FINISHED_CASES cases finished."""
    if rate is None or finished < MIN_FINISHED_CASES:
        return None
    return rate >= ON_TIME_THRESHOLD


def _monitoring_row(i: int, sop: SopFigure, figures: Performance) -> MonitoringRow:
    worst = next((s for s in figures.most_overdue if s.sop_id == sop.sop_id), None)
    rate = sop.on_time_rate
    good = verdict(rate, sop.finished)
    notes = [f"{sop.started} kasus dimulai, {sop.finished} selesai, {sop.open} berjalan"]
    if rate is not None:
        notes.append(f"langkah tepat waktu {rate * 100:.0f}% dari {sop.measured} langkah selesai")
    if worst is not None:
        notes.append(
            f"paling sering terlambat: langkah {worst.step_number or worst.step_position}"
            f" ({worst.overdue} kali; p90 {_minutes(worst.p90_minutes)}"
            f" vs standar {_minutes(worst.standard_minutes)})"
        )
    if good is None and sop.finished < MIN_FINISHED_CASES:
        action = (
            f"Belum dapat dinilai: baru {sop.finished} kasus selesai pada periode ini"
            f" (minimal {MIN_FINISHED_CASES}); pantau periode berikutnya"
        )
    elif good is None:
        action = "Belum ada langkah berstandar waktu yang selesai; pantau periode berikutnya"
    elif good:
        action = "Pertahankan pelaksanaan sesuai SOP"
    elif worst is not None:
        action = (
            f"Evaluasi langkah {worst.step_number or worst.step_position}: beban kerja"
            " pelaksana atau kewajaran standar waktunya; usulkan revisi SOP bila perlu"
        )
    else:
        action = "Evaluasi pelaksanaan SOP bersama unit pemilik"
    return MonitoringRow(
        no=i,
        sop_id=sop.sop_id,
        sop_key=sop.sop_key,
        prosedur=sop.sop_title,
        berjalan_baik=good,
        catatan="; ".join(notes),
        tindakan=action,
        on_time_rate=rate,
        finished=sop.finished,
    )
