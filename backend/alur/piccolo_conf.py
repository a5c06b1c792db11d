"""Piccolo configuration for requests and jobs: the app role, subject to row-level security."""

from piccolo.conf.apps import AppRegistry
from piccolo.engine.postgres import PostgresEngine

from alur.core.settings import get_settings

DB = PostgresEngine(config={"dsn": get_settings().db.app_url})

APP_REGISTRY = AppRegistry(
    apps=[
        "alur.domain.tenants.piccolo_app",
        "alur.domain.org.piccolo_app",
        "alur.domain.identity.piccolo_app",
        "alur.domain.catalogue.piccolo_app",
        "alur.domain.calendar.piccolo_app",
        "alur.domain.audit.piccolo_app",
        "alur.domain.cases.piccolo_app",
        "alur.domain.jobs.piccolo_app",
        "alur.domain.documents.piccolo_app",
        "alur.domain.notifications.piccolo_app",
    ]
)
