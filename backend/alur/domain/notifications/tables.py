"""Notifications, each person's preferences, escalations fired and planned per task, and the
office's own escalation settings (over the tenant.yaml defaults)."""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from alur.core.tables import id_column


class Notification(Table, tablename="notifications"):
    id = id_column()
    tenant_id = UUID(null=False)
    user_id = UUID()
    kind = Varchar(length=30)
    title = Varchar(length=300)
    body = Text()
    link = Varchar(length=300)
    case_id = UUID(null=True)
    task_id = UUID(null=True)
    dedupe_key = Varchar(length=200)
    created_at = Timestamptz()
    read_at = Timestamptz(null=True)
    email_status = Varchar(length=10)
    email_sent_at = Timestamptz(null=True)


class NotificationPreference(Table, tablename="notification_preferences"):
    tenant_id = UUID(null=False)
    user_id = UUID(primary_key=True)
    locale = Varchar(length=2)
    email_mode = Varchar(length=8)
    updated_at = Timestamptz()


class TaskEscalation(Table, tablename="task_escalations"):
    tenant_id = UUID(null=False)
    task_id = UUID(primary_key=True)
    stage = Varchar(length=12)
    level = Integer()
    position_id = UUID(null=True)
    recipients = JSONB()
    fired_at = Timestamptz()


class TaskEscalationPlan(Table, tablename="task_escalation_plans"):
    tenant_id = UUID(null=False)
    task_id = UUID(primary_key=True)
    stage = Varchar(length=12)
    falls_at = Timestamptz()


class OfficeSettings(Table, tablename="office_settings"):
    tenant_id = UUID(primary_key=True)
    escalation = JSONB()
    updated_by = UUID(null=True)
    updated_at = Timestamptz()
