"""The committed catalogue: schema-valid, round-trips byte for byte, and up to date."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from alur.domain.catalogue.importer.cli import load_org, render
from alur.domain.catalogue.importer.to_yaml import dump_sop_yaml, load_sop_yaml

from .conftest import BOOKS, ROOT, book_path

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
    result, files = render(book_path(name), tenant, load_org(ROOT / "tenants" / tenant / "org.yaml"))
    committed = {
        p.name: p.read_text(encoding="utf-8") for p in out.glob(f"{result.book_id}-*.yaml")
    }
    assert committed == files


def test_schema_matches_model() -> None:
    import msgspec

    from alur.domain.catalogue.importer.model import SopDocument

    generated = msgspec.json.schema(SopDocument)
    assert generated["$defs"] == SCHEMA["$defs"]
