"""The committed catalogue: schema-valid, round-trips byte for byte, and up to date."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from alur.domain.catalogue.importer.cli import load_org, render
from alur.domain.catalogue.importer.to_yaml import dump_sop_yaml, load_sop_yaml

from .conftest import BOOK_IDS, BOOKS, ROOT, book_path

FILES = sorted((ROOT / "tenants").glob("*/catalogue/*.yaml"))
SCHEMA = json.loads((ROOT / "backend/alur/domain/catalogue/sop.schema.json").read_text())


def test_there_are_committed_files() -> None:
    assert len(FILES) >= 11 + 10 + 16 + 91


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_round_trip_and_schema(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert dump_sop_yaml(load_sop_yaml(text)) == text
    jsonschema.validate(yaml.safe_load(text), SCHEMA)


@pytest.mark.parametrize("name", sorted(BOOKS))
def test_committed_files_are_up_to_date(name: str) -> None:
    tenant = BOOKS[name]
    out = ROOT / "tenants" / tenant / "catalogue"
    org = load_org(ROOT / "tenants" / tenant / "org.yaml")
    result, files = render(book_path(name), tenant, org, BOOK_IDS[name])
    assert result.book_id == BOOK_IDS[name]
    committed = {
        p.name: p.read_text(encoding="utf-8")
        for p in out.glob(f"{result.book_id}-*.yaml")
        if yaml.safe_load(p.read_text(encoding="utf-8"))["source"]["book"] == name
    }
    assert committed, f"no committed files with id {BOOK_IDS[name]} from {name}"
    assert all(n.startswith(f"{BOOK_IDS[name]}-") for n in files)
    # What differs now is content (and titles in names): regenerate with SOURCES.md's commands.
    assert committed == files


def test_schema_matches_model() -> None:
    import msgspec

    from alur.domain.catalogue.importer.model import SopDocument

    generated = msgspec.json.schema(SopDocument)
    assert generated["$defs"] == SCHEMA["$defs"]
