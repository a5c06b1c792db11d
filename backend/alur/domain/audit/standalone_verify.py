#!/usr/bin/env python3
"""Check an exported Alur audit chain: python3 verify_audit.py audit/events.jsonl

Standalone on purpose (standard library only): it travels inside an office's export archive,
so whoever receives the archive can check the chain without Alur. Each line is one event
with the fields its hash covers; an event's hash is SHA-256 over the canonical JSON of
{tenant, seq, prev, ...fields}, and `prev` is the hash of the event before (64 zeros first).
Exit status 0 when every link holds, 1 with the first broken one named otherwise.
"""

from __future__ import annotations

import hashlib
import json
import sys

GENESIS = "0" * 64
FIELDS = ("at", "actor", "actor_label", "action", "entity", "entity_id", "case", "before", "after")


def event_hash(event: dict[str, object]) -> str:
    body = {"tenant": event["tenant"], "seq": event["seq"], "prev": event["prev"]}
    body.update({k: event[k] for k in FIELDS})
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def verify(lines: list[str]) -> tuple[int, str | None]:
    """(events checked, None) when intact, else (events checked, why it breaks)."""
    prev, seq = GENESIS, 1
    for checked, line in enumerate(lines):
        event = json.loads(line)
        if event["seq"] != seq:
            return checked, f"event {seq} is missing (found {event['seq']})"
        if event["prev"] != prev:
            return checked, f"event {seq}: prev does not match the event before"
        if event_hash(event) != event["hash"]:
            return checked, f"event {seq}: content does not match its hash"
        prev, seq = event["hash"], seq + 1
    return seq - 1, None


def main(argv: list[str]) -> int:
    path = argv[1] if len(argv) > 1 else "audit/events.jsonl"
    with open(path, encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip()]
    checked, problem = verify(lines)
    if problem:
        print(f"BROKEN after {checked} intact event(s): {problem}")
        return 1
    print(f"intact: {checked} event(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
