from pathlib import Path

from piccolo.conf.apps import AppConfig

from alur.domain.tenants.tables import Tenant

APP_CONFIG = AppConfig(
    app_name="tenants",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Tenant],
    migration_dependencies=[],
)
