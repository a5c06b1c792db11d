"""Print the layout corpus agreement table: layout x (SOPs agreeing / total, mismatches by kind).

    .venv/bin/python -m tests.unit.catalogue.layout_report            # the table
    .venv/bin/python -m tests.unit.catalogue.layout_report -v         # + first differences per SOP
    .venv/bin/python -m tests.unit.catalogue.layout_report -v markdown --limit 5
    .venv/bin/python -m tests.unit.catalogue.layout_report --show two_row_tab 000-01

Mismatch kinds are counted as "SOPs affected (differences)".
"""

from __future__ import annotations

import argparse
from collections import Counter

from .layouts import AMBIGUITIES, LAYOUTS, STEP_FIELDS, SopResult, corpus, run_layout

KINDS = (
    "documents",
    "nomor_sop",
    "title",
    "sections",
    "performers",
    "steps",
    *STEP_FIELDS,
)


def summary(name: str, results: list[SopResult]) -> str:
    agreeing = sum(1 for r in results if r.agrees)
    sops: Counter[str] = Counter()
    items: Counter[str] = Counter()
    for r in results:
        for m in r.mismatches:
            items[m.kind] += 1
        sops.update(r.kinds)
    kinds = ", ".join(f"{k} {sops[k]} ({items[k]})" for k in KINDS if sops[k])
    return f"{name:<18} {agreeing:>4}/{len(results):<4} {kinds or '-'}"


def details(results: list[SopResult], per_sop: int, limit: int | None) -> list[str]:
    out: list[str] = []
    failing = [r for r in results if not r.agrees]
    for r in failing[:limit]:
        listed = " (documented ambiguity)" if (r.layout, r.sop_id) in AMBIGUITIES else ""
        out.append(f"  {r.sop_id} {r.title[:60]!r}{listed}")
        out += [f"      {m}"[:220] for m in r.mismatches[:per_sop]]
        if len(r.mismatches) > per_sop:
            out.append(f"      ... {len(r.mismatches) - per_sop} more")
    if limit is not None and len(failing) > limit:
        out.append(f"  ... {len(failing) - limit} more SOPs")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("layouts", nargs="*", help=f"any of {', '.join(LAYOUTS)} (default all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="first differences per SOP")
    parser.add_argument("--per-sop", type=int, default=4, help="differences shown per SOP")
    parser.add_argument("--limit", type=int, default=None, help="SOPs shown per layout")
    parser.add_argument(
        "--show", nargs=2, metavar=("LAYOUT", "SOP_ID"), help="print one rendering and exit"
    )
    args = parser.parse_args()
    if args.show:
        layout, sop_id = args.show
        doc = next((s.doc for s in corpus() if s.doc.sop_id == sop_id), None)
        if layout not in LAYOUTS or doc is None:
            parser.error(f"no layout {layout!r} or no complete SOP {sop_id!r}")
        print(LAYOUTS[layout].render(doc), end="")
        return
    names = args.layouts or list(LAYOUTS)
    unknown = [n for n in names if n not in LAYOUTS]
    if unknown:
        parser.error(f"unknown layout(s): {', '.join(unknown)}")
    print(f"{'layout':<18} {'agree':>9}  mismatches: kind SOPs (differences)")
    for name in names:
        results = run_layout(name)
        print(summary(name, results))
        if args.verbose:
            print("\n".join(details(results, args.per_sop, args.limit)))


if __name__ == "__main__":
    main()
