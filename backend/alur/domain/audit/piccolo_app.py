from pathlib import Path

from piccolo.conf.apps import AppConfig

from alur.domain.audit.tables import AuditEvent, AuditHead

APP_CONFIG = AppConfig(
    app_name="audit",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[AuditEvent, AuditHead],
    migration_dependencies=["alur.domain.tenants.piccolo_app"],
)
