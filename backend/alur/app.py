"""Litestar app factory."""

from __future__ import annotations

import asyncio
import os

from litestar import Litestar, Response
from litestar.logging.config import LoggingConfig
from litestar.openapi import OpenAPIConfig

from alur.core import cpu_pool as parse_pool
from alur.core.errors import DomainError, TooManyRequestsError
from alur.core.input_guard import check_request
from alur.core.logs import RequestLogMiddleware, configure_logging
from alur.core.metrics import PROMETHEUS, MetricsController, watch_idps
from alur.core.security import AnyRequest
from alur.core.server_errors import log_exception, unexpected_error
from alur.core.settings import get_settings
from alur.core.storage import ensure_bucket, get_storage
from alur.core.tenancy import app_engine
from alur.core.web_headers import security_headers
from alur.domain.audit.controllers import AuditController
from alur.domain.calendar.controllers import CalendarController, NationalCalendarController
from alur.domain.cases.controllers import (
    CasesController,
    ReportsController,
    TasksController,
    VacanciesController,
)
from alur.domain.catalogue.approval_controllers import CatalogueApprovalController
from alur.domain.catalogue.controllers import CatalogueController, CatalogueEditController
from alur.domain.catalogue.readiness_controllers import ReadinessController
from alur.domain.dashboard.controllers import DashboardController
from alur.domain.documents.controllers import DocumentsController
from alur.domain.exports.controllers import ExportsController
from alur.domain.identity.controllers import (
    AuthController,
    MeController,
    TokensController,
    UsersController,
)
from alur.domain.jobs.controllers import DeadLettersController, JobsController
from alur.domain.notifications.controllers import (
    EscalationSettingsController,
    NotificationsController,
)
from alur.domain.notifications.reactions import connect as connect_reactions
from alur.domain.org.controllers import OrgController
from alur.domain.tenants.controllers import PlatformController, TenantsController
from alur.domain.tenants.office_controllers import OfficesController
from alur.health import HealthController
from alur.spa import spa_router


def _domain_error(_: AnyRequest, exc: DomainError) -> Response[dict[str, object]]:
    body: dict[str, object] = {"status_code": exc.status_code, "detail": exc.message}
    if exc.field:
        body["field"] = exc.field
    headers = (
        {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyRequestsError) else None
    )
    return Response(body, status_code=exc.status_code, headers=headers)


_background: set[asyncio.Task[None]] = set()


async def _startup() -> None:
    settings = get_settings()
    await app_engine().start_connection_pool(
        min_size=settings.db.pool_min, max_size=settings.db.pool_max
    )
    _background.add(asyncio.create_task(watch_idps()))  # each office's IdP, for the metric
    await asyncio.to_thread(ensure_bucket, get_storage(), settings.s3.bucket)


async def _shutdown() -> None:
    for task in _background:
        task.cancel()
    _background.clear()
    parse_pool.shutdown()
    await app_engine().close_connection_pool()


def create_app() -> Litestar:
    os.environ.setdefault("PICCOLO_CONF", "alur.piccolo_conf")
    settings = get_settings()
    connect_reactions()  # notifications react to what cases announce
    handlers: list[object] = [
        HealthController,
        MetricsController,
        TenantsController,
        AuthController,
        MeController,
        OrgController,
        UsersController,
        TokensController,
        PlatformController,
        OfficesController,
        CatalogueController,
        CatalogueEditController,
        ReadinessController,
        CatalogueApprovalController,
        CalendarController,
        NationalCalendarController,
        CasesController,
        TasksController,
        DashboardController,
        ReportsController,
        VacanciesController,
        AuditController,
        JobsController,
        DocumentsController,
        ExportsController,
        NotificationsController,
        EscalationSettingsController,
        DeadLettersController,
    ]
    if (settings.web.spa_dir / "index.html").exists():
        handlers.append(spa_router(settings.web.spa_dir))
    app = Litestar(
        route_handlers=handlers,  # type: ignore[arg-type]
        on_startup=[_startup],
        on_shutdown=[_shutdown],
        # 500: any exception without a handler of its own, and HTTP errors that are 500s.
        exception_handlers={DomainError: _domain_error, 500: unexpected_error},
        before_request=check_request,
        middleware=[RequestLogMiddleware, PROMETHEUS.middleware],
        before_send=[security_headers(hsts=settings.web.secure_cookies)],
        # Uploads of SOP books are the largest bodies (5 MB cap in the service).
        request_max_body_size=6 * 1024 * 1024,
        logging_config=LoggingConfig(
            log_exceptions="always",
            # Refusals are answers, not incidents: these are not logged at all; other refusals
            # (413 too large, 429 too many) one line each, unexpected errors with their trace.
            disable_stack_trace={400, 401, 403, 404, 405, 409, 422},
            exception_logging_handler=log_exception,
            # Litestar's records go through the root logger, which configure_logging sets up.
            configure_root_logger=False,
            loggers={"litestar": {"level": "INFO", "handlers": [], "propagate": True}},
            handlers={"queue_listener": {"class": "logging.NullHandler"}},
        ),
        openapi_config=OpenAPIConfig(title="Alur API", version="0.1.0"),
    )
    configure_logging()  # after Litestar's own logging setup, which would close our handler
    return app
