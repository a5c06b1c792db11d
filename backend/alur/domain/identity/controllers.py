"""Sign-in routes (/auth/...) and who am I (/api/me)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

import msgspec
from litestar import Controller, Response, get, post
from litestar.datastructures import Cookie
from litestar.params import Parameter
from litestar.response import Redirect

from alur.core.security import AnyRequest, current_session
from alur.core.sessions import CSRF_COOKIE, SESSION_COOKIE
from alur.core.settings import get_settings
from alur.core.tenancy import TenantContext
from alur.domain.identity import services
from alur.domain.tenants.schemas import MePosition, MeResponse, MeTenant, MeUser

LOGIN_COOKIE = "alur_login"


class LogoutResponse(msgspec.Struct):
    redirect: str


def _session_cookies(session_id: str, csrf: str) -> list[Cookie]:
    web = get_settings().web
    return [
        Cookie(
            key=SESSION_COOKIE,
            value=session_id,
            httponly=True,
            secure=web.secure_cookies,
            samesite="lax",
            path="/",
            max_age=web.session_ttl_seconds,
        ),
        # Readable by the SPA on purpose: it echoes it in X-CSRF-Token (double submit,
        # checked against the server-side session).
        Cookie(
            key=CSRF_COOKIE,
            value=csrf,
            httponly=False,
            secure=web.secure_cookies,
            samesite="strict",
            path="/",
            max_age=web.session_ttl_seconds,
        ),
    ]


def _expired(*keys: str) -> list[Cookie]:
    return [Cookie(key=k, value="", max_age=0, expires=0, path="/") for k in keys]


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]

    @get("/{slug:str}/login", include_in_schema=False)
    async def login(self, slug: str) -> Redirect:
        start = await services.begin_login(slug)
        web = get_settings().web
        return Redirect(
            start.redirect_url,
            cookies=[
                Cookie(
                    key=LOGIN_COOKIE,
                    value=start.binding,
                    httponly=True,
                    secure=web.secure_cookies,
                    samesite="lax",
                    path="/auth",
                    max_age=services.PENDING_TTL_SECONDS,
                )
            ],
        )

    @get("/{slug:str}/callback", include_in_schema=False)
    async def callback(
        self,
        request: AnyRequest,
        slug: str,
        code: str = "",
        oauth_state: Annotated[str, Parameter(query="state")] = "",
        error: str = "",
    ) -> Redirect:
        if error:
            return Redirect(f"/login?error={quote(error)}")
        done = await services.complete_login(
            slug,
            code=code,
            state=oauth_state,
            binding=request.cookies.get(LOGIN_COOKIE),
            previous_session=request.cookies.get(SESSION_COOKIE),
        )
        cookies = _session_cookies(done.session_id, done.csrf)
        cookies.append(Cookie(key=LOGIN_COOKIE, value="", max_age=0, expires=0, path="/auth"))
        return Redirect("/", status_code=303, cookies=cookies)

    @post("/logout", status_code=200, operation_id="logout")
    async def logout(self, request: AnyRequest) -> Response[LogoutResponse]:
        session = await current_session(request)  # CSRF is checked here
        target = await services.logout(request.cookies[SESSION_COOKIE], session)
        return Response(
            LogoutResponse(redirect=target), cookies=_expired(SESSION_COOKIE, CSRF_COOKIE)
        )


class MeController(Controller):
    tags = ["session"]

    @get("/api/me", operation_id="getMe")
    async def me(self, request: AnyRequest) -> MeResponse:
        session = await current_session(request)
        tenant = await services.tenant_by_slug(session.tenant_slug)
        ctx = TenantContext(tenant_id=session.tenant_id, tenant_slug=session.tenant_slug)
        held = await services.positions_of(ctx, session.user_id, tenant.time_zone)
        return MeResponse(
            user=MeUser(
                id=session.user_id,
                name=session.name,
                nip=session.nip,
                email=session.email,
                roles=session.roles,
                positions=[MePosition(code=p.code, title=p.title, unit=p.unit_code) for p in held],
            ),
            tenant=MeTenant(slug=tenant.slug, name=tenant.name, time_zone=tenant.time_zone),
        )
