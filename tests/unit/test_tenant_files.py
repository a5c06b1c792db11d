"""tenants/<slug>/ files: the committed ones load, broken ones are named precisely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from alur.domain.tenants.files import TenantConfigError, interpolate, load_tenants

ROOT = Path(__file__).resolve().parents[2] / "tenants"


@pytest.fixture
def tenants_copy(tmp_path: Path) -> Path:
    target = tmp_path / "tenants"
    shutil.copytree(ROOT, target)
    return target


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def _problems(root: Path) -> list[str]:
    with pytest.raises(TenantConfigError) as info:
        load_tenants(root)
    return [str(p) for p in info.value.problems]


def test_committed_tenants_load() -> None:
    bundles = {b.tenant.slug: b for b in load_tenants(ROOT)}
    assert set(bundles) == {"kaltim", "lampung"}
    assert bundles["kaltim"].tenant.time_zone == "Asia/Makassar"
    assert bundles["lampung"].tenant.time_zone == "Asia/Jakarta"
    for bundle in bundles.values():
        kinds = {u.kind for u in bundle.org.units}
        assert {"dinas", "sekretariat", "sub_bagian", "bidang", "seksi"} <= kinds
        assert all(u.source for u in bundle.org.units), "every unit cites where it is named"


def test_asn_office_hours_are_37_and_a_half_hours_a_week() -> None:
    for bundle in load_tenants(ROOT):
        minutes = 0
        for spans in bundle.tenant.office_hours.values():
            for start, end in spans:
                h1, m1 = map(int, start.split(":"))
                h2, m2 = map(int, end.split(":"))
                minutes += (h2 * 60 + m2) - (h1 * 60 + m1)
        assert minutes == 37 * 60 + 30, bundle.tenant.slug


def test_malformed_yaml_names_file_and_line(tenants_copy: Path) -> None:
    (tenants_copy / "lampung" / "tenant.yaml").write_text("slug: lampung\nname: [unclosed\n")
    problems = _problems(tenants_copy)
    assert any(
        p.startswith("tenants/lampung/tenant.yaml: line ") and "not valid YAML" in p
        for p in problems
    ), problems


def test_wrong_type_names_the_field(tenants_copy: Path) -> None:
    _edit(tenants_copy / "kaltim" / "org.yaml", lambda d: d["units"][1].update(name=42))
    assert _problems(tenants_copy) == [
        "tenants/kaltim/org.yaml: units[1].name: Expected `str`, got `int`"
    ]


def test_unknown_field_is_rejected(tenants_copy: Path) -> None:
    _edit(tenants_copy / "kaltim" / "tenant.yaml", lambda d: d.update(timezone="Asia/Jakarta"))
    problems = _problems(tenants_copy)
    assert problems == ["tenants/kaltim/tenant.yaml: -: Object contains unknown field `timezone`"]


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [
        (
            "tenant.yaml",
            lambda d: d.update(time_zone="Asia/Borneo"),
            "tenants/kaltim/tenant.yaml: time_zone: unknown time zone 'Asia/Borneo'",
        ),
        (
            "tenant.yaml",
            lambda d: d.update(slug="kaltara"),
            "tenants/kaltim/tenant.yaml: slug: must equal the folder name 'kaltim', got 'kaltara'",
        ),
        (
            "tenant.yaml",
            lambda d: d["office_hours"].update(friday=[["16:30", "07:30"]]),
            "tenants/kaltim/tenant.yaml: office_hours.friday[0]: start 16:30 must be before end 07:30",
        ),
        (
            "tenant.yaml",
            lambda d: d["office_hours"].update(jumat=[["07:30", "11:00"]]),
            "tenants/kaltim/tenant.yaml: office_hours.jumat: unknown weekday; use one of monday, "
            "tuesday, wednesday, thursday, friday, saturday, sunday",
        ),
        (
            "org.yaml",
            lambda d: d["units"][2].update(parent="bidang-tidak-ada"),
            "tenants/kaltim/org.yaml: units[2].parent: unknown unit 'bidang-tidak-ada'",
        ),
        (
            "org.yaml",
            lambda d: d["units"][2].update(kind="direktorat"),
            "tenants/kaltim/org.yaml: units[2].kind: unknown unit kind 'direktorat'; use one of "
            "('dinas', 'sekretariat', 'sub_bagian', 'bidang', 'seksi', 'uptd')",
        ),
        (
            "org.yaml",
            lambda d: d["positions"][3].update(unit="nowhere"),
            "tenants/kaltim/org.yaml: positions[3].unit: unknown unit 'nowhere'",
        ),
        (
            "org.yaml",
            lambda d: d["positions"].append(dict(d["positions"][1])),
            None,
        ),  # duplicate code: checked below by substring
    ],
)
def test_semantic_errors_name_file_field_and_reason(
    tenants_copy: Path, file: str, change: object, expected: str | None
) -> None:
    _edit(tenants_copy / "kaltim" / file, change)
    problems = _problems(tenants_copy)
    if expected is None:
        assert any("duplicate code" in p and "positions[" in p for p in problems), problems
    else:
        assert expected in problems


def test_supervisor_cycle_is_reported(tenants_copy: Path) -> None:
    path = tenants_copy / "kaltim" / "org.yaml"
    data = yaml.safe_load(path.read_text())
    head = next(p for p in data["positions"] if p["supervisor"] is None)
    report = next(p for p in data["positions"] if p["supervisor"] == head["code"])
    head["supervisor"] = report["code"]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    problems = _problems(tenants_copy)
    assert any("supervisor chain of" in p and "loops" in p for p in problems), problems


def test_interpolation_uses_environment_then_default() -> None:
    assert interpolate("${X_ISSUER:-http://a/b}", {}) == "http://a/b"
    assert interpolate("${X_ISSUER:-http://a/b}", {"X_ISSUER": "https://sso"}) == "https://sso"
    with pytest.raises(KeyError):
        interpolate("${X_REQUIRED}", {})
