"""Drafts: created from the published (or latest) version, edited as a whole document,
imported from YAML or from an SOP book, exported, and compared."""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import msgspec
import yaml

from alur.core.bounded_yaml import load_bounded
from alur.core.cpu_pool import run_parse
from alur.core.errors import ConflictError, NotFoundError, ValidationError
from alur.core.input_guard import find_bad_text, text_problem
from alur.core.tenancy import TenantContext, tenant_transaction
from alur.domain.audit.chain import record
from alur.domain.catalogue import repository as repo
from alur.domain.catalogue.importer.book import import_book
from alur.domain.catalogue.importer.column_links import ColumnSuggestion
from alur.domain.catalogue.importer.day_one import apply_suggestions
from alur.domain.catalogue.importer.model import SopDocument
from alur.domain.catalogue.importer.to_yaml import dump_sop_yaml
from alur.domain.catalogue.importer.waktu import parse_waktu
from alur.domain.catalogue.schemas import BookImportResult, DiffEntry, VersionOut
from alur.domain.catalogue.services import org_facts, suggest_for_version

MAX_BOOK_BYTES = 5 * 1024 * 1024
DOCUMENT_BUDGET_SECONDS = 10.0
"""A 512 KiB document (the largest accepted) parses in well under a second."""
BOOK_BUDGET_SECONDS = 120.0
"""The largest seed book (Lampung, 85 SOPs) imports in a few seconds on two cores."""


def _encode(doc: SopDocument) -> tuple[str, str]:
    document = msgspec.json.encode(doc).decode()
    return document, hashlib.sha256(document.encode()).hexdigest()


def parse_document(raw: Any) -> SopDocument:
    """A document from the client, with the failing field named."""
    try:
        return msgspec.convert(raw, SopDocument)
    except msgspec.ValidationError as exc:
        message, _, at = str(exc).partition(" - at `")
        raise ValidationError(message, field=at.rstrip("`").removeprefix("$.") or None) from None


def reparse_waktu(doc: SopDocument, context: SopDocument) -> SopDocument:
    """Every waktu read again from its text, bare numbers in the book's column-header unit as
    ``context``'s steps were read; the numbers a client sends are never stored."""
    header = Counter(s.waktu.unit for s in context.steps if s.waktu.unit_from_header)
    unit = next((u for u, _ in header.most_common() if u is not None), None)
    steps = [msgspec.structs.replace(s, waktu=parse_waktu(s.waktu.raw, unit)) for s in doc.steps]
    return msgspec.structs.replace(doc, steps=steps)


def parse_yaml(text: str) -> SopDocument:
    """Within the bounds of `alur.core.bounded_yaml` (size, depth, alias expansion), and
    holding only text the database can store."""
    try:
        raw = load_bounded(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        raise ValidationError(
            f"YAML tidak valid: {getattr(exc, 'problem', exc)}", field=where
        ) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date 2026-13-45
        raise ValidationError(f"nilai YAML tidak dapat dibaca: {exc}", field="document") from None
    if (bad := find_bad_text(raw)) is not None:  # text the database cannot store
        raise ValidationError(bad[1], field=bad[0] or "document")
    return parse_document(raw)


async def _check_against_org(conn: Any, doc: SopDocument) -> None:
    """Edits may leave steps unassigned (validation says so before publishing), but may not
    point at things that do not exist."""
    facts = await org_facts(conn)
    if doc.unit.unit_code is not None and doc.unit.unit_code not in facts.unit_codes:
        raise ValidationError(f"unit '{doc.unit.unit_code}' tidak dikenal", field="unit.unit_code")
    keys = {c.key for c in doc.performers}
    positions = {s.position for s in doc.steps}
    if len(positions) != len(doc.steps):
        raise ValidationError("posisi langkah harus unik", field="steps")
    for i, step in enumerate(doc.steps):
        if step.performer is not None and step.performer not in keys:
            raise ValidationError(
                f"pelaksana '{step.performer}' bukan kolom SOP ini", field=f"steps[{i}].performer"
            )
        if step.decision is not None:
            for target in (step.decision.yes_target, step.decision.no_target):
                if target is not None and target not in positions:
                    raise ValidationError(
                        f"tujuan keputusan {target} tidak ada", field=f"steps[{i}].decision"
                    )
    for c in doc.performers:
        if c.rule.kind == "position" and c.rule.code not in facts.position_codes:
            raise ValidationError(
                f"jabatan '{c.rule.code}' tidak dikenal", field=f"performers[{c.key}].rule.code"
            )


async def create_draft(ctx: TenantContext, sop_id: uuid.UUID, *, acting_user: str) -> VersionOut:
    async with tenant_transaction(ctx) as tx:
        if await repo.get_sop(tx.connection, sop_id, lock=True) is None:
            raise NotFoundError("SOP")
        versions = await repo.versions_of(tx.connection, sop_id)
        if any(v.status == "draft" for v in versions):
            raise ConflictError("SOP ini sudah punya draft", field="status")
        if any(v.status == "submitted" for v in versions):
            raise ConflictError("SOP ini punya versi yang menunggu pengesahan", field="status")
        base = next((v for v in versions if v.status == "published"), versions[-1])
        document, digest = _encode(base.document)
        version_id = await repo.insert_draft(
            tx.connection, ctx.tenant_id, sop_id, versions[-1].number + 1, document, digest
        )
        created = await repo.get_version(tx.connection, version_id)
        await _audit(tx.connection, ctx, "catalogue.draft_created", version_id, None, digest)
    assert created is not None  # noqa: S101 - inserted in this transaction
    return created


async def _audit(
    conn: Any,
    ctx: TenantContext,
    action: str,
    version_id: uuid.UUID,
    before_hash: str | None,
    after_hash: str,
) -> None:
    """Catalogue events name the version and its document hash (the document itself is
    kept, immutable once published, in catalogue_versions)."""
    await record(
        conn,
        ctx,
        action,
        "sop_version",
        version_id,
        before=None if before_hash is None else {"document_hash": before_hash},
        after={"document_hash": after_hash},
    )


async def _locked_draft(conn: Any, version_id: uuid.UUID) -> VersionOut:
    """The version row, locked for the edit; only a draft may change."""
    version = await repo.get_version(conn, version_id, lock=True)
    if version is None:
        raise NotFoundError("Versi SOP")
    if version.status == "submitted":
        raise ConflictError("versi ini menunggu pengesahan dan tidak dapat diubah", field="status")
    if version.status != "draft":
        raise ConflictError("hanya draft yang dapat diubah", field="status")
    return version


async def replace_document(
    ctx: TenantContext, version_id: uuid.UUID, doc: SopDocument, *, acting_user: str
) -> VersionOut:
    async with tenant_transaction(ctx) as tx:
        version = await _locked_draft(tx.connection, version_id)
        if doc.sop_id != version.document.sop_id:
            raise ValidationError("sop_id tidak boleh diubah", field="sop_id")
        doc = reparse_waktu(doc, version.document)
        await _check_against_org(tx.connection, doc)
        document, digest = _encode(doc)
        before_hash = await repo.document_hash(tx.connection, version_id)
        await repo.update_draft(
            tx.connection, version, doc.title, doc.unit.unit_code, document, digest
        )
        await _audit(tx.connection, ctx, "catalogue.draft_edited", version_id, before_hash, digest)
        updated = await repo.get_version(tx.connection, version_id)
    assert updated is not None  # noqa: S101 - updated in this transaction
    return updated


async def accept_suggestions(
    ctx: TenantContext,
    version_id: uuid.UUID,
    positions: list[int] | None,
    *,
    acting_user: str,
    columns: list[str] | None = None,
) -> VersionOut:
    """The proposed performers and column links become the draft's, marked ``suggested``
    (never ``read``): all of them, or those of ``positions`` and ``columns``. Refused when the
    draft changed while they were computed."""
    report = await suggest_for_version(ctx, version_id)
    by_position = {s.position: s.column for s in report.suggestions}
    by_column = {c.key: c for c in report.columns}
    everything = positions is None and columns is None
    chosen = sorted(by_position) if everything else sorted(set(positions or []))
    chosen_columns = sorted(by_column) if everything else sorted(set(columns or []))
    unknown = [n for n in chosen if n not in by_position]
    if unknown:
        raise ValidationError(
            "tidak ada saran untuk langkah " + ", ".join(str(n) for n in unknown),
            field="positions",
        )
    unknown_columns = [k for k in chosen_columns if k not in by_column]
    if unknown_columns:
        raise ValidationError(
            "tidak ada saran untuk kolom " + ", ".join(unknown_columns), field="columns"
        )
    async with tenant_transaction(ctx) as tx:
        version = await _locked_draft(tx.connection, version_id)
        before_hash = await repo.document_hash(tx.connection, version_id)
        if before_hash != report.document_hash:
            raise ConflictError("draft berubah sejak saran dihitung; muat ulang", field="document")
        doc = apply_suggestions(
            reparse_waktu(version.document, version.document),
            by_position,
            {
                k: ColumnSuggestion(c.rule, c.confidence, tuple(c.reasons))
                for k, c in by_column.items()
            },
            positions=chosen,
            column_keys=chosen_columns,
        )
        document, digest = _encode(doc)
        await repo.update_draft(
            tx.connection, version, doc.title, doc.unit.unit_code, document, digest
        )
        await _audit(
            tx.connection, ctx, "catalogue.suggestions_accepted", version_id, before_hash, digest
        )
        updated = await repo.get_version(tx.connection, version_id)
    assert updated is not None  # noqa: S101 - updated in this transaction
    return updated


async def export_version(ctx: TenantContext, version_id: uuid.UUID, fmt: str) -> str:
    async with tenant_transaction(ctx) as tx:
        version = await repo.get_version(tx.connection, version_id)
    if version is None:
        raise NotFoundError("Versi SOP")
    doc = version.document
    if fmt == "yaml":
        return dump_sop_yaml(doc)
    if fmt == "json":
        return msgspec.json.format(msgspec.json.encode(doc), indent=2).decode() + "\n"
    raise ValidationError("format harus yaml atau json", field="format")


def _parse_for_import(text: str) -> SopDocument:
    doc = parse_yaml(text)
    return reparse_waktu(doc, doc)  # the file stands in for the book and its column header


async def import_document(ctx: TenantContext, text: str, *, acting_user: str) -> VersionOut:
    """A YAML/JSON SOP document becomes a new SOP, or a new draft of the SOP it names."""
    # JSON is YAML too. Parsed in the parse pool: a large document must not stall the loop.
    doc = await run_parse(DOCUMENT_BUDGET_SECONDS, _parse_for_import, text)
    if doc.tenant != ctx.tenant_slug:
        raise ValidationError(f"dokumen ini milik instansi '{doc.tenant}'", field="tenant")
    async with tenant_transaction(ctx) as tx:
        await _check_against_org(tx.connection, doc)
        document, digest = _encode(doc)
        existing = await repo.sop_by_key(tx.connection, doc.sop_id, lock=True)
        if existing is None:
            sop_id = await repo.insert_sop(
                tx.connection, ctx.tenant_id, doc.sop_id, doc.title, doc.unit.unit_code
            )
            number = 1
        else:
            sop_id = existing["id"]
            versions = await repo.versions_of(tx.connection, sop_id)
            if any(v.status == "draft" for v in versions):
                raise ConflictError("SOP ini sudah punya draft; ubah draft itu", field="sop_id")
            if any(v.status == "submitted" for v in versions):
                raise ConflictError("SOP ini punya versi yang menunggu pengesahan", field="sop_id")
            number = versions[-1].number + 1
        version_id = await repo.insert_draft(
            tx.connection, ctx.tenant_id, sop_id, number, document, digest
        )
        await _audit(tx.connection, ctx, "catalogue.document_imported", version_id, None, digest)
        created = await repo.get_version(tx.connection, version_id)
    assert created is not None  # noqa: S101 - inserted in this transaction
    return created


async def import_book_text(
    ctx: TenantContext, data: bytes, book_name: str, *, acting_user: str
) -> BookImportResult:
    """An office's SOP book (text) becomes drafts, with the importer's warnings to review.

    SOP keys are ``<book id>-<nn>`` with the book id the slug of the whole file stem
    (``sop_umum.txt`` -> ``sop-umum-01``), so two differently named books never share keys; a
    book uploaded again under the same name reuses the ids its SOPs already have (the seed
    books' short ids included) and skips the SOPs that exist. The body is already
    capped by the app's ``request_max_body_size`` (6 MiB) before it is read; MAX_BOOK_BYTES is
    the tighter limit with a field-level message."""
    if not data.strip():
        raise ValidationError("berkas kosong", field="file")
    if len(data) > MAX_BOOK_BYTES:
        raise ValidationError("berkas melebihi 5 MB", field="file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError("berkas harus teks UTF-8", field="file") from None
    if (problem := text_problem(text)) is not None:
        raise ValidationError(problem, field="file")
    name = Path(book_name).name
    async with tenant_transaction(ctx) as tx:
        org = await repo.importer_org(tx.connection)
        book_id = await repo.book_id_of(tx.connection, name)
    # Parsing is CPU work: in the parse pool, within a budget, outside any open transaction.
    result = await run_parse(
        BOOK_BUDGET_SECONDS,
        import_book,
        data,
        book_name=name,
        tenant=ctx.tenant_slug,
        org=org,
        book_id=book_id,
    )
    async with tenant_transaction(ctx) as tx:
        created: list[str] = []
        skipped: list[str] = []
        for doc in result.sops:
            if await repo.sop_by_key(tx.connection, doc.sop_id) is not None:
                skipped.append(doc.sop_id)
                continue
            document, digest = _encode(doc)
            sop_id = await repo.insert_sop(
                tx.connection, ctx.tenant_id, doc.sop_id, doc.title, doc.unit.unit_code
            )
            version_id = await repo.insert_draft(
                tx.connection, ctx.tenant_id, sop_id, 1, document, digest
            )
            await _audit(tx.connection, ctx, "catalogue.book_imported", version_id, None, digest)
            created.append(doc.sop_id)
    return BookImportResult(
        created=created,
        skipped_existing=skipped,
        book_warnings=result.warnings,
        sop_warnings={d.sop_id: d.warnings for d in result.sops},
    )


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list):
        out = {}
        for i, item in enumerate(value):
            out.update(_flatten(item, f"{prefix}[{i}]"))
        return out or {prefix: []}
    return {prefix: value}


async def diff_versions(
    ctx: TenantContext, from_id: uuid.UUID, to_id: uuid.UUID
) -> list[DiffEntry]:
    async with tenant_transaction(ctx) as tx:
        a = await repo.get_version(tx.connection, from_id)
        b = await repo.get_version(tx.connection, to_id)
    if a is None or b is None:
        raise NotFoundError("Versi SOP")
    if a.sop_id != b.sop_id:
        raise ValidationError("kedua versi harus dari SOP yang sama", field="to")
    left = _flatten(msgspec.to_builtins(a.document))
    right = _flatten(msgspec.to_builtins(b.document))
    return [
        DiffEntry(path=path, before=left.get(path), after=right.get(path))
        for path in sorted(set(left) | set(right))
        if left.get(path) != right.get(path)
    ]
