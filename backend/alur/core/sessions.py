"""Server-side sessions in Redis; the browser holds only an opaque, httpOnly cookie."""

from __future__ import annotations

import hmac
import secrets
import uuid

import msgspec

from alur.core.redis import get_redis
from alur.core.settings import get_settings

SESSION_COOKIE = "alur_session"
CSRF_COOKIE = "alur_csrf"
CSRF_HEADER = "x-csrf-token"


class Session(msgspec.Struct):
    tenant_id: uuid.UUID
    tenant_slug: str
    user_id: str
    name: str
    nip: str
    email: str
    roles: list[str]
    csrf: str
    id_token: str = ""
    """Kept server-side only, as the id_token_hint for the IdP's end-session endpoint."""


def _key(sid: str) -> str:
    return get_settings().redis.key("session", sid)


def _user_key(session: Session) -> str:
    return get_settings().redis.key("user-sessions", str(session.tenant_id), session.user_id)


async def create_session(session: Session) -> str:
    sid = secrets.token_urlsafe(32)
    ttl = get_settings().web.session_ttl_seconds
    redis = get_redis()
    await redis.set(_key(sid), msgspec.json.encode(session), ex=ttl)
    # Remembered per user, so deactivating a user can end every session they have.
    await redis.sadd(_user_key(session), sid)
    await redis.expire(_user_key(session), ttl)
    return sid


async def end_user_sessions(tenant_id: uuid.UUID, user_id: str) -> int:
    redis = get_redis()
    key = get_settings().redis.key("user-sessions", str(tenant_id), user_id)
    sids = await redis.smembers(key)
    if sids:
        await redis.delete(*(_key(str(s)) for s in sids))
    await redis.delete(key)
    return len(sids)


async def end_office_sessions(tenant_id: uuid.UUID) -> int:
    """Every session of one office (its suspension): the per-user sets under its id."""
    redis = get_redis()
    ended = 0
    pattern = get_settings().redis.key("user-sessions", str(tenant_id), "*")
    async for key in redis.scan_iter(match=pattern, count=500):
        sids = await redis.smembers(key)
        if sids:
            await redis.delete(*(_key(str(s)) for s in sids))
        await redis.delete(key)
        ended += len(sids)
    return ended


async def load_session(sid: str | None) -> Session | None:
    if not sid or len(sid) > 128:
        return None
    raw = await get_redis().get(_key(sid))
    if raw is None:
        return None
    return msgspec.json.decode(raw, type=Session)


async def delete_session(sid: str) -> None:
    await get_redis().delete(_key(sid))


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_matches(session: Session, header_value: str | None) -> bool:
    if not header_value or not header_value.isascii():  # compare_digest refuses non-ASCII str
        return False
    return hmac.compare_digest(session.csrf.encode(), header_value.encode())
