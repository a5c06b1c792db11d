from pathlib import Path

from piccolo.conf.apps import AppConfig

from alur.domain.calendar.tables import DayOff, NationalChange, NationalDay, NationalYear

APP_CONFIG = AppConfig(
    app_name="calendar",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[DayOff, NationalYear, NationalDay, NationalChange],
    migration_dependencies=["alur.domain.tenants.piccolo_app"],
)
