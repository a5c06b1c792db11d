"""The readiness board's rules without a database: status and blockers of the committed Lampung
SOPs, and which bulk column rules are refused."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import msgspec
import pytest

from alur.core.errors import ValidationError
from alur.domain.catalogue.importer.cli import load_org
from alur.domain.catalogue.importer.column_links import org_facts
from alur.domain.catalogue.importer.model import PositionRule
from alur.domain.catalogue.importer.to_yaml import load_sop_yaml
from alur.domain.catalogue.readiness import assess, check_rule, header_key, suggestion_counts

TENANT = Path(__file__).resolve().parents[3] / "tenants" / "lampung"
ORG = load_org(TENANT / "org.yaml")
FACTS = org_facts(ORG)
DOCS = [
    load_sop_yaml(p.read_text(encoding="utf-8")) for p in sorted(TENANT.glob("catalogue/*.yaml"))
]


def test_statuses_of_the_committed_catalogue() -> None:
    statuses = Counter(assess(d, FACTS, version_status="draft")[0] for d in DOCS)
    assert sum(statuses.values()) == len(DOCS)
    assert statuses["incomplete"] == sum(1 for d in DOCS if d.content == "missing" or not d.steps)
    assert statuses["needs_review"] > statuses["runnable"]
    assert statuses["published"] == 0
    assert {assess(d, FACTS, version_status="published")[0] for d in DOCS} == {"published"}
    assert assess(DOCS[0], FACTS, version_status="submitted")[0] != "published"


def test_blockers_count_what_the_document_lacks() -> None:
    doc = next(d for d in DOCS if d.steps and any(s.performer is None for s in d.steps))
    _, blockers = assess(doc, FACTS, version_status="draft")
    assert blockers.steps_without_performer == sum(1 for s in doc.steps if s.performer is None)
    assert blockers.steps_without_waktu == sum(1 for s in doc.steps if s.waktu.category == "blank")
    assert blockers.warnings == len(doc.warnings)
    assert blockers.problems > 0
    with_suggestion, _ = suggestion_counts(doc, ORG, [d for d in DOCS if d is not doc])
    assert 0 < with_suggestion <= blockers.steps_without_performer
    empty = msgspec.structs.replace(doc, steps=[])
    status, none = assess(empty, FACTS, version_status="draft")
    assert (status, none.no_steps) == ("incomplete", True)


def test_headers_match_whatever_their_case_and_spacing() -> None:
    assert header_key("  KPA  Kepala\tDinas ") == header_key("kpa kepala dinas")


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        (PositionRule(kind="position", code="tidak-ada"), "rule.code"),
        (PositionRule(kind="position"), "rule.code"),
        (PositionRule(kind="position_of_unit", position_kind="bukan"), "rule.position_kind"),
        (PositionRule(kind="position_of_unit", position_kind="staf", unit="x"), "rule.unit"),
        (PositionRule(kind="external", party=" "), "rule.party"),
        (PositionRule(kind="unresolved"), "rule.kind"),
    ],
)
def test_rules_that_point_nowhere_are_refused(rule: PositionRule, field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check_rule(rule, FACTS)
    assert refused.value.field == field


def test_a_rule_keeps_only_its_kinds_fields() -> None:
    code = next(iter(sorted(FACTS.position_codes)))
    assert check_rule(PositionRule(kind="position", code=code, party="x"), FACTS) == PositionRule(
        kind="position", code=code
    )
    assert check_rule(
        PositionRule(kind="position_of_unit", position_kind="staf"), FACTS
    ) == PositionRule(kind="position_of_unit", position_kind="staf", unit="owning")
