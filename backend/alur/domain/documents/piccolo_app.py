from pathlib import Path

from piccolo.conf.apps import AppConfig

from alur.domain.documents.tables import Document

APP_CONFIG = AppConfig(
    app_name="documents",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Document],
    migration_dependencies=["alur.domain.cases.piccolo_app"],
)
