"""Actors. Each takes ids, is safe to run twice, and opens its own transaction."""

from __future__ import annotations

import time

import dramatiq
import redis

from alur.core.settings import get_settings
from alur.domain.documents.jobs import verify as verify_document
from alur.domain.exports import jobs as export_jobs
from alur.domain.exports.office_archive import office_archive
from alur.domain.jobs.probe import probe
from alur.domain.notifications import jobs as notification_jobs
from alur.domain.notifications.reactions import connect as connect_reactions
from alur_workers.broker import broker
from alur_workers.jobs import outbox_actor

connect_reactions()  # any case action run here is announced to notifications too

__all__ = [
    "broker",
    "documents_verify",
    "escalation_check",
    "escalation_sweep",
    "exports_case_file",
    "exports_catalogue",
    "exports_office_archive",
    "heartbeat",
    "jobs_probe",
    "notifications_digest",
    "notifications_email",
    "notifications_plan_digests",
]

HEARTBEAT_KEY = "worker:heartbeat"


@dramatiq.actor(queue_name="default", max_retries=0)
def heartbeat(sent_at: float) -> None:
    """Proves end to end that a message went through Redis and a worker ran it."""
    settings = get_settings()
    client = redis.Redis.from_url(settings.redis.url)
    client.set(settings.redis.key(HEARTBEAT_KEY), f"{sent_at}:{time.time()}", ex=300)


# Outbox jobs: the name is the `actor` of the outbox row the backend wrote.
documents_verify = outbox_actor("documents.verify", verify_document, queue="documents")
jobs_probe = outbox_actor("jobs.probe", probe)
notifications_email = outbox_actor(
    "notifications.email", notification_jobs.send_email, queue="notifications"
)
notifications_digest = outbox_actor(
    "notifications.digest", notification_jobs.send_digest, queue="notifications"
)
notifications_plan_digests = outbox_actor(
    "notifications.plan_digests", notification_jobs.plan_digests, queue="notifications"
)
escalation_check = outbox_actor(
    "escalation.check", notification_jobs.check_escalation, queue="notifications"
)
escalation_sweep = outbox_actor(
    "escalation.sweep", notification_jobs.sweep_escalations, queue="notifications"
)
exports_case_file = outbox_actor("exports.case_file", export_jobs.case_file, queue="exports")
exports_catalogue = outbox_actor("exports.catalogue", export_jobs.catalogue, queue="exports")
exports_office_archive = outbox_actor("exports.office_archive", office_archive, queue="exports")
