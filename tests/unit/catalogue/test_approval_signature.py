"""Pengesahan signs the document: the approver's name, NIP and position (acting heads as
Plt./Plh.) and the approval date, marked as edited in Alur."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from alur.domain.catalogue.approval import (
    Approver,
    signatory_raw,
    signed,
    signed_position,
    tanggal,
)
from alur.domain.catalogue.importer.to_yaml import load_sop_yaml
from alur.domain.tenants.files import TenantFile

ROOT = Path(__file__).resolve().parents[3]


def test_dates_and_titles_read_as_an_sop_writes_them() -> None:
    assert tanggal(dt.date(2026, 8, 1)) == "1 Agustus 2026"
    assert signed_position("Kepala Dinas", "definitive") == "Kepala Dinas"
    assert signed_position("Kepala Dinas", "plt") == "Plt. Kepala Dinas"
    assert signed_position("Kepala Dinas", "plh") == "Plh. Kepala Dinas"
    office = "Dinas Perindustrian dan Perdagangan Provinsi Lampung"
    assert signatory_raw("Plt. Kepala Dinas", office) == (
        "Plt. Kepala Dinas Perindustrian dan Perdagangan Provinsi Lampung"
    )
    assert signatory_raw("Kepala Badan", office) == "Kepala Badan"


def test_signing_changes_only_the_signature_and_the_effective_date() -> None:
    path = next((ROOT / "tenants" / "lampung" / "catalogue").glob("003-02-*.yaml"))
    doc = load_sop_yaml(path.read_text(encoding="utf-8"))
    head = Approver(uuid.uuid4(), "Rahmad", "197105221997031004", "Kepala Dinas", "definitive")
    out = signed(
        doc, head, "Dinas Perindustrian dan Perdagangan Provinsi Lampung", dt.date(2026, 11, 24)
    )
    assert out.identity.disahkan_oleh.name == "Rahmad"
    assert out.identity.disahkan_oleh.nip == "197105221997031004"
    assert out.identity.disahkan_oleh.provenance == "edited"
    assert out.identity.tanggal_efektif.date == "2026-11-24"
    assert out.identity.tanggal_efektif.raw == "24 November 2026"
    assert out.identity.tanggal_efektif.precision == "day"
    assert out.identity.provenance["tanggal_efektif"] == "edited"
    assert out.identity.tanggal_pembuatan == doc.identity.tanggal_pembuatan
    assert out.steps == doc.steps


def test_pengesahan_is_on_unless_the_office_turns_it_off() -> None:
    import msgspec
    import yaml

    for slug in ("kaltim", "lampung"):
        raw = yaml.safe_load((ROOT / "tenants" / slug / "tenant.yaml").read_text())
        raw["idp"] = {
            "issuer": "x",
            "client_id": "x",
            "client_secret_env": "X",
            "scopes": [],
            "claims": {},
        }
        assert msgspec.convert(raw, TenantFile).catalogue.pengesahan is True, slug
        del raw["catalogue"]
        assert msgspec.convert(raw, TenantFile).catalogue.pengesahan is True
