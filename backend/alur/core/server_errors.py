"""What the app answers and logs when something fails that no handler expected.

The caller gets a plain 500 and the request id, never an exception's text or trace (both can
name tables, queries or other offices' data); the log gets one record with the trace and
what an operator needs to find the request again (id, method, path, office).
"""

from __future__ import annotations

import sys
from typing import Any

from litestar import Request, Response
from litestar.types import Logger, Scope

from alur.core.security import Principal
from alur.core.web_headers import request_id

SERVER_ERROR_DETAIL = "Terjadi kesalahan pada server"


def _tenant(scope: Scope) -> str:
    """The office of an already authenticated caller; no lookup of its own, it may be the
    lookup that failed."""
    state = scope.get("state") or {}
    for value in state.values():
        if isinstance(value, Principal):
            return value.ctx.tenant_slug
    return "-"


def unexpected_error(request: Request[Any, Any, Any], _: Exception) -> Response[dict[str, object]]:
    """The answer to any exception without a handler of its own (and to 500 HTTP errors)."""
    body: dict[str, object] = {
        "status_code": 500,
        "detail": SERVER_ERROR_DETAIL,
        "request_id": request_id(request.scope),
    }
    return Response(body, status_code=500)


def log_exception(logger: Logger, scope: Scope, _: list[str]) -> None:
    """Litestar's `exception_logging_handler`, called once per failed request (refusals named
    in `disable_stack_trace` never reach it): a client error (413 too large, 429, ...) is one
    line, anything else one record with its stack trace."""
    exc = sys.exc_info()[1]
    status = getattr(exc, "status_code", 500)
    method = scope.get("method", scope["type"].upper())
    path = scope.get("path", "")  # %r below: newlines in a path or detail cannot forge lines
    context = f"request_id={request_id(scope)} tenant={_tenant(scope)}"
    if isinstance(status, int) and status < 500:
        detail = getattr(exc, "detail", "") or str(exc)
        logger.warning("%s %r refused %s: %r (%s)", method, path, status, detail, context)
    else:
        logger.error("Unexpected error in %s %r (%s)", method, path, context, exc_info=True)
