"""Cases (one run of a pinned SOP version) and tasks (each activation of one of its steps).
The schema is the hand-written migration; these classes name the tables for Piccolo."""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, Boolean, Integer, Numeric, Text, Timestamptz, Varchar
from piccolo.table import Table

from alur.core.tables import id_column


class CaseCounter(Table, tablename="case_counters"):
    tenant_id = UUID(primary_key=True)
    year = Integer()
    last = Integer()


class Case(Table, tablename="cases"):
    id = id_column()
    tenant_id = UUID(null=False)
    number = Varchar(length=40)
    sop_id = UUID()
    version_id = UUID()
    unit_id = UUID()
    subject = Varchar(length=500)
    reference = Varchar(length=300)
    performer_units = JSONB()
    status = Varchar(length=12)
    started_by = UUID()
    started_at = Timestamptz()
    closed_at = Timestamptz(null=True)
    cancel_reason = Text()
    expected_minutes = Numeric(null=True)


class Task(Table, tablename="tasks"):
    id = id_column()
    tenant_id = UUID(null=False)
    case_id = UUID()
    step_position = Integer()
    step_number = Varchar(length=20, null=True)
    step_kind = Varchar(length=10)
    activity = Text()
    performer_key = Varchar(length=120, null=True)
    position_id = UUID(null=True)
    external_party = Varchar(length=200, null=True)
    routing = Text()
    status = Varchar(length=12)
    claimed_by = UUID(null=True)
    activated_at = Timestamptz()
    waktu_raw = Text()
    standard_minutes = Numeric(null=True)
    at_risk_at = Timestamptz(null=True)
    due_at = Timestamptz(null=True)
    completed_at = Timestamptz(null=True)
    completed_by = UUID(null=True)
    outcome = Varchar(length=12, null=True)
    note = Text()
    worked_minutes = Numeric(null=True)
    counts_for_office = Boolean(default=True)


class CaseComment(Table, tablename="case_comments"):
    id = id_column()
    tenant_id = UUID(null=False)
    case_id = UUID()
    task_id = UUID(null=True)
    author_id = UUID()
    body = Text()
    created_at = Timestamptz()
