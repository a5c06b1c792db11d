"""The flowchart drawn over the Permenpan table in a real browser: every shape sits inside
its performer's swimlane and its step's row, and no cell cuts its text. Built on Lampung
003-93 (five long performer names, once drawn a lane to the right over the Kelengkapan
column) at desktop width, and a Kaltim SOP on a 390 px phone."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.support import run, sign_in
from tests.isolation.harness import login_as

pytestmark = pytest.mark.e2e

MISPLACED = """() => {
  const out = [];
  for (const page of document.querySelectorAll('.flow-page')) {
    const heads = [...page.querySelectorAll('th.flow-lane-head')];
    for (const shape of page.querySelectorAll('svg.flow-drawing [data-step]')) {
      const lane = Number(shape.dataset.lane);
      const s = shape.getBoundingClientRect();
      const x = s.left + s.width / 2, y = s.top + s.height / 2;
      const head = heads[Math.max(lane, 0)].getBoundingClientRect();
      const r = page.querySelector(`tbody > tr[data-row="${shape.dataset.step}"]`)
        .getBoundingClientRect();
      if (x < head.left || x > head.right || y < r.top || y > r.bottom)
        out.push({step: shape.dataset.step, x, y, lane: [head.left, head.right],
                  row: [r.top, r.bottom]});
    }
  }
  return out;
}"""

CUT = """() => [...document.querySelectorAll('.flow-cell')]
  .filter(c => c.scrollHeight > c.clientHeight + 1 || c.scrollWidth > c.clientWidth + 1)
  .map(c => c.textContent.slice(0, 40))"""


def _sop_id(base_url: str, slug: str, tenant_id: uuid.UUID, key: str) -> str:
    admin = run(login_as(slug, tenant_id, ("tenant_admin",)))
    with httpx.Client(base_url=base_url, cookies=admin.cookies) as api:
        page = api.get(f"/api/catalogue/sops?q={key}").json()
    return str(next(s["id"] for s in page["items"] if s["key"] == key))


@pytest.mark.parametrize(
    ("slug", "key", "width"), [("lampung", "003-93", 1350), ("kaltim", "000-11", 390)]
)
def test_every_shape_sits_in_its_lane_and_row(
    browser: Any, base_url: str, offices: dict[str, uuid.UUID], slug: str, key: str, width: int
) -> None:
    sop_id = _sop_id(base_url, slug, offices[slug], key)
    admin = sign_in(browser, base_url, slug, "admin")
    admin.set_viewport_size({"width": width, "height": 900})
    admin.goto(f"{base_url}/katalog/{sop_id}")
    admin.locator("svg.flow-drawing [data-step]").first.wait_for()
    admin.wait_for_timeout(200)  # the drawing follows the measured table
    shapes = admin.locator("svg.flow-drawing [data-step]").count()
    rows = admin.locator(".flow-table tbody > tr").count()
    assert shapes == rows, "one shape per step"
    assert admin.evaluate(MISPLACED) == []
    assert admin.evaluate(CUT) == [], "long texts wrap; no cell cuts them"
    screenshot(admin, f"flowchart-layout-{slug}-{width}")
    admin.context.close()
