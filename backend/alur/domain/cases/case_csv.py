"""The case search as CSV for leaders: Indonesian headers, office-local times, and a BOM so
spreadsheet programs read the accents right."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from alur.domain.cases.schemas import CaseOut

STATUS = {"open": "Berjalan", "closed": "Selesai", "cancelled": "Dibatalkan"}
HEADERS = (
    "Nomor",
    "Perihal",
    "Nomor surat",
    "SOP",
    "Unit",
    "Status",
    "Terlambat",
    "Langkah saat ini",
    "Pelaksana saat ini",
    "Batas waktu langkah",
    "Dimulai oleh",
    "Dimulai",
    "Ditutup",
    "Alasan pembatalan",
)


def _when(moment: dt.datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def _cell(value: str) -> str:
    """A cell a spreadsheet would run as a formula is written as text."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def case_csv(rows: Sequence[CaseOut], zone: ZoneInfo) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for c in rows:
        step = (
            f"{c.current_step_number or ''} {c.current_activity or ''}".strip()
            if c.status == "open"
            else ""
        )
        writer.writerow(
            [
                _cell(v)
                for v in (
                    c.number,
                    c.subject,
                    c.reference,
                    f"{c.sop_key} {c.sop_title}",
                    c.unit_name,
                    STATUS.get(c.status, c.status),
                    "ya" if c.overdue else "tidak",
                    step,
                    c.current_performer or "" if c.status == "open" else "",
                    _when(c.current_due_at, zone) if c.status == "open" else "",
                    c.started_by_name,
                    _when(c.started_at, zone),
                    _when(c.closed_at, zone),
                    c.cancel_reason,
                )
            ]
        )
    return out.getvalue()
