from pathlib import Path

from piccolo.conf.apps import AppConfig

from alur.domain.org.tables import Position, Unit

APP_CONFIG = AppConfig(
    app_name="org",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Unit, Position],
    migration_dependencies=["alur.domain.tenants.piccolo_app"],
)
