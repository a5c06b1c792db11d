"""Tenant admin actions on users and integration tokens."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import uuid
from typing import Any

import msgspec

from alur.core.errors import ConflictError, NotFoundError, ValidationError
from alur.core.policy import ROLE_PERMISSIONS, TOKEN_SCOPES, Permission
from alur.core.security import TOKEN_PREFIX, hash_secret
from alur.core.sessions import end_user_sessions
from alur.core.settings import get_settings
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.audit.chain import record
from alur.domain.cases.task_actions import return_work_to_queue
from alur.domain.identity import repository as repo
from alur.domain.identity.schemas import (
    TokenCreate,
    TokenCreated,
    TokenOut,
    UserCreate,
    UserOut,
    UserPage,
    UserPatch,
    UserRow,
)

GRANTABLE_ROLES = frozenset(ROLE_PERMISSIONS) - {"member", "platform_admin"}


def _out(user: UserRow) -> UserOut:
    return UserOut(
        id=user.id,
        nip=user.nip,
        name=user.name,
        email=user.email,
        roles=user.roles,
        granted_roles=user.granted_roles,
        active=user.active,
        awaiting_sign_in=user.subject.startswith(repo.APPOINTED),
    )


NIP_RE = re.compile(r"\d{18}")


def checked_person(data: UserCreate) -> tuple[str, str, str]:
    """NIP, name and email of a person named before their first sign-in, cleaned, or a 422
    naming the field."""
    nip = re.sub(r"\s+", "", data.nip)
    if not NIP_RE.fullmatch(nip):
        raise ValidationError("NIP harus 18 angka", field="nip")
    name = " ".join(data.name.split())
    if len(name) < 3:
        raise ValidationError("nama minimal 3 huruf", field="name")
    email = data.email.strip()
    if email and "@" not in email:
        raise ValidationError("alamat surel tidak sah", field="email")
    return nip, name, email


async def appoint_user(ctx: TenantContext, data: UserCreate) -> UserOut:
    """Add a person by NIP before their first sign-in, so they can be appointed to a
    position and find its work waiting; the sign-in with that NIP becomes this person."""
    nip, name, email = checked_person(data)
    async with tenant_transaction(ctx) as tx:
        if await repo.nip_taken(tx.connection, nip):
            raise ConflictError("NIP ini sudah terdaftar di instansi ini", field="nip")
        user = await repo.insert_appointed(
            tx.connection, ctx.tenant_id, nip=nip, name=name, email=email
        )
        await record(tx.connection, ctx, "identity.user_added", "user", user.id, after=_plain(user))
    return _out(user)


def _plain(user: UserRow) -> dict[str, Any]:
    return {"nip": user.nip, "name": user.name, "email": user.email}


async def list_users(ctx: TenantContext, *, q: str, limit: int, offset: int) -> UserPage:
    async with tenant_transaction(ctx) as tx:
        users, total = await repo.list_users(tx.connection, q=q.strip(), limit=limit, offset=offset)
    return UserPage(items=[_out(u) for u in users], total=total, limit=limit, offset=offset)


async def access_user_by_id(ctx: TenantContext, user_id: uuid.UUID) -> UserOut:
    async with tenant_transaction(ctx) as tx:
        user = await repo.get_user(tx.connection, user_id)
    if user is None:
        raise NotFoundError("Pengguna")
    return _out(user)


async def update_user(
    ctx: TenantContext, user_id: uuid.UUID, patch: UserPatch, *, acting_user: str
) -> UserOut:
    """Deactivating ends the user's sessions at once and returns their claimed tasks to
    the position queue."""
    changes: dict[str, Any] = {}
    if patch.granted_roles is not None:
        unknown = set(patch.granted_roles) - GRANTABLE_ROLES
        if unknown:
            raise ValidationError(
                f"peran tidak dikenal: {', '.join(sorted(unknown))}", field="granted_roles"
            )
        changes["granted_roles"] = sorted(set(patch.granted_roles))
    if patch.active is not None:
        if not patch.active and str(user_id) == acting_user:
            raise ValidationError("Anda tidak dapat menonaktifkan akun sendiri", field="active")
        changes["active"] = patch.active
    async with tenant_transaction(ctx) as tx:
        before = await repo.get_user(tx.connection, user_id)
        if before is None:
            raise NotFoundError("Pengguna")
        if changes:
            await repo.update_user(tx.connection, user_id, changes)
            if changes.get("active") is False:
                await return_work_to_queue(tx.connection, ctx, user_id)
            await record(
                tx.connection,
                ctx,
                "identity.user_updated",
                "user",
                user_id,
                before={k: getattr(before, k) for k in changes},
                after=changes,
            )
        user = await repo.get_user(tx.connection, user_id)
    assert user is not None  # noqa: S101 - updated in this transaction
    if patch.active is False or patch.granted_roles is not None:
        # Roles live in the session; ending sessions makes a change take effect now.
        await end_user_sessions(ctx.tenant_id, str(user_id))
    return _out(user)


def _token_out(row: Any) -> TokenOut:
    data = dict(row)
    data["scopes"] = list(data["scopes"])
    return msgspec.convert(data, TokenOut)


def token_expiry(asked: dt.datetime | None) -> dt.datetime:
    """Every token expires: a leaked or forgotten one stops working within the maximum."""
    max_days = get_settings().token_max_days
    now = dt.datetime.now(dt.UTC)
    latest = now + dt.timedelta(days=max_days)
    if asked is None:
        return latest
    if asked <= now:
        raise ValidationError("waktu kedaluwarsa sudah lewat", field="expires_at")
    if asked > latest + dt.timedelta(minutes=5):  # room for the client's clock
        raise ValidationError(
            f"waktu kedaluwarsa paling lama {max_days} hari dari sekarang", field="expires_at"
        )
    return asked


async def create_token(ctx: TenantContext, data: TokenCreate, *, acting_user: str) -> TokenCreated:
    allowed = {p.value for p in TOKEN_SCOPES}
    bad = sorted(set(data.scopes) - allowed)
    if bad:
        raise ValidationError(
            f"cakupan tidak diizinkan: {', '.join(bad)}; pilih dari {', '.join(sorted(allowed))}",
            field="scopes",
        )
    expires = token_expiry(data.expires_at)
    token_id, secret = uuid.uuid4(), secrets.token_urlsafe(32)
    try:
        created_by: uuid.UUID | None = uuid.UUID(acting_user)
    except ValueError:
        created_by = None
    async with tenant_transaction(ctx) as tx:
        row = await repo.insert_token(
            tx.connection,
            ctx.tenant_id,
            {
                "id": token_id,
                "name": data.name.strip(),
                "secret_hash": hash_secret(secret),
                "scopes": sorted({Permission(s).value for s in data.scopes}),
                "created_by": created_by,
                "expires_at": expires,
            },
        )
        await record(
            tx.connection,
            ctx,
            "identity.token_created",
            "api_token",
            token_id,
            after={"name": data.name.strip(), "scopes": sorted(data.scopes), "expires_at": expires},
        )
    full = f"{TOKEN_PREFIX}_{ctx.tenant_slug}_{token_id.hex}_{secret}"
    return TokenCreated(token=_token_out(row), secret=full)


async def list_tokens(ctx: TenantContext) -> list[TokenOut]:
    async with tenant_transaction(ctx) as tx:
        return [_token_out(r) for r in await repo.list_tokens(tx.connection)]


async def revoke_token(ctx: TenantContext, token_id: uuid.UUID, *, acting_user: str) -> None:
    async with tenant_transaction(ctx) as tx:
        if not await repo.revoke_token(tx.connection, token_id):
            raise NotFoundError("Token")
        await record(tx.connection, ctx, "identity.token_revoked", "api_token", token_id)
