"""Offices made and kept by a platform admin in the product, with no file, release or restart.

The database is the source of truth for every office; `tenants/<slug>/` remains the seed of
the two demo offices (origin 'file', kept by `alur tenants sync`). Each API process reads an
office's row when someone signs in, so an office created or an IdP connected here works on
every replica at once. Every change is recorded in the office's own audit chain, with the
platform admin named in the actor label (they are a user of another office).
"""

from __future__ import annotations

import re
import uuid
import zoneinfo
from typing import Any

import httpx
import msgspec

from alur.core.errors import ConflictError, NotFoundError, ValidationError
from alur.core.secretbox import seal
from alur.core.sessions import end_office_sessions, end_user_sessions
from alur.core.settings import get_settings
from alur.core.tenancy import TenantContext, app_engine
from alur.domain.audit.chain import record
from alur.domain.documents.schemas import DownloadLink
from alur.domain.exports.services import result_link
from alur.domain.identity import repository as user_repo
from alur.domain.identity.admin import checked_person
from alur.domain.identity.oidc import OidcError, OidcProvider
from alur.domain.identity.schemas import UserCreate
from alur.domain.jobs import outbox
from alur.domain.jobs.schemas import JobOut
from alur.domain.jobs.services import my_job
from alur.domain.tenants import repository as repo
from alur.domain.tenants.files import (
    CalendarFile,
    CatalogueFile,
    DocumentsFile,
    EscalationFile,
    check_week,
)
from alur.domain.tenants.repository import TenantRow
from alur.domain.tenants.schemas import (
    IdpConnect,
    OfficeAdmin,
    OfficeCreate,
    OfficeOut,
    OfficeStatusChange,
)

SLUG_RE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
RESERVED_SLUGS = frozenset(
    {"api", "auth", "admin", "assets", "health", "healthz", "login", "metrics", "platform"}
)
HOST_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9-]{1,63})+$")
ASN_HOURS: dict[str, list[tuple[str, str]]] = {
    # Perpres 21/2023: 37.5 hours a week net of breaks, the Friday prayer break longer.
    **{d: [("07:30", "12:00"), ("13:00", "16:00")] for d in ("monday", "tuesday", "wednesday")},
    "thursday": [("07:30", "12:00"), ("13:00", "16:00")],
    "friday": [("07:30", "11:30"), ("13:00", "16:30")],
}
DEFAULT_CLAIMS = {"nip": "preferred_username", "name": "name", "email": "email"}


def actor_label(actor: TenantContext) -> str:
    return f"platform admin {actor.tenant_slug}:{actor.user_id}"


async def office_row(conn: Any, slug: str) -> TenantRow:
    office = await repo.get_by_slug(conn, slug)
    if office is None:
        raise NotFoundError("Instansi")
    await repo.set_tenant(conn, office.id)  # the office's own rows from here (RLS)
    return office


async def _out(conn: Any, office: TenantRow) -> OfficeOut:
    figures = await conn.fetchrow(
        "select (select count(*) from org_units where active) as units,"
        " (select count(*) from org_positions where active) as positions,"
        " (select count(*) from catalogue_sops) as sops,"
        " (select count(distinct sop_id) from catalogue_versions where status = 'published')"
        "   as published_sops"
    )
    admins = await conn.fetch(
        "select id, nip, name, subject from users where 'tenant_admin' = any(granted_roles)"
        " and active order by name"
    )
    return OfficeOut(
        slug=office.slug,
        name=office.name,
        short_name=office.short_name,
        province=office.province,
        time_zone=office.time_zone,
        locale=office.locale,
        hosts=office.hosts,
        office_hours=office.office_hours,  # type: ignore[arg-type]
        origin=office.origin,
        status=office.status,
        status_reason=office.status_reason,
        pengesahan=bool(office.settings.get("catalogue", {}).get("pengesahan", True)),
        idp_issuer=str(office.idp.get("issuer", "")),
        idp_client_id=str(office.idp.get("client_id", "")),
        idp_secret_stored=bool(office.idp_secret or office.idp.get("client_secret_env")),
        admins=[
            OfficeAdmin(
                id=str(a["id"]),
                nip=a["nip"],
                name=a["name"],
                signed_in=not a["subject"].startswith(user_repo.APPOINTED),
            )
            for a in admins
        ],
        **{k: int(v) for k, v in dict(figures).items()},
    )


async def get_office(slug: str) -> OfficeOut:
    async with app_engine().transaction() as tx:
        out = await _out(tx.connection, await office_row(tx.connection, slug))
    return out


def _checked(data: OfficeCreate) -> dict[str, Any]:
    """The row's values, or a 422 naming the first field that is wrong."""
    slug = data.slug.strip().lower()
    if not SLUG_RE.match(slug) or slug in RESERVED_SLUGS:
        raise ValidationError(
            "kode instansi: 2-40 huruf kecil, angka atau '-', diawali huruf"
            + (" (kode ini dicadangkan)" if slug in RESERVED_SLUGS else ""),
            field="slug",
        )
    texts = {}
    for field in ("name", "short_name", "province"):
        value = " ".join(getattr(data, field).split())
        if len(value) < 3:
            raise ValidationError("harus diisi (minimal 3 huruf)", field=field)
        texts[field] = value
    try:
        zoneinfo.ZoneInfo(data.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"zona waktu tidak dikenal: {data.time_zone!r} (mis. Asia/Jakarta)", field="time_zone"
        ) from None
    hosts = sorted({h.strip().lower().rstrip(".") for h in data.hosts if h.strip()})
    for host in hosts:
        if not HOST_RE.match(host):
            raise ValidationError(f"nama host tidak sah: {host!r}", field="hosts")
    hours = data.office_hours or ASN_HOURS
    problems: list[str] = []
    check_week(hours, "office_hours", lambda where, why: problems.append(f"{where}: {why}"))
    if problems or not hours:
        raise ValidationError(
            problems[0] if problems else "minimal satu hari kerja", field="office_hours"
        )
    return {
        "slug": slug,
        **texts,
        "time_zone": data.time_zone,
        "locale": data.locale,
        "hosts": msgspec.json.encode(hosts).decode(),
        "office_hours": msgspec.json.encode(hours).decode(),
        "calendar": msgspec.json.encode(CalendarFile()).decode(),
        "settings": msgspec.json.encode(
            {
                "documents": DocumentsFile(),
                "escalation": EscalationFile(),
                "catalogue": CatalogueFile(pengesahan=data.pengesahan),
            }
        ).decode(),
    }


async def create_office(actor: TenantContext, data: OfficeCreate) -> OfficeOut:
    values = _checked(data)
    async with app_engine().transaction() as tx:
        conn = tx.connection
        if await repo.get_by_slug(conn, values["slug"]) is not None:
            raise ConflictError(f"kode instansi {values['slug']!r} sudah dipakai", field="slug")
        taken = await repo.hosts_taken(conn, msgspec.json.decode(values["hosts"]), None)
        if taken:
            raise ConflictError(
                f"host sudah dipakai instansi lain: {', '.join(taken)}", field="hosts"
            )
        office_id = await repo.insert_office(conn, values)
        if office_id is None:
            raise ConflictError(f"kode instansi {values['slug']!r} sudah dipakai", field="slug")
        office = await office_row(conn, values["slug"])
        await record(
            conn,
            TenantContext(office_id, office.slug),
            "office.created",
            "tenant",
            office_id,
            after={k: v for k, v in values.items() if k not in ("calendar", "settings")},
            actor_label=actor_label(actor),
        )
        out = await _out(conn, office)
    return out


async def _discovery_problem(issuer: str, data: IdpConnect) -> str | None:
    """Asked live, as a sign-in would: the document must answer and name this issuer."""
    provider = OidcProvider(
        issuer=issuer,
        client_id=data.client_id,
        client_secret="",
        scopes=data.scopes,
        timeout=get_settings().health_timeout_seconds,
    )
    where = f"{issuer}/.well-known/openid-configuration"
    try:
        document = await provider.discovery()
    except OidcError as exc:
        return f"{where}: {exc}"
    except (httpx.HTTPError, ValueError) as exc:
        return f"{where} tidak menjawab dengan benar ({type(exc).__name__}: {exc})"
    missing = [
        k for k in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not document.get(k)
    ]
    if missing:
        return f"{where} tidak memuat {', '.join(missing)}"
    return None


async def connect_idp(actor: TenantContext, slug: str, data: IdpConnect) -> OfficeOut:
    issuer = data.issuer.strip().rstrip("/")
    if not issuer.startswith(("https://", "http://")):
        raise ValidationError("issuer harus URL http(s)", field="issuer")
    client_id = data.client_id.strip()
    if not client_id:
        raise ValidationError("client id harus diisi", field="client_id")
    if "openid" not in data.scopes:
        raise ValidationError("scope harus memuat 'openid'", field="scopes")
    claims = {**DEFAULT_CLAIMS, **data.claims}
    async with app_engine().transaction() as tx:
        office = await office_row(tx.connection, slug)
    if office.origin == "file":
        raise ConflictError(
            "IdP instansi ini diatur dalam berkas tenants/ dan lingkungan operator", field="issuer"
        )
    secret = data.client_secret.strip()
    if not secret and not office.idp_secret:
        raise ValidationError("client secret harus diisi", field="client_secret")
    sealed = seal(secret) if secret else office.idp_secret  # 503 before anything is written
    if (problem := await _discovery_problem(issuer, data)) is not None:
        raise ValidationError(f"discovery gagal: {problem}", field="issuer")
    idp = {"issuer": issuer, "client_id": client_id, "scopes": data.scopes, "claims": claims}
    async with app_engine().transaction() as tx:
        conn = tx.connection
        office = await office_row(conn, slug)
        await repo.update_office(
            conn, office.id, {"idp": msgspec.json.encode(idp).decode(), "idp_secret": sealed}
        )
        await record(
            conn,
            TenantContext(office.id, office.slug),
            "office.idp_connected",
            "tenant",
            office.id,
            before={"issuer": office.idp.get("issuer"), "client_id": office.idp.get("client_id")},
            after={"issuer": issuer, "client_id": client_id, "secret_replaced": bool(secret)},
            actor_label=actor_label(actor),
        )
        out = await _out(conn, await office_row(conn, slug))
    return out


async def name_admin(actor: TenantContext, slug: str, data: UserCreate) -> OfficeOut:
    """A tenant admin named by NIP before their first sign-in (or granted the role if they
    have signed in already); their first sign-in with that NIP becomes this person."""
    nip, name, email = checked_person(data)
    async with app_engine().transaction() as tx:
        conn = tx.connection
        office = await office_row(conn, slug)
        user_id = await conn.fetchval("select id from users where nip = $1", nip)
        if user_id is None:
            user = await user_repo.insert_appointed(
                conn, office.id, nip=nip, name=name, email=email
            )
            user_id = user.id
        await conn.execute(
            "update users set granted_roles = array(select distinct unnest(granted_roles ||"
            " '{tenant_admin}'::text[]) order by 1), active = true, updated_at = now()"
            " where id = $1",
            user_id,
        )
        await record(
            conn,
            TenantContext(office.id, office.slug),
            "office.admin_named",
            "user",
            user_id,
            after={"nip": nip, "name": name, "role": "tenant_admin"},
            actor_label=actor_label(actor),
        )
        out = await _out(conn, office)
    await end_user_sessions(office.id, str(user_id))  # the role takes effect at once
    return out


async def set_status(
    actor: TenantContext, slug: str, suspend: bool, data: OfficeStatusChange
) -> OfficeOut:
    """Suspended: sign-ins and tokens refused, every session ended, its jobs held in the
    outbox (the relay skips the office); nothing is deleted. Resumed: all of it back."""
    reason = " ".join(data.reason.split())
    if len(reason) < 5:
        raise ValidationError("alasan harus diisi (minimal 5 huruf)", field="reason")
    if suspend and slug == actor.tenant_slug:
        raise ValidationError(
            "instansi tempat Anda masuk tidak dapat dihentikan dari sesi ini", field="reason"
        )
    status = "suspended" if suspend else "active"
    async with app_engine().transaction() as tx:
        conn = tx.connection
        office = await office_row(conn, slug)
        if office.status == status:
            raise ConflictError(
                "instansi sudah dihentikan sementara" if suspend else "instansi sudah aktif"
            )
        await conn.execute(
            "update tenants set status = $2, status_reason = $3, status_changed_at = now(),"
            " updated_at = now() where id = $1",
            office.id,
            status,
            reason,
        )
        await record(
            conn,
            TenantContext(office.id, office.slug),
            "office.suspended" if suspend else "office.resumed",
            "tenant",
            office.id,
            before={"status": office.status},
            after={"status": status, "reason": reason},
            actor_label=actor_label(actor),
        )
        out = await _out(conn, await office_row(conn, slug))
    if suspend:
        await end_office_sessions(office.id)
    return out


def _as_requester(actor: TenantContext, office: TenantRow) -> TenantContext:
    """The platform admin's own id on jobs in the office's outbox, so only they can follow
    and fetch the export they started (exports.services.result_link checks it)."""
    return TenantContext(office.id, office.slug, user_id=actor.user_id)


async def export_office(actor: TenantContext, slug: str) -> JobOut:
    async with app_engine().transaction() as tx:
        conn = tx.connection
        office = await office_row(conn, slug)
        ctx = _as_requester(actor, office)
        job_id = await outbox.enqueue(
            conn,
            ctx,
            "exports.office_archive",
            {},
            key=f"export:office:{uuid.uuid4()}",
            queue="exports",
        )
        await record(
            conn,
            TenantContext(office.id, office.slug),
            "office.exported",
            "job",
            job_id,
            actor_label=actor_label(actor),
        )
    assert job_id is not None  # noqa: S101 - a fresh key
    return await my_job(ctx, job_id)


async def export_status(actor: TenantContext, slug: str, job_id: uuid.UUID) -> JobOut:
    async with app_engine().transaction() as tx:
        office = await office_row(tx.connection, slug)
    return await my_job(_as_requester(actor, office), job_id)


async def export_link(actor: TenantContext, slug: str, job_id: uuid.UUID) -> DownloadLink:
    async with app_engine().transaction() as tx:
        office = await office_row(tx.connection, slug)
    return await result_link(_as_requester(actor, office), job_id)
