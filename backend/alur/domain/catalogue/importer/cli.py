"""Command line: import one SOP book into a tenant's catalogue directory, or check it.

``--check`` exists so CI can prove the committed YAML is exactly what the importer makes from
the committed books, which is what lets reviewers trust the generated files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from .book import file_name, import_book
from .model import BookImport
from .performers import Org
from .to_yaml import dump_sop_yaml


def load_org(path: Path) -> Org:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Org(units=list(data.get("units") or []), positions=list(data.get("positions") or []))


def render(book: Path, tenant: str, org: Org) -> tuple[BookImport, dict[str, str]]:
    result = import_book(book.read_bytes(), book_name=book.name, tenant=tenant, org=org)
    return result, {file_name(doc): dump_sop_yaml(doc) for doc in result.sops}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m alur.domain.catalogue.importer")
    parser.add_argument("book", type=Path, help="the SOP book, as UTF-8 text")
    parser.add_argument("--tenant", required=True, help="tenant slug, e.g. kaltim")
    parser.add_argument("--out", type=Path, required=True, help="catalogue directory")
    parser.add_argument("--org", type=Path, help="org.yaml (default: <out>/../org.yaml)")
    parser.add_argument("--check", action="store_true", help="fail if files are not up to date")
    args = parser.parse_args(argv)
    org = load_org(args.org or args.out.parent / "org.yaml")
    result, files = render(args.book, args.tenant, org)
    prefix = f"{result.book_id}-"
    existing = {p.name for p in args.out.glob(f"{prefix}*.yaml")} if args.out.exists() else set()
    if args.check:
        stale = sorted(existing - set(files))
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
    for name in existing - set(files):
        (args.out / name).unlink()
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
    warnings = sum(len(doc.warnings) for doc in result.sops)
    with_content = sum(1 for doc in result.sops if doc.content != "missing")
    print(
        f"{result.book}: {len(result.toc)} SOP di daftar isi, {len(result.sops)} berkas,"
        f" {with_content} berisi, {warnings} peringatan impor"
    )
    return 0
