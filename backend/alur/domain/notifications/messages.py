"""Notification texts, in Bahasa Indonesia first and English as a personal choice."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
_MONTHS = {
    "id": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "task_arrived": {
        "id": (
            "Tugas baru: {number}",
            "Kasus {number} ({subject}) menunggu langkah {step}: {activity}. Batas waktu: {due}.",
        ),
        "en": (
            "New task: {number}",
            "Case {number} ({subject}) is waiting for step {step}: {activity}. Due: {due}.",
        ),
    },
    "task_returned": {
        "id": (
            "Tugas dikembalikan: {number}",
            "Langkah {step} kasus {number} ({subject}) dikembalikan kepada Anda. Batas waktu:"
            " {due}.",
        ),
        "en": (
            "Task returned: {number}",
            "Step {step} of case {number} ({subject}) was returned to you. Due: {due}.",
        ),
    },
    "task_rerouted": {
        "id": (
            "Posisi kosong: {number}",
            "Langkah {step} kasus {number} ({subject}) untuk {vacant} yang kosong diteruskan"
            " ke {position}.",
        ),
        "en": (
            "Vacant post: {number}",
            "Step {step} of case {number} ({subject}) for the vacant post {vacant} went to"
            " {position}.",
        ),
    },
    "task_reassigned": {
        "id": (
            "Tugas dialihkan kepada Anda: {number}",
            "Langkah {step} kasus {number} ({subject}) kini menjadi tugas Anda. Batas waktu:"
            " {due}.",
        ),
        "en": (
            "Task reassigned to you: {number}",
            "Step {step} of case {number} ({subject}) is now yours. Due: {due}.",
        ),
    },
    "task_due_soon": {
        "id": (
            "Segera jatuh tempo: {number}",
            "Langkah {step} kasus {number} ({subject}) jatuh tempo {due}.",
        ),
        "en": ("Due soon: {number}", "Step {step} of case {number} ({subject}) is due {due}."),
    },
    "task_overdue": {
        "id": (
            "Terlambat: {number}",
            "Langkah {step} kasus {number} ({subject}) melewati batas waktu {due}.",
        ),
        "en": (
            "Overdue: {number}",
            "Step {step} of case {number} ({subject}) passed its due time {due}.",
        ),
    },
    "escalation": {
        "id": (
            "Eskalasi tingkat {level}: {number}",
            "Langkah {step} kasus {number} ({subject}) terlambat sejak {due} dan belum"
            " diselesaikan oleh {position}.",
        ),
        "en": (
            "Escalation level {level}: {number}",
            "Step {step} of case {number} ({subject}) has been overdue since {due} and is"
            " still open with {position}.",
        ),
    },
    "case_finished": {
        "id": (
            "Kasus selesai: {number}",
            "Kasus {number} ({subject}) yang Anda mulai telah selesai.",
        ),
        "en": (
            "Case finished: {number}",
            "Case {number} ({subject}) that you started is finished.",
        ),
    },
}

DIGEST = {
    "id": ("Ringkasan Alur: {count} pemberitahuan", "Pemberitahuan Anda sejak ringkasan terakhir:"),
    "en": ("Alur digest: {count} notifications", "Your notifications since the last digest:"),
}
NO_DUE = {"id": "tanpa batas waktu", "en": "no due time"}


def when(moment: dt.datetime | None, zone: str, locale: str) -> str:
    if moment is None:
        return NO_DUE[locale]
    local = moment.astimezone(ZoneInfo(zone))
    month = _MONTHS[locale][local.month - 1]
    return f"{local.day} {month} {local.year} {local:%H:%M} {ZONE_NAMES.get(zone, zone)}"


# What the previous performer wrote, appended so the reader sees why without opening the case.
NOTE = {
    "task_returned": {"id": "Alasan: {note}", "en": "Reason: {note}"},
    "task_arrived": {"id": "Catatan: {note}", "en": "Note: {note}"},
}
NOTE_CHARS = 200


# A notification is read at a glance: the case page holds the full texts.
SHORT = {"subject": 60, "activity": 80}


def _short(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def render(kind: str, locale: str, params: dict[str, object]) -> tuple[str, str]:
    lang = locale if locale in ("id", "en") else "id"
    title, body = TEMPLATES[kind][lang]
    params = {
        k: _short(v, SHORT[k]) if k in SHORT and isinstance(v, str) else v
        for k, v in params.items()
    }
    text = body.format(**params)
    note = str(params.get("note") or "").strip()
    if note and kind in NOTE:
        text = f"{text} {NOTE[kind][lang].format(note=_short(note, NOTE_CHARS))}"
    return title.format(**params), text
