"""Notification routes (the bell, read marks, personal preferences) and the tenant admin's
escalation settings."""

from __future__ import annotations

import msgspec
from litestar import Controller, get, post, put
from litestar.di import Provide

from alur.core.pagination import Limit, Offset
from alur.core.policy import Permission
from alur.core.security import needs, provide_tenant_context
from alur.core.tenancy import TenantContext
from alur.domain.notifications import services
from alur.domain.notifications.schemas import (
    EscalationSettings,
    MarkRead,
    NotificationPage,
    Preferences,
)


class Marked(msgspec.Struct):
    marked: int


class NotificationsController(Controller):
    path = "/api/notifications"
    tags = ["notifications"]
    dependencies = {"ctx": Provide(provide_tenant_context)}
    guards = [needs(Permission.OWN_ACCOUNT)]

    @get("/", operation_id="myNotifications")
    async def mine(
        self, ctx: TenantContext, unread: bool = False, limit: Limit = 20, offset: Offset = 0
    ) -> NotificationPage:
        return await services.my_notifications(ctx, unread_only=unread, limit=limit, offset=offset)

    @post("/read", operation_id="markNotificationsRead", status_code=200)
    async def read(self, ctx: TenantContext, data: MarkRead) -> Marked:
        return Marked(await services.mark_read(ctx, data.ids))

    @get("/preferences", operation_id="getNotificationPreferences")
    async def preferences(self, ctx: TenantContext) -> Preferences:
        return await services.get_preferences(ctx)

    @put("/preferences", operation_id="saveNotificationPreferences")
    async def save_preferences(self, ctx: TenantContext, data: Preferences) -> Preferences:
        return await services.save_preferences(ctx, data)


class EscalationSettingsController(Controller):
    path = "/api/settings/escalation"
    tags = ["settings"]
    dependencies = {"ctx": Provide(provide_tenant_context)}

    @get("/", operation_id="getEscalationSettings", guards=[needs(Permission.ORG_READ)])
    async def get_settings(self, ctx: TenantContext) -> EscalationSettings:
        return await services.get_escalation(ctx)

    @put("/", operation_id="saveEscalationSettings", guards=[needs(Permission.SETTINGS_WRITE)])
    async def save(self, ctx: TenantContext, data: EscalationSettings) -> EscalationSettings:
        return await services.save_escalation(ctx, data)
