"""Notification texts are short, give the reason a step came back, and say where it went."""

from __future__ import annotations

from alur.domain.notifications.messages import NOTE_CHARS, render

ABOUT = {
    "number": "LAMPUNG-2026-000012",
    "subject": "Permohonan fasilitasi pameran dagang bagi UMKM binaan " * 3,
    "step": "3",
    "activity": "Memeriksa kelengkapan berkas permohonan dan menyampaikannya kepada pimpinan " * 2,
    "due": "7 Des 2026 09:30 WIB",
}


def test_a_return_gives_its_reason_and_long_texts_are_cut() -> None:
    title, body = render("task_returned", "id", {**ABOUT, "note": "Lampiran belum lengkap"})
    assert title == "Tugas dikembalikan: LAMPUNG-2026-000012"
    assert body.endswith("Alasan: Lampiran belum lengkap")
    assert "…" in body
    assert len(body) < 200


def test_a_tidak_note_rides_on_the_arrival_in_the_readers_language() -> None:
    _, body = render("task_arrived", "en", {**ABOUT, "activity": "Check", "note": "x" * 500})
    assert "Note: " in body
    assert body.endswith("…")
    assert len(body.split("Note: ")[1]) == NOTE_CHARS
    _, plain = render("task_arrived", "id", {**ABOUT, "note": ""})
    assert "Catatan" not in plain


def test_a_step_past_an_empty_post_names_both_posts() -> None:
    _, body = render(
        "task_rerouted",
        "id",
        {**ABOUT, "vacant": "Kepala Sub Bagian Umum", "position": "Sekretaris"},
    )
    assert "Kepala Sub Bagian Umum yang kosong diteruskan ke Sekretaris" in body
