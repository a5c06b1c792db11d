from pathlib import Path

from piccolo.conf.apps import AppConfig

from alur.domain.cases.tables import Case, CaseComment, CaseCounter, Task

APP_CONFIG = AppConfig(
    app_name="cases",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[CaseCounter, Case, Task, CaseComment],
    migration_dependencies=[
        "alur.domain.catalogue.piccolo_app",
        "alur.domain.identity.piccolo_app",
    ],
)
