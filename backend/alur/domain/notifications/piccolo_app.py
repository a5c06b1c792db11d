from pathlib import Path

from piccolo.conf.apps import AppConfig

from alur.domain.notifications.tables import (
    Notification,
    NotificationPreference,
    OfficeSettings,
    TaskEscalation,
    TaskEscalationPlan,
)

APP_CONFIG = AppConfig(
    app_name="notifications",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        Notification,
        NotificationPreference,
        TaskEscalation,
        TaskEscalationPlan,
        OfficeSettings,
    ],
    migration_dependencies=["alur.domain.cases.piccolo_app"],
)
