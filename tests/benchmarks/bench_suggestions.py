"""How often the performer suggestions name the column a surviving flowchart mark names.

Run: .venv/bin/python tests/benchmarks/bench_suggestions.py [--no-catalogue] [--errors]

Named so pytest does not collect it. The truth is every step whose performer was READ from a
mark in the committed catalogues (tenants/*/catalogue/*.yaml). Each is hidden — performer
unset, marks (whose labels can name the column, "← [Sekretaris]") removed, provenance
"missing" — and predicted by ``suggest_performers`` with the tenant's other SOPs as the
catalogue (never the SOP itself):

- "one hidden": one read step at a time, the SOP's other read marks still visible;
- "all hidden": every read step of the SOP at once, as in a book that lost all its marks.

A prediction is right when it names the same column; headers are compared by text because
keys differ between SOPs. The catalogue holds near-copies (Lampung repeats UPTD SOPs), so
``--no-catalogue`` shows what the general signals alone achieve.

Some read performers are doubtful truth, and are counted in the main figures all the same;
the "clean" column leaves them out: the step has body marks in several columns (a box drawn
across them; the importer takes the first), or its activity opens with another column's role
("Kadis memeriksa ..." under a mark in the Sekretaris column).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import msgspec

from alur.domain.catalogue.importer.model import SopDocument, Step
from alur.domain.catalogue.importer.performers import infer_from_activity
from alur.domain.catalogue.importer.steps import classify_mark
from alur.domain.catalogue.importer.suggest import suggest_performers
from alur.domain.catalogue.importer.to_yaml import load_sop_yaml

ROOT = Path(__file__).resolve().parents[2]
BOOKS = ("000", "001", "004", "003")  # the order of docs/catalogue-fidelity.md
Mode = Literal["one", "all"]


@dataclass(frozen=True)
class Outcome:
    book: str
    sop_id: str
    position: int
    truth: str  # header text
    predicted: str | None
    confidence: float
    doubtful: bool
    activity: str

    @property
    def hit(self) -> bool:
        return self.truth == self.predicted


@cache
def catalogues() -> dict[str, tuple[SopDocument, ...]]:
    """Tenant -> its committed SOPs."""
    out: dict[str, list[SopDocument]] = {}
    for path in sorted(ROOT.glob("tenants/*/catalogue/*.yaml")):
        doc = load_sop_yaml(path.read_text(encoding="utf-8"))
        out.setdefault(doc.tenant, []).append(doc)
    return {tenant: tuple(docs) for tenant, docs in out.items()}


def read_positions(doc: SopDocument) -> list[int]:
    return [
        s.position
        for s in doc.steps
        if s.provenance.get("performer") == "read" and s.performer is not None
    ]


def doubtful(doc: SopDocument, step: Step) -> bool:
    """The read mark may not be the truth (see the module docstring)."""
    body = [
        h
        for h, label in step.marks.items()
        if label == "" or classify_mark(label) in ("start", "end", "box", "decision", "flowchart")
    ]
    opens = infer_from_activity(step.activity, [(p.key, p.header) for p in doc.performers])
    return len(body) > 1 or (opens is not None and opens != step.performer)


def hide(doc: SopDocument, positions: set[int]) -> SopDocument:
    """A copy of ``doc`` with the performer, the marks and their provenance of those steps
    removed."""
    steps = [
        msgspec.structs.replace(
            s,
            performer=None,
            marks={},
            provenance={**s.provenance, "performer": "missing"},
        )
        if s.position in positions
        else s
        for s in doc.steps
    ]
    return msgspec.structs.replace(doc, steps=steps)


def evaluate(book: str, mode: Mode = "one", *, use_catalogue: bool = True) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for tenant_docs in catalogues().values():
        for doc in tenant_docs:
            if doc.sop_id.split("-", 1)[0] != book:
                continue
            truth = read_positions(doc)
            if not truth:
                continue
            others: Sequence[SopDocument] = (
                [d for d in tenant_docs if d.sop_id != doc.sop_id] if use_catalogue else []
            )
            groups = [{p} for p in truth] if mode == "one" else [set(truth)]
            headers = {p.key: p.header for p in doc.performers}
            steps = {s.position: s for s in doc.steps}
            for group in groups:
                got = suggest_performers(hide(doc, group), catalogue=others)
                for pos in sorted(group):
                    step = steps[pos]
                    assert step.performer is not None
                    guess = got.get(pos)
                    outcomes.append(
                        Outcome(
                            book,
                            doc.sop_id,
                            pos,
                            headers[step.performer],
                            headers[guess.column] if guess else None,
                            guess.confidence if guess else 0.0,
                            doubtful(doc, step),
                            step.activity,
                        )
                    )
    return outcomes


def accuracy(book: str, mode: Mode = "one", *, use_catalogue: bool = True) -> float:
    """Share of the book's read performers predicted back (0..1; 0 when it has none)."""
    outcomes = evaluate(book, mode, use_catalogue=use_catalogue)
    return sum(o.hit for o in outcomes) / len(outcomes) if outcomes else 0.0


def _cell(xs: list[Outcome]) -> str:
    hits = sum(o.hit for o in xs)
    share = 100 * hits / len(xs) if xs else 0.0
    return f"{hits:>4}/{len(xs):<4} {share:5.1f}%"


def _row(name: str, one: list[Outcome], every: list[Outcome]) -> str:
    clean = [o for o in one if not o.doubtful]
    return f"{name:<8} {_cell(one):>16} {_cell(every):>16} {_cell(clean):>16}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-catalogue", action="store_true", help="predict without other SOPs")
    parser.add_argument("--errors", action="store_true", help="list every miss of 'one hidden'")
    args = parser.parse_args()
    use = not args.no_catalogue
    print(f"catalogue: {'other SOPs of the tenant' if use else 'none'}")
    print(f"{'book':<8} {'one hidden':>16} {'all hidden':>16} {'one, clean':>16}")
    all_one: list[Outcome] = []
    all_every: list[Outcome] = []
    for book in BOOKS:
        one = evaluate(book, "one", use_catalogue=use)
        every = evaluate(book, "all", use_catalogue=use)
        all_one += one
        all_every += every
        print(_row(book, one, every))
    print(_row("overall", all_one, all_every))
    print("\nby confidence (one hidden):")
    for low, high in ((0.0, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.01)):
        band = [o for o in all_one if low <= o.confidence < high]
        print(f"  {low:.1f}-{min(high, 1.0):.1f}  {_cell(band)}")
    for name, outcomes in (("one hidden", all_one), ("all hidden", all_every)):
        misses = Counter((o.truth, o.predicted) for o in outcomes if not o.hit)
        print(f"\nmost common errors ({name}): truth -> predicted")
        for (truth, guess), count in misses.most_common(8):
            print(f"  {count:>3}  {truth} -> {guess}")
    if args.errors:
        print("\nmisses (one hidden):")
        for o in all_one:
            if not o.hit:
                mark = " (doubtful)" if o.doubtful else ""
                print(
                    f"  {o.sop_id} #{o.position}{mark}: {o.truth} -> {o.predicted}"
                    f" ({o.confidence:.2f}) | {o.activity[:80]}"
                )


if __name__ == "__main__":
    main()
