"""The readiness board on the real stack: statuses and counts of a loaded catalogue, the bulk
acceptance of suggestions and the bulk link of a column header, and that neither reaches
into another office."""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

import pytest

from tests.isolation.harness import LoggedIn, in_tenant, login_as

pytestmark = pytest.mark.integration

BOARD = "/api/catalogue/readiness"


async def _board(client: Any, who: LoggedIn, query: str = "") -> dict[str, Any]:
    response = await client.get(f"{BOARD}?limit=200{query}", cookies=who.cookies)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def _last_event(owner_conn: Any, tenant_id: uuid.UUID) -> int:
    """Earlier runs leave their events (the chain is append-only): count only newer ones."""
    rows = await in_tenant(owner_conn, tenant_id, "select coalesce(max(seq), 0) from audit_events")
    return int(rows[0][0])


async def _hashes(owner_conn: Any, tenant_id: uuid.UUID) -> dict[str, str]:
    rows = await in_tenant(
        owner_conn, tenant_id, "select id, document_hash from catalogue_versions"
    )
    return {str(r["id"]): r["document_hash"] for r in rows}


async def test_board_counts_and_statuses_of_the_loaded_catalogue(
    client: Any, office: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    admin, _ = await office("lampung")
    board = await _board(client, admin)
    sops = await in_tenant(owner_conn, tenant_ids["lampung"], "select count(*) from catalogue_sops")
    assert board["total"] == sops[0]["count"] == len(board["items"])
    counts = Counter(item["status"] for item in board["items"])
    assert board["counts"] == {s: counts[s] for s in board["counts"]}
    for item in board["items"]:
        b = item["blockers"]
        incomplete = b["content"] == "missing" or b["no_steps"]
        if item["version_status"] in ("published", "retired"):
            assert item["status"] == "published"
        elif incomplete:
            assert item["status"] == "incomplete", item["key"]
        else:
            assert item["status"] == ("runnable" if b["problems"] == 0 else "needs_review")
        if item["version_status"] == "draft" and not b["no_steps"]:
            assert b["steps_with_suggestion"] is not None
            assert 0 <= b["steps_with_suggestion"] <= b["steps_without_performer"]
    # The committed Lampung book lost whole SOPs, and most steps have no performer.
    assert board["counts"]["incomplete"] >= 10
    assert board["counts"]["needs_review"] >= 10
    assert any(c["unlinked"] >= 2 for c in board["columns"])

    # Filters: the status narrows the list but not the counts; unit and q as the catalogue.
    review = await _board(client, admin, "&status=needs_review&limit=5")
    assert review["total"] == board["counts"]["needs_review"]
    assert review["counts"] == board["counts"]
    assert {i["status"] for i in review["items"]} == {"needs_review"}
    unit = next(i["unit_code"] for i in board["items"] if i["unit_code"])
    by_unit = await _board(client, admin, f"&unit={unit}")
    assert {i["unit_code"] for i in by_unit["items"]} == {unit}
    assert sum(by_unit["counts"].values()) == by_unit["total"]
    first = board["items"][0]
    found = await _board(client, admin, f"&q={first['key']}")
    assert [i["id"] for i in found["items"]] == [first["id"]]
    paged = await _board(client, admin, "&limit=10&offset=10")
    assert [i["id"] for i in paged["items"]] == [i["id"] for i in board["items"][10:20]]
    bad = await client.get(f"{BOARD}?status=arsip", cookies=admin.cookies)
    assert bad.status_code == 422
    assert bad.json()["field"] == "status"

    # A version in force is "published" whatever its blockers were.
    await in_tenant(
        owner_conn,
        tenant_ids["lampung"],
        "update catalogue_versions set status = 'published', published_at = now() where id = $1",
        uuid.UUID(first["version_id"]),
    )
    again = await _board(client, admin, f"&q={first['key']}")
    assert again["items"][0]["status"] == "published"
    assert again["counts"]["published"] == 1


async def test_only_a_tenant_admin_sees_the_board(
    client: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    staff = await login_as("lampung", tenant_ids["lampung"], ())
    assert (await client.get(BOARD, cookies=staff.cookies)).status_code == 403
    refused = await client.post(
        "/api/catalogue/bulk/accept-suggestions",
        json={"sop_ids": [str(uuid.uuid4())]},
        cookies=staff.cookies,
        headers=staff.headers,
    )
    assert refused.status_code == 403


async def test_bulk_accept_marks_performers_suggested_and_skips_foreign_ids(
    client: Any, office: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    admin, _ = await office("lampung")
    await office("kaltim")  # restored afterwards too, should anything leak
    board = await _board(client, admin, "&status=needs_review")
    chosen = [i for i in board["items"] if i["blockers"]["steps_with_suggestion"]][:2]
    assert len(chosen) == 2
    incomplete = next(
        i
        for i in board["items"] + (await _board(client, admin))["items"]
        if i["status"] == "incomplete" and i["blockers"]["no_steps"]
    )
    foreign = await in_tenant(
        owner_conn, tenant_ids["kaltim"], "select id from catalogue_sops order by key limit 1"
    )
    kaltim_before = await _hashes(owner_conn, tenant_ids["kaltim"])
    since = await _last_event(owner_conn, tenant_ids["lampung"])
    performers_before = {}
    for item in chosen:
        sop = (await client.get(f"/api/catalogue/sops/{item['id']}", cookies=admin.cookies)).json()
        performers_before[item["id"]] = {
            s["position"]: (s["performer"], s["provenance"].get("performer"))
            for s in sop["versions"][-1]["document"]["steps"]
        }
    ids = [c["id"] for c in chosen] + [incomplete["id"], str(foreign[0]["id"]), "bukan-id"]
    response = await client.post(
        "/api/catalogue/bulk/accept-suggestions",
        json={"sop_ids": ids},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert response.status_code == 200, response.text
    result = response.json()
    outcomes = {r["sop_id"]: r for r in result["results"]}
    assert [outcomes[c["id"]]["outcome"] for c in chosen] == ["done", "done"]
    assert outcomes[incomplete["id"]]["outcome"] == "skipped"
    assert outcomes[str(foreign[0]["id"])]["outcome"] == "not_found"
    assert outcomes["bukan-id"]["outcome"] == "not_found"
    assert (result["done"], result["skipped"], result["not_found"]) == (2, 1, 2)
    assert await _hashes(owner_conn, tenant_ids["kaltim"]) == kaltim_before

    for item in chosen:
        sop = (await client.get(f"/api/catalogue/sops/{item['id']}", cookies=admin.cookies)).json()
        steps = sop["versions"][-1]["document"]["steps"]
        suggested = [s for s in steps if s["provenance"].get("performer") == "suggested"]
        assert len(suggested) >= item["blockers"]["steps_with_suggestion"]
        assert all(s["performer"] for s in suggested)
        for s in steps:  # a performer the book gave (or an admin chose) is kept
            performer, provenance = performers_before[item["id"]][s["position"]]
            if performer is not None:
                assert (s["performer"], s["provenance"].get("performer")) == (
                    performer,
                    provenance,
                )
        events = await in_tenant(
            owner_conn,
            tenant_ids["lampung"],
            "select count(*) from audit_events where action = 'catalogue.suggestions_accepted'"
            " and entity_id = $1 and seq > $2",
            item["version_id"],
            since,
        )
        assert events[0]["count"] == 1
    after = await _board(client, admin, f"&q={chosen[0]['key']}")
    blockers = after["items"][0]["blockers"]
    assert blockers["steps_without_performer"] < chosen[0]["blockers"]["steps_without_performer"]


async def test_bulk_link_sets_the_rule_in_every_draft_with_the_header(
    client: Any, office: Any, owner_conn: Any, tenant_ids: dict[str, uuid.UUID]
) -> None:
    admin, _ = await office("lampung")
    await office("kaltim")
    board = await _board(client, admin)
    column = next(c for c in board["columns"] if c["unlinked"] >= 2)
    code = (
        await in_tenant(
            owner_conn, tenant_ids["lampung"], "select code from org_positions order by code"
        )
    )[0]["code"]
    before = await _hashes(owner_conn, tenant_ids["lampung"])
    kaltim_before = await _hashes(owner_conn, tenant_ids["kaltim"])
    since = await _last_event(owner_conn, tenant_ids["lampung"])

    # An unknown position is refused, naming the field, and nothing changes.
    refused = await client.post(
        "/api/catalogue/bulk/link-column",
        json={"header": column["header"], "rule": {"kind": "position", "code": "tidak-ada"}},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert refused.status_code == 422
    assert refused.json()["field"] == "rule.code"
    assert await _hashes(owner_conn, tenant_ids["lampung"]) == before

    # Case and spacing do not matter.
    header = "  " + column["header"].upper().replace(" ", "  ") + " "
    response = await client.post(
        "/api/catalogue/bulk/link-column",
        json={"header": header, "rule": {"kind": "position", "code": code}},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert len({c["sop_id"] for c in result["changed"]}) == column["drafts"]
    assert result["unchanged"] == 0
    wanted = " ".join(column["header"].split()).casefold()
    for changed in result["changed"]:
        sop = (
            await client.get(f"/api/catalogue/sops/{changed['sop_id']}", cookies=admin.cookies)
        ).json()
        document = sop["versions"][-1]["document"]
        matching = [
            c for c in document["performers"] if " ".join(c["header"].split()).casefold() == wanted
        ]
        assert matching
        assert all(c["rule"]["kind"] == "position" for c in matching)
        assert all(c["rule"]["code"] == code for c in matching)
        assert all(c["provenance"] == "edited" for c in matching)
    events = await in_tenant(
        owner_conn,
        tenant_ids["lampung"],
        "select count(*) from audit_events where action = 'catalogue.column_linked'"
        " and entity_id = any($1::text[]) and seq > $2",
        [c["version_id"] for c in result["changed"]],
        since,
    )
    assert events[0]["count"] == column["drafts"]
    after = await _hashes(owner_conn, tenant_ids["lampung"])
    touched = {k for k in after if after[k] != before.get(k)}
    assert touched == {c["version_id"] for c in result["changed"]}
    assert await _hashes(owner_conn, tenant_ids["kaltim"]) == kaltim_before

    # The same again changes nothing; as the other office, nothing of this one is reached.
    again = await client.post(
        "/api/catalogue/bulk/link-column",
        json={"header": column["header"], "rule": {"kind": "position", "code": code}},
        cookies=admin.cookies,
        headers=admin.headers,
    )
    assert again.json()["changed"] == []
    assert again.json()["unchanged"] == column["drafts"]
    kaltim_admin = await login_as("kaltim", tenant_ids["kaltim"], ("tenant_admin",))
    kaltim_code = (
        await in_tenant(owner_conn, tenant_ids["kaltim"], "select code from org_positions limit 1")
    )[0]["code"]
    foreign = await client.post(
        "/api/catalogue/bulk/link-column",
        json={"header": column["header"], "rule": {"kind": "position", "code": kaltim_code}},
        cookies=kaltim_admin.cookies,
        headers=kaltim_admin.headers,
    )
    assert foreign.status_code == 200
    assert all(c["version_id"] not in after for c in foreign.json()["changed"])
    assert await _hashes(owner_conn, tenant_ids["lampung"]) == after


async def test_bulk_link_refuses_rules_that_point_nowhere(client: Any, office: Any) -> None:
    admin, _ = await office("lampung")
    for rule, field in (
        ({"kind": "unresolved"}, "rule.kind"),
        ({"kind": "position_of_unit", "position_kind": "bukan-jenis"}, "rule.position_kind"),
        ({"kind": "position_of_unit", "position_kind": "staf", "unit": "x"}, "rule.unit"),
        ({"kind": "external", "party": " "}, "rule.party"),
    ):
        response = await client.post(
            "/api/catalogue/bulk/link-column",
            json={"header": "Staf", "rule": rule},
            cookies=admin.cookies,
            headers=admin.headers,
        )
        assert response.status_code == 422, rule
        assert response.json()["field"] == field
