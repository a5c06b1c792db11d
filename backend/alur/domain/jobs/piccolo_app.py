from pathlib import Path

from piccolo.conf.apps import AppConfig

from alur.domain.jobs.tables import OutboxJob

APP_CONFIG = AppConfig(
    app_name="jobs",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[OutboxJob],
    migration_dependencies=["alur.domain.tenants.piccolo_app"],
)
