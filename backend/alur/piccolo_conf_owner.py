"""Piccolo configuration for migrations: the schema owner."""

from piccolo.engine.postgres import PostgresEngine

from alur.core.settings import get_settings
from alur.piccolo_conf import APP_REGISTRY

DB = PostgresEngine(config={"dsn": get_settings().db.owner_url})

__all__ = ["APP_REGISTRY", "DB"]
