"""Who is calling: the session becomes a TenantContext, once per request.

The tenant always comes from the server-side session, never from the URL or body. Unsafe
methods must echo the session's CSRF token in a header.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException

from alur.core.errors import PermissionDeniedError
from alur.core.sessions import CSRF_HEADER, SESSION_COOKIE, Session, csrf_matches, load_session
from alur.core.tenancy import TenantContext

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
AnyRequest = Request[Any, Any, Any]


async def current_session(request: AnyRequest) -> Session:
    session = await load_session(request.cookies.get(SESSION_COOKIE))
    if session is None:
        raise NotAuthorizedException("Sesi tidak ada atau sudah berakhir; silakan masuk kembali")
    if request.method not in SAFE_METHODS and not csrf_matches(
        session, request.headers.get(CSRF_HEADER)
    ):
        raise PermissionDeniedException("Token CSRF tidak ada atau tidak cocok")
    return session


async def provide_tenant_context(request: AnyRequest) -> TenantContext:
    session = await current_session(request)
    return TenantContext(
        tenant_id=session.tenant_id,
        tenant_slug=session.tenant_slug,
        user_id=session.user_id,
        roles=frozenset(session.roles),
    )


def require_role(ctx: TenantContext, role: str) -> None:
    if role not in ctx.roles:
        raise PermissionDeniedError(f"memerlukan peran {role}")
