"""All of one office's data as one zip, for an office leaving the platform or keeping its own
copy: catalogue (every version), org, cases with their steps, documents (the stored files),
and the audit chain with a standalone verifier.

Tables go out as JSON lines, one row per line as PostgreSQL renders it (`to_jsonb`), so no
column is dropped by a hand-kept list. Written to a temporary file, not memory: an office's
documents can be large. One object per job under tenants/<slug>/exports/<job id>/.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import msgspec
import yaml

from alur.core.dbtypes import Conn
from alur.core.settings import get_settings
from alur.core.storage import get_storage
from alur.core.tenancy import TenantContext
from alur.domain.audit import chain
from alur.domain.catalogue.importer.model import SopDocument
from alur.domain.catalogue.importer.to_yaml import dump_sop_yaml
from alur.domain.exports.progress import progress_reporter
from alur.domain.jobs.outbox import Claimed

# Tenant-owned tables not exported as rows: the audit chain goes out as events with its
# verifier; token hashes are of no use outside and better not travel.
NOT_AS_ROWS = ("audit_events", "audit_heads", "api_tokens")
VERIFIER = Path(chain.__file__).with_name("standalone_verify.py")
README = """Arsip data instansi {slug} dari Alur, dibuat {at}.

tenant.json        pengaturan instansi (tanpa rahasia IdP)
tables/<tabel>.jsonl  setiap baris tabel milik instansi ini, satu baris JSON per baris
catalogue/<kunci>-v<n>.yaml  setiap versi SOP dalam format impor Alur
documents/<id>/<nama>  berkas dokumen kasus yang tersimpan
audit/events.jsonl   rantai jejak audit, satu peristiwa per baris
audit/verify_audit.py  pemeriksa rantai: python3 audit/verify_audit.py audit/events.jsonl
tenants/<kode>/      instansi dalam format benih Alur (tenant.yaml, org.yaml, catalogue/):
                     `alur tenants sync --dir tenants` memuatnya di tempat lain
"""


async def _office_tables(conn: Conn) -> list[str]:
    """Every table with a tenant_id column: a table added later is exported without anyone
    remembering to list it."""
    rows = await conn.fetch(
        "select table_name from information_schema.columns where table_schema = 'public'"
        " and column_name = 'tenant_id' and table_name <> all($1::text[]) order by 1",
        list(NOT_AS_ROWS),
    )
    return [r["table_name"] for r in rows]


async def _audit_lines(conn: Conn, ctx: TenantContext) -> list[str]:
    lines = []
    rows = await conn.fetch("select * from audit_events order by seq")
    for row in rows:
        fields = chain.event_fields(
            row["at"],
            row["actor_id"],
            row["actor_label"],
            row["action"],
            row["entity"],
            row["entity_id"],
            row["case_id"],
            None if row["before"] is None else json.loads(row["before"]),
            None if row["after"] is None else json.loads(row["after"]),
        )
        event = {
            "tenant": str(ctx.tenant_id),
            "seq": row["seq"],
            "prev": row["prev_hash"],
            "hash": row["hash"],
            **fields,
        }
        lines.append(json.dumps(event, ensure_ascii=False, sort_keys=True))
    return lines


async def _seed_files(conn: Conn, tenant: Any) -> dict[str, str]:
    """The office as a tenants/<slug>/ folder (tenant.yaml, org.yaml, catalogue/), the format
    the demo offices are seeded from: `alur tenants sync --dir` loads it elsewhere. The IdP
    client secret is named by an environment variable, never written."""
    slug = tenant["slug"]
    idp = _json(tenant["idp"]) or {}
    settings = _json(tenant["settings"]) or {}
    tenant_file = {
        "slug": slug,
        "name": tenant["name"],
        "short_name": tenant["short_name"],
        "province": tenant["province"],
        "time_zone": tenant["time_zone"],
        "locale": tenant["locale"],
        "hosts": _json(tenant["hosts"]),
        "office_hours": _json(tenant["office_hours"]),
        "calendar": _json(tenant["calendar"]) or {},
        **{k: settings[k] for k in ("documents", "escalation", "catalogue") if k in settings},
        "idp": {
            "issuer": idp.get("issuer", ""),
            "client_id": idp.get("client_id", ""),
            "client_secret_env": f"ALUR_IDP_{slug.upper().replace('-', '_')}_CLIENT_SECRET",
            "scopes": idp.get("scopes", ["openid"]),
            "claims": idp.get("claims", {}),
        },
    }
    units = await conn.fetch(
        "select u.code, u.name, u.kind, p.code as parent, u.source, u.note from org_units u"
        " left join org_units p on p.id = u.parent_id where u.active order by u.code"
    )
    positions = await conn.fetch(
        "select p.code, p.title, p.kind, u.code as unit, s.code as supervisor, p.source, p.note"
        " from org_positions p join org_units u on u.id = p.unit_id"
        " left join org_positions s on s.id = p.supervisor_id where p.active order by p.code"
    )
    files = {
        f"tenants/{slug}/tenant.yaml": yaml.safe_dump(
            tenant_file, allow_unicode=True, sort_keys=False
        ),
        f"tenants/{slug}/org.yaml": yaml.safe_dump(
            {"units": [dict(u) for u in units], "positions": [dict(p) for p in positions]},
            allow_unicode=True,
            sort_keys=False,
        ),
    }
    in_force = await conn.fetch(
        "select distinct on (s.id) s.key, v.document::text as document from catalogue_sops s"
        " join catalogue_versions v on v.sop_id = s.id"
        " order by s.id, (v.status = 'published') desc, v.number desc"
    )
    for row in in_force:
        doc = msgspec.json.decode(row["document"], type=SopDocument)
        files[f"tenants/{slug}/catalogue/{row['key']}.yaml"] = dump_sop_yaml(doc)
    return files


async def office_archive(conn: Conn, ctx: TenantContext, job: Claimed) -> dict[str, Any]:
    tenant = await conn.fetchrow(
        "select slug, name, short_name, province, time_zone, locale, hosts, office_hours, idp,"
        " calendar, settings, origin, status from tenants where id = $1",
        ctx.tenant_id,
    )
    if tenant is None:
        raise LookupError("the office is gone")
    counts: dict[str, int] = {}
    documents: list[Any] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "archive.zip"
        async with progress_reporter(ctx, job.job_id) as report:
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                archive.writestr("README.txt", README.format(slug=ctx.tenant_slug, at=at))
                archive.writestr(
                    "tenant.json",
                    json.dumps(
                        {k: _json(v) for k, v in dict(tenant).items()}, indent=2, ensure_ascii=False
                    ),
                )
                tables = await _office_tables(conn)
                for i, table in enumerate(tables):
                    rows = await conn.fetch(f"select to_jsonb(t)::text as row from {table} t")  # noqa: S608 - fixed names
                    archive.writestr(
                        f"tables/{table}.jsonl", "".join(r["row"] + "\n" for r in rows)
                    )
                    counts[table] = len(rows)
                    await report(5 + int(40 * (i + 1) / len(tables)))
                versions = await conn.fetch(
                    "select s.key, v.number, v.document::text as document from catalogue_versions v"
                    " join catalogue_sops s on s.id = v.sop_id order by s.key, v.number"
                )
                for row in versions:
                    doc = msgspec.json.decode(row["document"], type=SopDocument)
                    archive.writestr(
                        f"catalogue/{row['key']}-v{row['number']}.yaml", dump_sop_yaml(doc)
                    )
                for name, text in (await _seed_files(conn, tenant)).items():
                    archive.writestr(name, text)
                await report(55)
                documents = list(
                    await conn.fetch(
                        "select id, name, object_key from documents where object_key is not null"
                        " and status <> 'rejected' order by id"
                    )
                )
                for i, doc_row in enumerate(documents):
                    data = await _get(doc_row["object_key"])
                    archive.writestr(
                        f"documents/{doc_row['id']}/{Path(doc_row['name']).name}", data
                    )
                    if i % 10 == 0:
                        await report(55 + int(30 * (i + 1) / len(documents)))
                lines = await _audit_lines(conn, ctx)
                archive.writestr("audit/events.jsonl", "".join(line + "\n" for line in lines))
                archive.write(VERIFIER, "audit/verify_audit.py")
                counts["audit_events"] = len(lines)
            name = f"arsip-{ctx.tenant_slug}-{job.job_id}.zip"
            key = f"tenants/{ctx.tenant_slug}/exports/{job.job_id}/{name}"
            await asyncio.to_thread(
                get_storage().fput_object,
                get_settings().s3.bucket,
                key,
                str(path),
                content_type="application/zip",
            )
    return {"object_key": key, "name": name, "counts": counts, "documents": len(documents)}


def _json(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


async def _get(object_key: str) -> bytes:
    def read() -> bytes:
        response = get_storage().get_object(get_settings().s3.bucket, object_key)
        try:
            return bytes(response.read())
        finally:
            response.close()
            response.release_conn()

    return await asyncio.to_thread(read)
