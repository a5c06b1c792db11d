from pathlib import Path

from piccolo.conf.apps import AppConfig

from alur.domain.catalogue.tables import Sop, SopVersion

APP_CONFIG = AppConfig(
    app_name="catalogue",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Sop, SopVersion],
    migration_dependencies=["alur.domain.org.piccolo_app"],
)
