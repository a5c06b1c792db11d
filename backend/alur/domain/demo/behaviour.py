"""How the simulated staff behave: when they get to a task, what they choose, what they write.
All choices come from one seeded generator, so a seed replays the same office weeks."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from alur.domain.calendar.working_time import WorkingCalendar


@dataclass(frozen=True)
class Behaviour:
    """Shares of the work that goes each way; parameters, so soak runs can push them."""

    late_share: float = 0.25
    return_share: float = 0.06
    yes_share: float = 0.7
    comment_share: float = 0.15
    document_share: float = 0.2


_APPLICANTS = (
    "CV Maju Bersama",
    "PT Sinar Borneo Lestari",
    "UD Berkah Jaya",
    "Koperasi Sejahtera Mandiri",
    "IKM Kerajinan Rotan Tenggarong",
    "PT Agro Lampung Makmur",
    "UMKM Keripik Pisang Bu Sri",
    "CV Tenun Ulap Doyo",
    "Koperasi Nelayan Bontang",
    "PT Kopi Robusta Lampung Barat",
)
_COMMENTS = (
    "Berkas sudah lengkap, mohon dilanjutkan.",
    "Mohon dicek kembali lampiran suratnya.",
    "Sudah dikonfirmasi melalui telepon dengan pemohon.",
    "Menunggu tanda tangan pimpinan.",
    "Data pendukung menyusul hari ini.",
    "Mohon prioritas, pemohon sudah menanyakan.",
)
_NOTES = ("", "", "Selesai.", "Sudah diperiksa.", "Lanjut ke tahap berikutnya.")
_RETURN_REASONS = (
    "Lampiran belum lengkap, mohon dilengkapi.",
    "Nomor surat tidak sesuai, mohon diperbaiki.",
    "Data pemohon berbeda dengan dokumen pendukung.",
)
_DOCUMENTS = ("surat-permohonan.pdf", "nota-dinas.pdf", "berita-acara.pdf", "lampiran-data.pdf")


class Staff:
    def __init__(self, seed: int, slug: str, behaviour: Behaviour) -> None:
        self.rng = random.Random(f"{seed}:{slug}")  # noqa: S311 - a replayable demo, not secrets
        self.b = behaviour

    def picks(self, n: int) -> int:
        return self.rng.randrange(n)

    def acts_at(
        self,
        cal: WorkingCalendar,
        activated: dt.datetime,
        standard: float | None,
        due: dt.datetime | None,
    ) -> dt.datetime:
        """When the holder gets to the task: mostly inside the standard time, some late."""
        if standard is None or due is None:
            minutes = self.rng.uniform(20, 240)
        elif self.rng.random() < self.b.late_share:
            minutes = standard * self.rng.uniform(1.2, 2.5) + 15
        else:
            minutes = standard * self.rng.uniform(0.1, 0.9)
        return cal.add_minutes(activated, max(minutes, 1.0))

    def cases_now(self, per_tick: float) -> int:
        whole = int(per_tick)
        return whole + (1 if self.rng.random() < per_tick - whole else 0)

    def says_yes(self) -> bool:
        return self.rng.random() < self.b.yes_share

    def returns(self) -> bool:
        return self.rng.random() < self.b.return_share

    def comments(self) -> bool:
        return self.rng.random() < self.b.comment_share

    def uploads(self, first_step: bool) -> bool:
        return self.rng.random() < (self.b.document_share * (2.5 if first_step else 1))

    def subject(self, title: str) -> str:
        return f"{title} — {self.rng.choice(_APPLICANTS)}"[:500]

    def comment(self) -> str:
        return self.rng.choice(_COMMENTS)

    def note(self) -> str:
        return self.rng.choice(_NOTES)

    def return_reason(self) -> str:
        return self.rng.choice(_RETURN_REASONS)

    def document(self, number: str) -> tuple[str, bytes]:
        """A small, real PDF (the worker's check sniffs the bytes)."""
        text = f"{number} {self.rng.randrange(10**6)}".encode()
        body = (
            b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
            b"% " + text + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
        )
        return self.rng.choice(_DOCUMENTS), body
