"""Sign-in routes (/auth/...), who am I (/api/me), users and integration tokens."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

import msgspec
from litestar import Controller, Response, delete, get, patch, post
from litestar.datastructures import Cookie
from litestar.di import Provide
from litestar.params import Parameter
from litestar.response import Redirect

from alur.core import ratelimit
from alur.core.counters import SIGN_INS
from alur.core.errors import DomainError
from alur.core.logs import annotate
from alur.core.pagination import Limit, Offset
from alur.core.policy import Permission
from alur.core.security import (
    AnyRequest,
    authenticate,
    current_session,
    needs,
    provide_tenant_context,
)
from alur.core.sessions import CSRF_COOKIE, SESSION_COOKIE
from alur.core.settings import get_settings
from alur.core.tenancy import TenantContext, parse_id
from alur.domain.identity import admin, services
from alur.domain.identity.schemas import (
    TokenCreate,
    TokenCreated,
    TokenOut,
    UserCreate,
    UserOut,
    UserPage,
    UserPatch,
    WorkScope,
)
from alur.domain.tenants.schemas import MePosition, MeResponse, MeTenant, MeUser

LOGIN_COOKIE = "alur_login"


class LogoutResponse(msgspec.Struct):
    redirect: str


class LogoutEverywhereResponse(msgspec.Struct):
    sessions_ended: int


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


async def _office_label(slug: str, outcome: str) -> str:
    """The slug in the URL when it names an office, so made-up ones add no metric series."""
    if outcome == "ok":
        return slug
    try:
        await services.tenant_by_slug(slug)
    except Exception:  # not an office (NotFoundError), or the database is away
        return "unknown"
    return slug


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]

    @get("/login", include_in_schema=False)
    async def login_by_host(self, request: AnyRequest) -> Redirect:
        """Offices with their own host name skip the office picker."""
        host = (request.headers.get("host") or "").split(":")[0]
        slug = await services.tenant_slug_for_host(host)
        return Redirect(f"/auth/{slug}/login" if slug else "/login")

    @get("/{slug:str}/login", include_in_schema=False)
    async def login(self, request: AnyRequest, slug: str) -> Redirect:
        # Counted before anything is looked up or written: each start stores a login state.
        await ratelimit.hit("login", ratelimit.client_address(request))
        start = await services.begin_login(
            slug,
            host=(request.headers.get("host") or "").split(":")[0],
            base_url=str(request.base_url),
        )
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
        annotate(office=slug)
        outcome = "error"  # until known otherwise: anything unexpected below
        try:
            await ratelimit.hit("callback", ratelimit.client_address(request))
            if error:
                outcome = "refused"  # declined or refused at the IdP
                return Redirect(f"/login?error={quote(error)}")
            done = await services.complete_login(
                slug,
                code=code,
                state=oauth_state,
                binding=request.cookies.get(LOGIN_COOKIE),
                previous_session=request.cookies.get(SESSION_COOKIE),
            )
            outcome = "ok"
        except DomainError as exc:
            outcome = "refused" if exc.status_code < 500 else "error"
            raise
        finally:
            SIGN_INS.labels(office=await _office_label(slug, outcome), outcome=outcome).inc()
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

    @post("/logout-all", status_code=200, operation_id="logoutEverywhere")
    async def logout_everywhere(self, request: AnyRequest) -> Response[LogoutEverywhereResponse]:
        """Keluar dari semua perangkat: every session of the caller ends, on every device."""
        session = await current_session(request)  # CSRF is checked here
        ended = await services.logout_everywhere(request.cookies[SESSION_COOKIE], session)
        return Response(
            LogoutEverywhereResponse(sessions_ended=ended),
            cookies=_expired(SESSION_COOKIE, CSRF_COOKIE),
        )


class MeController(Controller):
    tags = ["session"]
    guards = [needs(Permission.OWN_ACCOUNT)]

    @get("/api/me/scope", operation_id="getMyScope")
    async def scope(self, request: AnyRequest) -> WorkScope:
        session = await current_session(request)
        tenant = await services.tenant_by_slug(session.tenant_slug)
        ctx = TenantContext(tenant_id=session.tenant_id, tenant_slug=session.tenant_slug)
        return await services.work_scope(ctx, session.user_id, tenant.time_zone)

    @get("/api/me", operation_id="getMe")
    async def me(self, request: AnyRequest) -> MeResponse:
        """The signed-in person, with their effective roles (a platform admin named by the
        operator included; reserved roles from the IdP left out), so the SPA shows what
        they may use."""
        session = await current_session(request)
        principal = await authenticate(request)
        tenant = await services.tenant_by_slug(session.tenant_slug)
        ctx = TenantContext(tenant_id=session.tenant_id, tenant_slug=session.tenant_slug)
        held = await services.positions_of(ctx, session.user_id, tenant.time_zone)
        return MeResponse(
            user=MeUser(
                id=session.user_id,
                name=session.name,
                nip=session.nip,
                email=session.email,
                roles=sorted(principal.ctx.roles),
                positions=[
                    MePosition(code=p.code, title=p.title, unit=p.unit_code, unit_name=p.unit_name)
                    for p in held
                ],
            ),
            tenant=MeTenant(slug=tenant.slug, name=tenant.name, time_zone=tenant.time_zone),
        )


class UsersController(Controller):
    path = "/api/users"
    tags = ["users"]
    # Routes are written out in full: a bare "/" here lost to the SPA's catch-all route.
    dependencies = {"ctx": Provide(provide_tenant_context)}

    @get("", operation_id="listUsers", guards=[needs(Permission.USERS_READ)])
    async def list_users(
        self, ctx: TenantContext, q: str = "", limit: Limit = 50, offset: Offset = 0
    ) -> UserPage:
        return await admin.list_users(ctx, q=q, limit=limit, offset=offset)

    @post("", operation_id="appointUser", guards=[needs(Permission.USERS_WRITE)])
    async def appoint_user(self, ctx: TenantContext, data: UserCreate) -> UserOut:
        """Add a person by NIP before their first sign-in (then appoint them to a position);
        their first sign-in with that NIP is linked to this record."""
        return await admin.appoint_user(ctx, data)

    @get("/{user_id:str}", operation_id="getUser", guards=[needs(Permission.USERS_READ)])
    async def get_user(self, ctx: TenantContext, user_id: str) -> UserOut:
        return await admin.access_user_by_id(ctx, parse_id(user_id, "Pengguna"))

    @patch("/{user_id:str}", operation_id="updateUser", guards=[needs(Permission.USERS_WRITE)])
    async def update_user(self, ctx: TenantContext, user_id: str, data: UserPatch) -> UserOut:
        return await admin.update_user(
            ctx, parse_id(user_id, "Pengguna"), data, acting_user=ctx.user_id or ""
        )


class TokensController(Controller):
    path = "/api/tokens"
    tags = ["tokens"]
    dependencies = {"ctx": Provide(provide_tenant_context)}
    guards = [needs(Permission.TOKENS_MANAGE)]

    @get("", operation_id="listTokens")
    async def list_tokens(self, ctx: TenantContext) -> list[TokenOut]:
        return await admin.list_tokens(ctx)

    @post("", operation_id="createToken")
    async def create_token(self, ctx: TenantContext, data: TokenCreate) -> TokenCreated:
        return await admin.create_token(ctx, data, acting_user=ctx.user_id or "")

    @delete("/{token_id:str}", operation_id="revokeToken")
    async def revoke_token(self, ctx: TenantContext, token_id: str) -> None:
        await admin.revoke_token(ctx, parse_id(token_id, "Token"), acting_user=ctx.user_id or "")
