"""Shared helpers for the catalogue importer tests (pure Python, no services)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from alur.domain.catalogue.importer.book import import_book
from alur.domain.catalogue.importer.model import BookImport
from alur.domain.catalogue.importer.performers import Org

ROOT = Path(__file__).resolve().parents[3]
BOOKS = {
    "000_20d4938a30053410.txt": "kaltim",
    "001_c1d392d4acc0acf2.txt": "kaltim",
    "004_609f3079cfa7c797.txt": "kaltim",
    "003_ca0a78af03ad09e5.txt": "lampung",
}
# The committed catalogues keep the ids they were first imported with (SOURCES.md passes
# --book-id): the part of the name before "_", not the default slug of the whole stem.
BOOK_IDS = {name: name.split("_", 1)[0] for name in BOOKS}


def book_path(name: str) -> Path:
    """The committed book: ``tenants/<slug>/books/<name>``."""
    return ROOT / "tenants" / BOOKS[name] / "books" / name


def org_for(tenant: str) -> Org:
    data = yaml.safe_load((ROOT / "tenants" / tenant / "org.yaml").read_text(encoding="utf-8"))
    return Org(units=data["units"], positions=data["positions"])


@cache
def book(name: str) -> BookImport:
    tenant = BOOKS[name]
    return import_book(
        book_path(name).read_bytes(),
        book_name=name,
        tenant=tenant,
        org=org_for(tenant),
        book_id=BOOK_IDS[name],
    )
