"""Reading and validating `tenants/<slug>/` files. Every problem names the file and field."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

import msgspec
import yaml

from alur.domain.org.tables import POSITION_KINDS, UNIT_KINDS

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)(?::-([^}]*))?\}")
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_T = TypeVar("_T")


class _Strict(msgspec.Struct, forbid_unknown_fields=True):
    pass


class IdpFile(_Strict):
    issuer: str
    client_id: str
    client_secret_env: str
    scopes: list[str]
    claims: dict[str, str]


class DayOffFile(_Strict):
    date: dt.date
    name: str


class SpecialHoursFile(_Strict):
    name: str
    start: dt.date
    end: dt.date
    office_hours: dict[str, list[tuple[str, str]]]


class CalendarFile(_Strict):
    """Working-time settings beyond the weekly office hours (docs/running-sops.md)."""

    at_risk_ratio: float = 0.75
    ramadan_hours: bool = True
    """Follow the national ASN Ramadan hours (false: keep the office week, or special_hours)."""
    holiday_categories: list[str] = msgspec.field(default_factory=lambda: ["public", "government"])
    days_off: list[DayOffFile] = msgspec.field(default_factory=list)
    special_hours: list[SpecialHoursFile] = msgspec.field(default_factory=list)


class DocumentsFile(_Strict):
    max_mb: int = 20


class EscalationFile(_Strict):
    """docs/jobs.md: reminder at the at-risk moment, notice at the due time, then one level
    up the supervisor chain per further allowance, up to the head of office."""

    enabled: bool = True
    remind_at_risk: bool = True
    further_allowance: Literal["step"] | int = "step"  # "step", or office minutes
    max_levels: int = 6


class CatalogueFile(_Strict):
    """pengesahan: a version takes effect only once the Kepala Dinas (or the Plt/Plh) approves
    it in Alur; off, the tenant admin publishes directly."""

    pengesahan: bool = True


class TenantFile(_Strict):
    slug: str
    name: str
    short_name: str
    province: str
    time_zone: str
    locale: Literal["id", "en"]
    office_hours: dict[str, list[tuple[str, str]]]
    idp: IdpFile
    hosts: list[str] = msgspec.field(default_factory=list)
    calendar: CalendarFile = msgspec.field(default_factory=CalendarFile)
    documents: DocumentsFile = msgspec.field(default_factory=DocumentsFile)
    escalation: EscalationFile = msgspec.field(default_factory=EscalationFile)
    catalogue: CatalogueFile = msgspec.field(default_factory=CatalogueFile)


class UnitFile(_Strict):
    code: str
    name: str
    kind: str
    parent: str | None
    source: str
    note: str = ""


class PositionFile(_Strict):
    code: str
    title: str
    kind: str
    unit: str
    supervisor: str | None
    source: str
    note: str = ""


class OrgFile(_Strict):
    units: list[UnitFile]
    positions: list[PositionFile]


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.reason}"


class TenantConfigError(Exception):
    """Raised before anything is written, listing every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class TenantBundle:
    tenant: TenantFile
    org: OrgFile


def interpolate(value: str, environ: dict[str, str] | None = None) -> str:
    """Expand `${VAR}` and `${VAR:-default}` from the environment."""
    env = os.environ if environ is None else environ

    def repl(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        if name in env and env[name] != "":
            return env[name]
        if default is None:
            raise KeyError(name)
        return default

    return _PLACEHOLDER.sub(repl, value)


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _decode(path: Path, root: Path, kind: type[_T], problems: list[Problem]) -> _T | None:
    name = _rel(path, root)
    if not path.exists():
        problems.append(Problem(name, "-", "file is missing"))
        return None
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "-"
        problems.append(Problem(name, where, f"not valid YAML ({getattr(exc, 'problem', exc)})"))
        return None
    try:
        return msgspec.convert(raw, kind)
    except msgspec.ValidationError as exc:
        message, _, at = str(exc).partition(" - at `")
        field = at.rstrip("`").removeprefix("$").lstrip(".") or "-"
        problems.append(Problem(name, field, message))
        return None


def check_week(
    week: dict[str, list[tuple[str, str]]], where: str, bad: Callable[[str, str], None]
) -> None:
    for day, spans in week.items():
        if day not in WEEKDAYS:
            bad(f"{where}.{day}", f"unknown weekday; use one of {', '.join(WEEKDAYS)}")
            continue
        previous_end = ""
        for i, (start, end) in enumerate(spans):
            field = f"{where}.{day}[{i}]"
            if not (_HHMM.match(start) and _HHMM.match(end)):
                bad(field, "times must be HH:MM")
            elif not start < end:
                bad(field, f"start {start} must be before end {end}")
            elif previous_end and start < previous_end:
                bad(field, "overlaps the previous span")
            previous_end = end


def _check_tenant(t: TenantFile, name: str, slug: str, problems: list[Problem]) -> None:
    def bad(field: str, reason: str) -> None:
        problems.append(Problem(name, field, reason))

    if t.slug != slug:
        bad("slug", f"must equal the folder name {slug!r}, got {t.slug!r}")
    try:
        zoneinfo.ZoneInfo(t.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        bad("time_zone", f"unknown time zone {t.time_zone!r}")
    check_week(t.office_hours, "office_hours", bad)
    if not t.office_hours:
        bad("office_hours", "at least one working day is required")
    if not 1 <= t.documents.max_mb <= 500:
        bad("documents.max_mb", "must be 1-500 (megabytes per file)")
    if isinstance(t.escalation.further_allowance, int) and t.escalation.further_allowance < 1:
        bad("escalation.further_allowance", "must be 'step' or a positive number of minutes")
    if not 1 <= t.escalation.max_levels <= 10:
        bad("escalation.max_levels", "must be 1-10")
    cal = t.calendar
    if not 0 < cal.at_risk_ratio < 1:
        bad("calendar.at_risk_ratio", "must be between 0 and 1 (e.g. 0.75)")
    for i, category in enumerate(cal.holiday_categories):
        if category not in ("public", "government"):
            bad(f"calendar.holiday_categories[{i}]", "use 'public' and/or 'government'")
    for i, period in enumerate(cal.special_hours):
        if period.end < period.start:
            bad(f"calendar.special_hours[{i}].end", "must not be before start")
        check_week(period.office_hours, f"calendar.special_hours[{i}].office_hours", bad)

    for field in ("issuer", "client_id"):
        try:
            value = interpolate(getattr(t.idp, field))
        except KeyError as missing:
            bad(f"idp.{field}", f"environment variable {missing} is not set and has no default")
            continue
        if field == "issuer" and not value.startswith(("https://", "http://")):
            bad("idp.issuer", f"must be an http(s) URL, got {value!r}")
    if not re.fullmatch(r"[A-Z][A-Z0-9_]*", t.idp.client_secret_env):
        bad("idp.client_secret_env", "must name an environment variable (A-Z, 0-9, _)")
    if "openid" not in t.idp.scopes:
        bad("idp.scopes", "must include 'openid'")


def check_org(org: OrgFile, name: str, problems: list[Problem]) -> None:
    def bad(field: str, reason: str) -> None:
        problems.append(Problem(name, field, reason))

    units = {u.code: u for u in org.units}
    positions = {p.code: p for p in org.positions}
    for label, codes in (
        ("units", [u.code for u in org.units]),
        ("positions", [p.code for p in org.positions]),
    ):
        seen: set[str] = set()
        for i, code in enumerate(codes):
            if not _CODE.match(code):
                bad(f"{label}[{i}].code", f"{code!r} must be lowercase letters, digits, -")
            if code in seen:
                bad(f"{label}[{i}].code", f"duplicate code {code!r}")
            seen.add(code)
    roots = [u for u in org.units if u.parent is None]
    if len(roots) != 1 or roots[0].kind != "dinas":
        bad("units", "exactly one unit (the dinas) must have no parent")
    for i, u in enumerate(org.units):
        if u.kind not in UNIT_KINDS:
            bad(f"units[{i}].kind", f"unknown unit kind {u.kind!r}; use one of {UNIT_KINDS}")
        if u.parent is not None and u.parent not in units:
            bad(f"units[{i}].parent", f"unknown unit {u.parent!r}")
    for i, p in enumerate(org.positions):
        if p.kind not in POSITION_KINDS:
            bad(f"positions[{i}].kind", f"unknown position kind {p.kind!r}")
        if p.unit not in units:
            bad(f"positions[{i}].unit", f"unknown unit {p.unit!r}")
        if p.supervisor is not None and p.supervisor not in positions:
            bad(f"positions[{i}].supervisor", f"unknown position {p.supervisor!r}")
    for i, u in enumerate(org.units):
        if _cycles(u.code, lambda c: units[c].parent if c in units else None):
            bad(f"units[{i}].parent", f"the parent chain of {u.code!r} loops")
    heads = [p for p in org.positions if p.supervisor is None]
    if len(heads) != 1 or heads[0].kind != "kepala_dinas":
        bad("positions", "exactly one position (the kepala dinas) must have no supervisor")
    for i, p in enumerate(org.positions):
        if _cycles(p.code, lambda c: positions[c].supervisor if c in positions else None):
            bad(f"positions[{i}].supervisor", f"the supervisor chain of {p.code!r} loops")


def _cycles(start: str, parent_of: Callable[[str], str | None]) -> bool:
    seen = {start}
    current = parent_of(start)
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = parent_of(current)
    return False


def load_tenants(root: Path, only: Iterable[str] | None = None) -> list[TenantBundle]:
    """Load and check every tenant folder under root; raise TenantConfigError on any problem."""
    problems: list[Problem] = []
    bundles: list[TenantBundle] = []
    wanted = set(only) if only else None
    folders = sorted(p for p in root.iterdir() if (p / "tenant.yaml").exists())
    if not folders:
        raise TenantConfigError([Problem(str(root), "-", "no tenant folders with tenant.yaml")])
    for folder in folders:
        if wanted is not None and folder.name not in wanted:
            continue
        t_path, o_path = folder / "tenant.yaml", folder / "org.yaml"
        tenant = _decode(t_path, root, TenantFile, problems)
        org = _decode(o_path, root, OrgFile, problems)
        if tenant is not None:
            _check_tenant(tenant, _rel(t_path, root), folder.name, problems)
        if org is not None:
            check_org(org, _rel(o_path, root), problems)
        if tenant is not None and org is not None:
            bundles.append(TenantBundle(tenant, org))
    if problems:
        raise TenantConfigError(problems)
    return bundles


def idp_json(t: TenantFile) -> str:
    """The IdP settings stored with the tenant, placeholders expanded (never the secret)."""
    return json.dumps(
        {
            "issuer": interpolate(t.idp.issuer).rstrip("/"),
            "client_id": interpolate(t.idp.client_id),
            "client_secret_env": t.idp.client_secret_env,
            "scopes": t.idp.scopes,
            "claims": t.idp.claims,
        },
        sort_keys=True,
    )
