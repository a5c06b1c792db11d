"""Export jobs: a case file (summary, timeline, documents) as one printable HTML page, and the
whole catalogue as a zip of SOP YAML files. Each writes one object under
tenants/<slug>/exports/<job id>/ (the same key on a rerun, so no duplicates) and reports its
progress as it goes."""

from __future__ import annotations

import asyncio
import html
import io
import json
import zipfile
from typing import Any

import msgspec

from alur.core.dbtypes import Conn
from alur.core.settings import get_settings
from alur.core.storage import get_storage
from alur.core.tenancy import TenantContext
from alur.domain.audit.repository import case_events
from alur.domain.catalogue.importer.model import SopDocument
from alur.domain.catalogue.importer.to_yaml import dump_sop_yaml
from alur.domain.documents.repository import of_case
from alur.domain.exports.progress import progress_reporter
from alur.domain.jobs.outbox import Claimed


def _key(ctx: TenantContext, job: Claimed, name: str) -> str:
    return f"tenants/{ctx.tenant_slug}/exports/{job.job_id}/{name}"


async def _put(key: str, data: bytes, content_type: str) -> None:
    await asyncio.to_thread(
        get_storage().put_object,
        get_settings().s3.bucket,
        key,
        io.BytesIO(data),
        len(data),
        content_type=content_type,
    )


def _row(*cells: object) -> str:
    return "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>"


async def case_file(conn: Conn, ctx: TenantContext, job: Claimed) -> dict[str, Any]:
    case = await conn.fetchrow(
        "select c.number, c.subject, c.reference, c.status, c.started_at, c.closed_at,"
        " s.key, s.title, u.name as unit from cases c join catalogue_sops s on s.id = c.sop_id"
        " join org_units u on u.id = c.unit_id where c.id = $1",
        job.args["case_id"],
    )
    if case is None:
        raise LookupError("the case is gone")
    async with progress_reporter(ctx, job.job_id) as report:
        tasks = await conn.fetch(
            "select t.step_number, t.step_position, t.activity, p.title, t.status, t.outcome,"
            " t.activated_at, t.due_at, t.completed_at, t.worked_minutes, t.waktu_raw"
            " from tasks t left join org_positions p on p.id = t.position_id"
            " where t.case_id = $1 order by t.activated_at",
            job.args["case_id"],
        )
        await report(30)
        events = await case_events(conn, job.args["case_id"])
        documents = await of_case(conn, job.args["case_id"])
        await report(60)
    parts = [
        "<!doctype html><html lang='id'><meta charset='utf-8'>",
        f"<title>Berkas kasus {html.escape(case['number'])}</title>",
        "<style>body{font-family:sans-serif}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:4px}</style>",
        f"<h1>Kasus {html.escape(case['number'])}</h1><table>",
        _row("Perihal", case["subject"]),
        _row("Referensi", case["reference"] or "-"),
        _row("SOP", f"{case['key']} {case['title']}"),
        _row("Unit", case["unit"]),
        _row("Status", case["status"]),
        _row("Dimulai", case["started_at"].isoformat()),
        _row("Selesai", case["closed_at"].isoformat() if case["closed_at"] else "-"),
        "</table><h2>Langkah</h2><table><tr><th>No</th><th>Kegiatan</th><th>Pelaksana</th>"
        "<th>Status</th><th>Mulai</th><th>Batas</th><th>Selesai</th><th>Menit kerja</th>"
        "<th>Waktu baku</th></tr>",
        *(
            _row(
                t["step_number"] or t["step_position"],
                t["activity"],
                t["title"] or "pihak luar",
                t["outcome"] or t["status"],
                t["activated_at"].isoformat(),
                t["due_at"].isoformat() if t["due_at"] else "-",
                t["completed_at"].isoformat() if t["completed_at"] else "-",
                t["worked_minutes"] if t["worked_minutes"] is not None else "-",
                t["waktu_raw"] or "-",
            )
            for t in tasks
        ),
        "</table><h2>Dokumen</h2><table>",
        *(
            _row(d.name, f"v{d.version}", d.status, d.sha256 or "-", d.size_bytes)
            for d in documents
        ),
        "</table><h2>Jejak audit</h2><table>",
        *(
            _row(
                e.seq,
                e.at.isoformat(),
                e.actor_name or e.actor_label,
                e.action,
                json.dumps(e.after, ensure_ascii=False) if e.after else "",
            )
            for e in events
        ),
        "</table></html>",
    ]
    name = f"kasus-{case['number']}.html"
    await _put(_key(ctx, job, name), "\n".join(parts).encode(), "text/html; charset=utf-8")
    return {"object_key": _key(ctx, job, name), "name": name}


async def catalogue(conn: Conn, ctx: TenantContext, job: Claimed) -> dict[str, Any]:
    rows = await conn.fetch(
        "select distinct on (s.id) s.key, v.document from catalogue_sops s"
        " join catalogue_versions v on v.sop_id = s.id"
        " order by s.id, (v.status = 'published') desc, v.number desc"
    )
    buffer = io.BytesIO()
    async with progress_reporter(ctx, job.job_id) as report:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for i, row in enumerate(sorted(rows, key=lambda r: r["key"]), start=1):
                doc = msgspec.convert(json.loads(row["document"]), SopDocument)
                archive.writestr(f"{row['key']}.yaml", dump_sop_yaml(doc))
                if i % 10 == 0:
                    await report(int(90 * i / len(rows)))
    name = f"katalog-{ctx.tenant_slug}.zip"
    await _put(_key(ctx, job, name), buffer.getvalue(), "application/zip")
    return {"object_key": _key(ctx, job, name), "name": name, "sops": len(rows)}
