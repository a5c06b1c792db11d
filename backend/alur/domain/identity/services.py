"""Sign-in through each office's IdP (backend-for-frontend) and provisioning on first login."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import uuid
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import msgspec

from alur.core.errors import DomainError, NotFoundError, PermissionDeniedError
from alur.core.policy import REACH_LEVELS, RESERVED_ROLES, TENANT_ADMIN, reach_of
from alur.core.redis import get_redis
from alur.core.secretbox import open_sealed
from alur.core.sessions import (
    Session,
    create_session,
    delete_session,
    end_user_sessions,
    new_csrf_token,
)
from alur.core.settings import get_settings
from alur.core.tenancy import TenantContext, app_engine, tenant_transaction
from alur.domain.audit.chain import record
from alur.domain.identity import repository as repo
from alur.domain.identity.oidc import OidcError, OidcProvider
from alur.domain.identity.schemas import HeldPosition, TenantAdminOut, WorkScope
from alur.domain.tenants import repository as tenant_repo
from alur.domain.tenants.repository import TenantRow

PENDING_TTL_SECONDS = 600
_providers: dict[tuple[str, str, str], OidcProvider] = {}


class LoginRefusedError(DomainError):
    status_code = 400


class OfficeSuspendedError(DomainError):
    status_code = 403


class _Pending(msgspec.Struct):
    slug: str
    nonce: str
    code_verifier: str
    binding: str
    redirect_uri: str = ""


@dataclass(frozen=True)
class LoginStart:
    redirect_url: str
    binding: str


@dataclass(frozen=True)
class LoginDone:
    session_id: str
    csrf: str
    created_user: bool


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def redirect_uri(slug: str, origin: str | None = None) -> str:
    """The callback on the host the sign-in started on when it is one of the office's own
    host names (the login cookie lives there), else on the public URL."""
    return f"{origin or get_settings().web.public_url}/auth/{slug}/callback"


def own_host_origin(tenant: TenantRow, host: str, base_url: str) -> str | None:
    return base_url.rstrip("/") if host.lower() in {h.lower() for h in tenant.hosts} else None


async def tenant_by_slug(slug: str) -> TenantRow:
    async with app_engine().transaction() as tx:
        tenant = await tenant_repo.get_by_slug(tx.connection, slug)
    if tenant is None:
        raise NotFoundError("Instansi")
    return tenant


def refuse_if_suspended(tenant: TenantRow) -> None:
    if tenant.status == "suspended":
        raise OfficeSuspendedError(
            "Layanan Alur untuk instansi ini sedang dihentikan sementara oleh pengelola platform"
        )


async def tenant_slug_for_host(host: str) -> str | None:
    if not host:
        return None
    async with app_engine().transaction() as tx:
        tenant = await tenant_repo.get_by_host(tx.connection, host)
    return tenant.slug if tenant else None


def client_secret(tenant: TenantRow) -> str:
    """Sealed in the database for an office onboarded in the product; from the environment
    variable tenant.yaml names for the offices kept as files."""
    if tenant.idp_secret:
        return open_sealed(tenant.idp_secret)
    return os.environ.get(str(tenant.idp.get("client_secret_env", "")), "")


def provider_for(tenant: TenantRow) -> OidcProvider:
    idp = tenant.idp
    if not idp.get("issuer"):
        raise LoginRefusedError("Instansi ini belum terhubung ke penyedia identitas (SSO)")
    secret = client_secret(tenant)
    key = (str(idp["issuer"]), str(idp["client_id"]), secret)
    if key not in _providers:
        _providers[key] = OidcProvider(
            issuer=key[0],
            client_id=key[1],
            client_secret=secret,
            scopes=list(idp.get("scopes", ["openid"])),
        )
    return _providers[key]


async def begin_login(slug: str, *, host: str = "", base_url: str = "") -> LoginStart:
    """PKCE (S256), state and nonce kept server-side, bound to this browser by a cookie."""
    tenant = await tenant_by_slug(slug)
    refuse_if_suspended(tenant)
    state, binding = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    pending = _Pending(
        slug=slug,
        nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(64),
        binding=_digest(binding),
        redirect_uri=redirect_uri(slug, own_host_origin(tenant, host, base_url)),
    )
    url = await provider_for(tenant).authorization_url(
        redirect_uri=pending.redirect_uri,
        state=state,
        nonce=pending.nonce,
        code_verifier=pending.code_verifier,
    )
    await get_redis().set(
        get_settings().redis.key("login", state),
        msgspec.json.encode(pending),
        ex=PENDING_TTL_SECONDS,
    )
    return LoginStart(redirect_url=url, binding=binding)


async def complete_login(
    slug: str, *, code: str, state: str, binding: str | None, previous_session: str | None
) -> LoginDone:
    """Validate everything, provision the user, then start a fresh session."""
    raw = await get_redis().getdel(get_settings().redis.key("login", state)) if state else None
    if raw is None:
        raise LoginRefusedError("Permintaan masuk tidak dikenal, kedaluwarsa, atau sudah dipakai")
    pending = msgspec.json.decode(raw, type=_Pending)
    if pending.slug != slug:
        raise LoginRefusedError("Permintaan masuk ini dimulai untuk instansi lain")
    if not binding or not secrets.compare_digest(_digest(binding), pending.binding):
        raise LoginRefusedError("Permintaan masuk tidak berasal dari peramban ini")
    tenant = await tenant_by_slug(slug)
    refuse_if_suspended(tenant)
    provider = provider_for(tenant)
    try:
        token = await provider.exchange_code(
            code=code,
            code_verifier=pending.code_verifier,
            redirect_uri=pending.redirect_uri or redirect_uri(slug),
        )
        claims = await provider.validate_id_token(str(token["id_token"]), nonce=pending.nonce)
    except OidcError as exc:
        raise LoginRefusedError(f"Masuk ditolak: {exc}") from exc

    ctx = TenantContext(tenant_id=tenant.id, tenant_slug=tenant.slug)
    user, created = await provision_user(ctx, tenant, claims)
    if not user.active:
        raise PermissionDeniedError("Akun Anda dinonaktifkan oleh admin instansi")
    if previous_session:
        await delete_session(previous_session)  # the session id rotates at login
    csrf = new_csrf_token()
    session_id = await create_session(
        Session(
            tenant_id=tenant.id,
            tenant_slug=tenant.slug,
            user_id=str(user.id),
            name=user.name,
            nip=user.nip,
            email=user.email,
            roles=user.roles,
            csrf=csrf,
            id_token=str(token["id_token"]),
        )
    )
    return LoginDone(session_id=session_id, csrf=csrf, created_user=created)


def _claim(claims: dict[str, Any], mapping: dict[str, Any], field: str, default: str) -> Any:
    return claims.get(str(mapping.get(field, default)))


async def provision_user(
    ctx: TenantContext, tenant: TenantRow, claims: dict[str, Any]
) -> tuple[Any, bool]:
    """Users exist from their first login; IdP groups naming a position make them hold it."""
    mapping = dict(tenant.idp.get("claims", {}))
    roles = _claim(claims, mapping, "roles", "roles") or []
    groups = _claim(claims, mapping, "groups", "groups") or []
    nip = str(_claim(claims, mapping, "nip", "preferred_username") or "")
    async with tenant_transaction(ctx) as tx:
        linked = await repo.link_appointed(tx.connection, subject=str(claims["sub"]), nip=nip)
        user, created = await repo.upsert_from_login(
            tx.connection,
            ctx.tenant_id,
            subject=str(claims["sub"]),
            nip=nip,
            name=str(_claim(claims, mapping, "name", "name") or ""),
            email=str(_claim(claims, mapping, "email", "email") or ""),
            idp_roles=sorted({r for r in roles if isinstance(r, str)} - RESERVED_ROLES),
        )
        codes = [str(g).rstrip("/").rsplit("/", 1)[-1] for g in groups if isinstance(g, str)]
        positions = await repo.position_ids_by_code(tx.connection, codes)
        await repo.sync_idp_holdings(tx.connection, ctx.tenant_id, user.id, set(positions.values()))
        await record(
            tx.connection,
            TenantContext(ctx.tenant_id, ctx.tenant_slug, user_id=str(user.id)),
            "identity.login",
            "user",
            user.id,
            after={
                "first_login": created or linked is not None,
                "linked_by_nip": linked is not None,
                "active": user.active,
                "idp_roles": sorted(user.idp_roles),
                "positions": sorted(positions),
            },
        )
    return user, created


async def logout(session_id: str, session: Session) -> str:
    """Ends the server session; returns where the browser goes next (the IdP's end-session)."""
    await delete_session(session_id)
    after = f"{get_settings().web.public_url}/login"
    if not session.id_token:
        return after
    tenant = await tenant_by_slug(session.tenant_slug)
    provider = provider_for(tenant)
    try:
        await provider.discovery()
    except Exception:
        return after
    url = provider.end_session_url(id_token_hint=session.id_token, post_logout_redirect_uri=after)
    return url or after


async def logout_everywhere(session_id: str, session: Session) -> int:
    """Ends every session of this user (a lost phone, a shared computer), this one included;
    recorded, so the user and the office can see when it was done. Returns how many ended."""
    await delete_session(session_id)  # even if it predates the per-user index
    ended = await end_user_sessions(session.tenant_id, session.user_id)
    ctx = TenantContext(session.tenant_id, session.tenant_slug, user_id=session.user_id)
    async with tenant_transaction(ctx) as tx:
        await record(
            tx.connection,
            ctx,
            "identity.logout_everywhere",
            "user",
            session.user_id,
            after={"sessions_ended": ended},
        )
    return ended


async def positions_of(ctx: TenantContext, user_id: str, time_zone: str) -> list[HeldPosition]:
    """Positions held today in the office's own time zone (acting appointments are dated)."""
    today = dt.datetime.now(ZoneInfo(time_zone)).date()
    try:
        uid = uuid.UUID(user_id)
    except ValueError:
        return []
    async with tenant_transaction(ctx) as tx:
        return await repo.held_positions(tx.connection, uid, today)


async def tenant_admins(ctx: TenantContext) -> list[TenantAdminOut]:
    """The office's tenant admins, by name and position title only: any member may ask whom
    to turn to (e.g. to get an SOP published); row-level security keeps it to this office."""
    tenant = await tenant_by_slug(ctx.tenant_slug)
    today = dt.datetime.now(ZoneInfo(tenant.time_zone)).date()
    async with tenant_transaction(ctx) as tx:
        return await repo.users_with_role(tx.connection, TENANT_ADMIN, today)


async def work_scope(ctx: TenantContext, user_id: str, time_zone: str) -> WorkScope:
    today = dt.datetime.now(ZoneInfo(time_zone)).date()
    try:
        uid = uuid.UUID(user_id)
    except ValueError:
        return WorkScope(level="own", position_codes=[], unit_codes=[])
    async with tenant_transaction(ctx) as tx:
        held = await repo.held_position_units(tx.connection, uid, today)
        levels = [reach_of(kind) for _, kind, _ in held]
        level = max(levels, key=REACH_LEVELS.index, default="own")
        if level == "office":
            units = await repo.all_unit_codes(tx.connection)
        else:
            roots = [unit for _, kind, unit in held if reach_of(kind) in ("unit", "subtree")]
            subtree = [unit for _, kind, unit in held if reach_of(kind) == "subtree"]
            units = sorted(
                set(await repo.unit_codes_below(tx.connection, roots, include_subtree=False))
                | set(await repo.unit_codes_below(tx.connection, subtree, include_subtree=True))
            )
    return WorkScope(level=level, position_codes=sorted(c for c, _, _ in held), unit_codes=units)
