"""Command line: import one SOP book into a tenant's catalogue directory, check it, or report
how faithfully the importer read a set of books.

``--check`` exists so CI can prove the committed YAML is exactly what the importer makes from
the committed books, which is what lets reviewers trust the generated files.

    python -m alur.domain.catalogue.importer BOOK --tenant SLUG --out DIR [--org FILE]
        [--book-id ID] [--check]
    python -m alur.domain.catalogue.importer report BOOK... [--tenant SLUG] [--org FILE]
    python -m alur.domain.catalogue.importer readiness TENANT_DIR...

Problems with the inputs (a book or org file that is missing or unreadable, an invalid book
id) end with a one-line message and exit status 2; a refusal to touch another book's files,
or a ``--check`` that finds differences, with exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from .book import check_book_id, file_name, import_book
from .model import BookImport
from .performers import Org
from .report import book_report
from .to_yaml import dump_sop_yaml

NO_ORG = Org(units=[], positions=[])


class InputError(Exception):
    """An input the command cannot use; the message is shown as is (exit status 2)."""


def load_org(path: Path) -> Org:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise InputError(f"berkas org tidak ditemukan: {path}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"berkas org {path} tidak dapat dibaca: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(f"berkas org {path} bukan pemetaan YAML (units, positions)")
    return Org(units=list(data.get("units") or []), positions=list(data.get("positions") or []))


def read_book(path: Path) -> bytes:
    """The book's bytes, refusing what the importer cannot read (it needs UTF-8 text)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"buku tidak ditemukan: {path}") from None
    except OSError as exc:
        raise InputError(f"buku {path} tidak dapat dibaca: {exc.strerror or exc}") from None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"buku {path} bukan teks UTF-8 (byte {exc.start}); simpan ulang sebagai UTF-8"
        ) from None
    return data


def render(
    book: Path, tenant: str, org: Org, book_id: str | None = None
) -> tuple[BookImport, dict[str, str]]:
    """The import of ``book`` and its catalogue files by name. ``book_id`` defaults to the
    file stem as a slug; the committed catalogues pass their stable ids (``000`` …)."""
    return _render(read_book(book), book.name, tenant, org, book_id)


def _render(
    data: bytes, name: str, tenant: str, org: Org, book_id: str | None
) -> tuple[BookImport, dict[str, str]]:
    result = import_book(data, book_name=name, tenant=tenant, org=org, book_id=book_id)
    return result, {file_name(doc): dump_sop_yaml(doc) for doc in result.sops}


@dataclass
class _Existing:
    ours: set[str]  # files of this book id that came from this same book
    foreign: dict[str, str]  # file name -> the book it records, for any other book


def _recorded(path: Path) -> tuple[str | None, str | None]:
    """(sop_id, source.book) recorded in a catalogue file; (None, None) when unreadable."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None, None
    if not isinstance(data, dict):
        return None, None
    source = data.get("source")
    book = source.get("book") if isinstance(source, dict) else None
    sop_id = data.get("sop_id")
    return (
        sop_id if isinstance(sop_id, str) else None,
        book if isinstance(book, str) else None,
    )


def _existing(out: Path, result: BookImport, targets: set[str]) -> _Existing:
    """The files this import would replace or delete, split by the book they record.

    A file is this book id's when its ``sop_id`` is ``<id>-<nn>`` (the name prefix alone is
    ambiguous: id ``sop`` would also match ``sop-umum-01-….yaml``). Any file the import would
    overwrite counts as well, whatever its id.
    """
    found = _Existing(ours=set(), foreign={})
    if not out.is_dir():
        return found
    for path in sorted(out.glob(f"{result.book_id}-*.yaml")):
        sop_id, book = _recorded(path)
        if path.name not in targets and (
            sop_id is None or sop_id.rsplit("-", 1)[0] != result.book_id
        ):
            continue  # another book id that merely starts with this one
        if book == result.book:
            found.ours.add(path.name)
        else:
            found.foreign[path.name] = book or "(tidak terbaca)"
    return found


def _import(args: argparse.Namespace) -> int:
    data = read_book(args.book)
    if args.out.exists() and not args.out.is_dir():
        raise InputError(f"--out {args.out} bukan folder")
    org = _org_for_import(args)
    result, files = _render(data, args.book.name, args.tenant, org, args.book_id)
    existing = _existing(args.out, result, set(files))
    if existing.foreign:
        others = sorted(set(existing.foreign.values()))
        first = sorted(existing.foreign)[0]
        print(
            f"ditolak: {args.out} sudah berisi berkas id '{result.book_id}' dari buku lain"
            f" ({', '.join(others)}; mis. {first}), bukan dari {result.book}. Tidak ada berkas"
            " yang ditulis. Beri buku ini id lain dengan --book-id.",
            file=sys.stderr,
        )
        return 1
    if args.check:
        stale = sorted(existing.ours - set(files))
        changed = sorted(
            name
            for name, text in files.items()
            if not (args.out / name).exists()
            or (args.out / name).read_text(encoding="utf-8") != text
        )
        for name in changed:
            print(f"berbeda: {name}", file=sys.stderr)
        for name in stale:
            print(f"usang: {name}", file=sys.stderr)
        return 1 if changed or stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name in sorted(existing.ours - set(files)):
        (args.out / name).unlink()
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
    warnings = sum(len(doc.warnings) for doc in result.sops)
    with_content = sum(1 for doc in result.sops if doc.content != "missing")
    print(
        f"{result.book}: {len(result.toc)} SOP di daftar isi, {len(result.sops)} berkas"
        f" ({result.book_id}-*.yaml), {with_content} berisi, {warnings} peringatan impor"
    )
    return 0


def _org_for_import(args: argparse.Namespace) -> Org:
    if args.org is not None:
        return load_org(args.org)
    default = args.out.parent / "org.yaml"
    if default.exists():
        return load_org(default)
    print(
        f"catatan: tidak ada berkas org ({default}); kolom pelaksana yang menyebut jabatan"
        " tertentu dibiarkan unresolved dan unit pemilik tidak ditetapkan. Beri --org untuk"
        " memetakannya."
    )
    return NO_ORG


def _report(args: argparse.Namespace) -> int:
    org_given = load_org(args.org) if args.org is not None else None
    parts: list[str] = []
    for book in args.books:
        data = read_book(book)
        tenant_dir = book.resolve().parent.parent if book.resolve().parent.name == "books" else None
        tenant = args.tenant or (tenant_dir.name if tenant_dir else "-")
        if org_given is not None:
            org, org_note = org_given, str(args.org)
        elif tenant_dir is not None and (tenant_dir / "org.yaml").exists():
            org, org_note = load_org(tenant_dir / "org.yaml"), f"{tenant}/org.yaml"
        else:
            org, org_note = NO_ORG, "none (performer columns naming positions stay unresolved)"
        result = import_book(data, book_name=book.name, tenant=tenant, org=org)
        parts.append(book_report(result, org_note))
    sys.stdout.write("\n".join(parts))
    return 0


def _readiness(args: argparse.Namespace) -> int:
    from .day_one import readiness, render_readiness
    from .to_yaml import load_sop_yaml

    for tenant in args.tenants:
        try:
            org = load_org(tenant / "org.yaml")
        except InputError as exc:
            print(f"galat: {exc}", file=sys.stderr)
            return 2
        files = sorted((tenant / "catalogue").glob("*.yaml"))
        docs = [load_sop_yaml(f.read_text(encoding="utf-8")) for f in files]
        sys.stdout.write(render_readiness(tenant.name, readiness(docs, org)))
    return 0


def _book_id(value: str) -> str:
    try:
        return check_book_id(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("books", type=Path, nargs="+", metavar="BOOK", help="SOP book(s), UTF-8")
    parser.add_argument(
        "--tenant", help="tenant slug (default: <slug> of tenants/<slug>/books/BOOK)"
    )
    parser.add_argument(
        "--org", type=Path, help="org.yaml (default: tenants/<slug>/org.yaml beside books/)"
    )


def run_report(args: argparse.Namespace) -> int:
    """``report`` with parsed arguments (also used by ``alur catalogue report``)."""
    try:
        return _report(args)
    except InputError as exc:
        print(f"galat: {exc}", file=sys.stderr)
        return 2


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    prog = "python -m alur.domain.catalogue.importer"
    if argv[:1] == ["readiness"]:
        parser = argparse.ArgumentParser(
            prog=f"{prog} readiness",
            description="Per office: SOPs with content that validate once every suggestion"
            " is accepted, with no hand edits, and what blocks the rest.",
        )
        parser.add_argument("tenants", type=Path, nargs="+", metavar="TENANT_DIR")
        return _readiness(parser.parse_args(argv[1:]))
    if argv[:1] == ["report"]:
        parser = argparse.ArgumentParser(
            prog=f"{prog} report",
            description="Per book and field: values read / inferred / missing / warned,"
            " and per SOP what needs review (docs/catalogue-fidelity.md).",
        )
        add_report_arguments(parser)
        return run_report(parser.parse_args(argv[1:]))
    parser = argparse.ArgumentParser(
        prog=prog,
        epilog=f"Fidelity report: {prog} report BOOK... [--tenant SLUG] [--org FILE]",
    )
    parser.add_argument("book", type=Path, help="the SOP book, as UTF-8 text")
    parser.add_argument("--tenant", required=True, help="tenant slug, e.g. kaltim")
    parser.add_argument("--out", type=Path, required=True, help="catalogue directory")
    parser.add_argument("--org", type=Path, help="org.yaml (default: <out>/../org.yaml)")
    parser.add_argument(
        "--book-id",
        type=_book_id,
        help="prefix of file names and SOP keys (default: the book's file stem as a slug)",
    )
    parser.add_argument("--check", action="store_true", help="fail if files are not up to date")
    args = parser.parse_args(argv)
    try:
        return _import(args)
    except InputError as exc:
        print(f"galat: {exc}", file=sys.stderr)
        return 2
