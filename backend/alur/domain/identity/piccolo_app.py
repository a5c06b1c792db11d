from pathlib import Path

from piccolo.conf.apps import AppConfig

from alur.domain.identity.tables import PositionHolder, User

APP_CONFIG = AppConfig(
    app_name="identity",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[User, PositionHolder],
    migration_dependencies=["alur.domain.org.piccolo_app"],
)
