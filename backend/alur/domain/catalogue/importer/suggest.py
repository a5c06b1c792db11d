"""Suggesting a performer column for steps whose flowchart mark was lost in conversion.

Most books lost the boxes that said which column does a step (80% of Kaltim steps and 58% of
Lampung steps have no performer), so a tenant admin would otherwise assign every step by hand.
A suggestion is never written into the document: it is shown next to the step with its
confidence and its reasons, because a wrong performer would route real work to the wrong
official and only the admin can tell.

Every column of the SOP gets a score from independent signals; the best column wins and the
softmax of the scores is its confidence. The weights (``W_*`` below) were set on the committed
books by hiding the performers that were read and predicting them back
(tests/benchmarks/bench_suggestions.py):

- what the activity says about its doer: a role opens a clause and acts ("Kasubbag
  memeriksa"), or the passive names it ("diterima oleh Kasubbag") — the strongest signal;
- the hand-over around the step: the previous step gives the work to a role ("menyerahkan
  kepada Kasubbag", "memerintahkan Staf"), the next step names who made its input ("yang
  telah diparaf oleh Kasubag TU"), a decision's "tidak" returns to an earlier performer;
- the verb: signing, approving and disposing go to the highest rank of the SOP; checking,
  paraf and correcting to the middle ranks; receiving, recording, typing, sending and
  archiving to staff; a request at the start and receiving the result at the end to an
  outside party (Pemohon, Masyarakat, PNS, ...); the output says the same ("ditandatangani"
  → the signer, "paraf" → the middle, "arsip" → staff);
- the performers around the step, read or suggested: the flowchart mostly stays in a column
  or moves to the next one, and the first step tends to start in the leftmost column;
- the office's other SOPs: a step with a read mark whose activity reads (almost) the same,
  under a column with the same header text, and a word -> header association learned from
  the read marks.

Ranks come from the header text (Kepala Dinas > Sekretaris > Kabid/Kepala UPTD >
Kasubbag/Kasi > Staf/pelaksana/fungsional), relative to the other columns of the same SOP:
"the highest rank" of a UPTD SOP is its Kepala UPTD.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .model import PerformerColumn, SopDocument, Step
from .performers import normalise

# Weights of the signals (see the module docstring for what each one reads).
W_SUBJECT = 3.0  # the activity names the role as its doer ("Kasubbag memeriksa ...")
W_AGENT = 2.5  # the passive names the doer ("... diterima oleh Kasubbag")
W_OUTPUT_AGENT = 1.5  # the output names the doer ("Konsep telah diparaf oleh Kasi")
W_MENTION = 0.5  # the role appears in the activity without a clear part in it
W_NOT_SELF = -1.0  # a role this step hands to, orders, or got its input from
W_ABOVE = 1.0  # whoever orders a role ranks just above it
W_NEXT_TO = 0.5  # whoever hands over to a role ranks next to it
W_HANDOFF = 2.0  # the previous step hands over to / orders the role
W_FROM_NEXT = 1.5  # the next step names the role as the maker of its input
W_VERB = 1.2  # verb class x the column's fit to it (-1..1)
W_OUTPUT = 0.6  # output class x the column's fit to it
W_NAMED_DAMP = 0.5  # verb and output count this much when the text names the doer
W_OUTSIDE = 2.0  # a request at the start / the result received at the end
W_DECISION = 0.8  # a decision is taken above whoever its "tidak" returns to
W_SAME = 0.4  # a neighbour in the same column
W_ADJACENT = 0.3  # a neighbour in the next column of the header
W_FAR = -0.2  # a neighbour two or more columns away
W_GUESSED = 0.5  # how much a suggested neighbour counts against a read one
W_START = 0.3  # the first step in the leftmost column
W_CATALOGUE = 2.5  # the nearest step of another SOP, under the same header text
W_ASSOC = 0.3  # words of the activity that other SOPs do under the same header
TEMPERATURE = 1.0  # softmax temperature of the confidence

# Generic roles and their rank: 5 head of office ... 1 staff. Longer phrases first.
_ROLES: list[tuple[tuple[str, ...], int]] = [
    (("kepala", "sub", "bagian"), 2),
    (("kepala", "seksi"), 2),
    (("kepala", "bidang"), 3),
    (("kepala", "uptd"), 3),
    (("kepala", "upt"), 3),
    (("kepala", "balai"), 3),
    (("kepala", "unit"), 2),
    (("kepala", "dinas"), 5),
    (("kepala", "badan"), 5),
    (("kepala", "kantor"), 5),
    (("pejabat", "eselon", "iii"), 3),
    (("pejabat", "eselon", "iv"), 2),
    (("pejabat", "penatausahaan"), 2),
    (("pengguna", "anggaran"), 5),
    (("pengguna", "barang"), 5),
    (("pengurus", "barang"), 2),
    (("kpa",), 5),
    (("pimpinan",), 5),
    (("sekretaris",), 4),
    (("ppid",), 3),
    (("atasan",), 3),
    (("ppk",), 2),
    (("ppspm",), 2),
    (("koordinator",), 2),
    (("ketua",), 2),
    (("staf",), 1),
    (("staff",), 1),
    (("pelaksana",), 1),
    (("fungsional",), 1),
    (("jfu",), 1),
    (("pengelola",), 1),
    (("operator",), 1),
    (("petugas",), 1),
    (("bendahara",), 1),
    (("analis",), 1),
    (("analisis",), 1),
    (("pembantu",), 1),
    (("caraka",), 1),
    (("pptk",), 1),
    (("arsiparis",), 1),
    (("verifikator",), 1),
    (("pengadministrasi",), 1),
    (("tim",), 1),
    (("panitia",), 1),
]
_GENERIC_STAFF = ("staf", "pelaksana", "petugas")
_OUTSIDE = {
    "pemohon", "masyarakat", "perusahaan", "ikm", "user", "pelapor", "pengadu", "tamu", "pns",
    "pelaku", "pihak", "biro", "ahli", "konsumen", "rekanan", "penyedia", "bkd",
    "bkn", "instansi", "gudang", "lokasi", "eksportir", "pelanggan", "warga", "service",
    "anjungan", "e",
}  # fmt: skip
# Words of a header that name who is behind the column; each is an alias in the text.
_ROLE_NOUNS = {r[0] for r, _ in _ROLES if len(r) == 1} | (_OUTSIDE - {"e", "pihak"})
_ROLE_WORDS = {w for r, _ in _ROLES for w in r} | _OUTSIDE | {"tata", "usaha", "sub", "bagian"}
_SYNONYMS = {"pengadu": "pelapor", "pelapor": "pengadu", "pegawai": "pns"}
_STOP = {
    "dan", "di", "ke", "yang", "atau", "pada", "dari", "untuk", "dengan", "oleh", "kepada",
    "telah", "sudah", "akan", "serta", "ini", "itu", "tersebut", "sesuai", "dalam", "bagi",
    "masing", "para", "melalui", "kemudian", "setelah", "jika", "apabila", "bila", "tidak",
}  # fmt: skip
_PAST = {"yang", "telah", "sudah", "setelah", "yg", "sesudah"}
_TO = {"kepada", "ke", "kpd", "pada"}
_ORDER_VERBS = {
    "memerintahkan", "menugaskan", "memerintah", "menginstruksikan", "mendisposisikan",
    "mendisposisi", "meminta", "mendelegasikan",
}  # fmt: skip
_ORDER_NOUNS = {"perintah", "arahan", "instruksi", "disposisi", "tugas", "petunjuk"}
_SIGNED_BY = {
    "paraf", "disposisi", "ttd", "tandatangan", "tangan", "tgn", "persetujuan", "arahan",
    "instruksi", "koreksi", "surat", "nota", "keputusan",
}  # fmt: skip
_LETTERS = {"dinas", "surat", "undangan", "memo", "pemberitahuan", "edaran"}
_DRAFTING = {"membuat", "menyiapkan", "menyusun", "mengonsep", "mengetik", "konsep", "draft"}
_SUBJECT_AFTER = {"kemudian", "selanjutnya", "lalu", "dimulai", "sedangkan"}
_NO_BRANCH_RE = re.compile(
    r"\b(jika|apabila|bila|kalau)\b(\s\w+){0,3}?\s(tidak|belum|salah|ditolak|kesalahan|kurang)\b"
)
_PAST_CLAUSE_RE = re.compile(r"^\s*(dimulai dari\s+)?(setelah|sesudah)\b")

_LEXICON: list[tuple[re.Pattern[str], str, float]] = [
    (
        re.compile(
            r"(menandatangan|penandatangan|ditandatangan|tandatangan)\w*|ttd|mengesahkan"
            r"|pengesahan|mensahkan|legalisasi|melegalisasi|menetapkan|penetapan|ditetapkan"
            r"|menyetujui|persetujuan|disetujui|memutuskan"
        ),
        "head",
        1.5,
    ),
    (re.compile(r"mendisposisi\w*|disposisi"), "dispose", 1.5),
    (
        re.compile(
            r"memerintahkan|menugaskan|memerintah|menginstruksikan|mengarahkan|perintah"
            r"|instruksi|arahan|petunjuk"
        ),
        "order",
        1.0,
    ),
    (
        re.compile(
            r"memeriksa|pemeriksaan|diperiksa|meneliti|penelitian|diteliti|memverifikasi"
            r"|verifikasi|diverifikasi|memvalidasi|validasi|mengoreksi|mengkoreksi|koreksi"
            r"|dikoreksi|pengkoreksian|pengoreksian|memaraf|paraf|diparaf|menelaah|penelaahan"
            r"|telaah|menyempurnakan|finalisasi|mencermati|mengkaji|pengkajian|mengecek|crosscek"
        ),
        "middle",
        1.0,
    ),
    (re.compile(r"mengevaluasi|evaluasi|memonitor|monitoring"), "middle", 0.5),
    (re.compile(r"menerima|penerimaan|diterima"), "staff", 0.6),
    (
        re.compile(
            r"mencatat|pencatatan|dicatat|mengagendakan|agenda|mengetik|pengetikan|menginput\w*"
            r"|input|entry|entri|mengentry|mengentri|mengupload|upload|mengunggah|scan|memscan"
            r"|menscan|memindai|menomori|penomoran|membukukan|dibukukan|merekap\w*|rekap\w*"
            r"|menginventaris\w*|inventarisasi|inventarisir|mengarsip\w*|pengarsipan|arsip"
            r"|diarsipkan|menyimpan|penyimpanan|mendokumentasikan|pendokumentasian|dokumentasi"
            r"|didokumentasikan|mengirim\w*|pengiriman|dikirim\w*|mendistribusikan"
            r"|pendistribusian|distribusi\w*|didistribusikan|menggandakan|mengandakan"
            r"|penggandaan|digandakan|mencetak|pencetakan|dicetak|menjilid|penjilidan"
            r"|menyalurkan|penyaluran|mengedarkan|membagikan|pembagian|stempel|cap"
        ),
        "staff",
        1.0,
    ),
    (
        re.compile(
            r"menyiapkan|mempersiapkan|penyiapan|persiapan|mengumpulkan|pengumpulan|menghimpun"
            r"|mengkompilasi|kompilasi|mengolah|pengolahan|melengkapi|mengisi|memfollow|konsep"
            r"|draft?|mengonsep"
        ),
        "staff",
        0.7,
    ),
    (re.compile(r"menyusun|penyusunan|disusun|membuat|pembuatan|dibuat"), "staff", 0.4),
]
# Words that make the noun after them the step's own work ("melakukan koreksi").
_LIGHT = {"melakukan", "memberi", "memberikan", "membubuhkan", "mengadakan", "melaksanakan"}
# Words after which a verb is someone else's work or a purpose ("mengajukan persetujuan").
_NOT_OWN = {
    "akan", "siap", "belum", "menunggu", "monitoring", "mengajukan", "meminta", "memohon",
    "mendapat", "mendapatkan", "lembar", "isi", "berdasarkan", "bahan", "catatan", "hasil",
    "atas", "sebagai",
}  # fmt: skip
_PURPOSE = {"untuk", "agar", "supaya", "guna"}
_JOINS = [
    (r"\bdi (terima|tanda|paraf|proses|catat|kirim|arsipkan|bukukan|dokumentasikan|periksa)",
     r"di\1"),
    (r"\btanda tangan", "tandatangan"),
    (r"\bcross cek\b", "crosscek"),
    (r"\bprint out\b", "printout"),
    (r"\bfollow up\b", "followup"),
]  # fmt: skip
_OUTSIDE_START_RE = re.compile(
    r"\b(mengajukan|pengajuan|menyampaikan|menyerahkan|membuat|mengisi|mengirim\w*)\b"
    r".{0,40}\b(permohonan|pengaduan|aduan|keberatan|permintaan)\b"
    r"|\b(registrasi|login|mendaftar|datang|mengakses|melapor\w*)\b"
)
_OUTSIDE_END_RE = re.compile(
    r"\b(menerima|mendapatkan|mengambil)\b.{0,30}\b(hasil|tanggapan|jawaban|informasi|salinan"
    r"|sk|izin|sertifikat)\b|\bpulang\b"
)
_OUTPUTS: list[tuple[re.Pattern[str], str, float]] = [
    (re.compile(r"\b(di ?tanda ?tangan\w*|tanda ?(tangan|tgn)|ttd|sk|disetujui)\b"), "head", 1.0),
    (re.compile(r"(?<!lembar )\bdisposisi\b"), "head", 0.5),
    (
        re.compile(r"\b(paraf|diparaf|koreksi|terkoreksi|diverifikasi|terverifikasi)\b"),
        "middle",
        1.0,
    ),
    (
        re.compile(r"\b(arsip\w*|agenda|tanda terima|terkirim\w*|tercatat\w*|register)\b"),
        "staff",
        1.0,
    ),
]


@dataclass(frozen=True)
class Suggestion:
    column: str
    confidence: float
    reasons: list[str]


@dataclass
class _Column:
    index: int
    key: str
    header: str
    tokens: tuple[str, ...]
    level: int | None
    outside: bool
    aliases: list[tuple[str, ...]] = field(default_factory=list)
    rho: float | None = None  # rank among the SOP's own columns: 0 lowest .. 1 highest
    tier: int | None = None  # the same rank as an index: 0 lowest, 1 next, ...


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    keys: frozenset[str]
    role: str  # subject | agent | past | to | ordered | source | about | other
    branch: str  # "no" inside a decision's "jika tidak" clause, else "yes"


@dataclass
class _Board:
    """Scores and the reasons behind them, per column, for one step."""

    scores: dict[str, float]
    why: dict[str, list[tuple[float, str]]]

    @classmethod
    def empty(cls, cols: Sequence[_Column]) -> _Board:
        return cls({c.key: 0.0 for c in cols}, {c.key: [] for c in cols})

    def add(self, key: str, weight: float, reason: str | None = None) -> None:
        if key not in self.scores or weight == 0:
            return
        self.scores[key] += weight
        if reason and weight > 0:
            self.why[key].append((weight, reason))

    def merged(self, other: _Board) -> _Board:
        return _Board(
            {k: v + other.scores[k] for k, v in self.scores.items()},
            {k: v + other.why[k] for k, v in self.why.items()},
        )

    def best(self, order: dict[str, int]) -> tuple[str, float]:
        """The winning column and its softmax share."""
        ranked = sorted(self.scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))
        key, top = ranked[0]
        total = sum(math.exp((s - top) / TEMPERATURE) for _, s in ranked)
        return key, 1.0 / total


# ---------------------------------------------------------------- text


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[str, ...]:
    text = normalise(text)
    text = re.sub(r"\bka\s+(dinas|dis)\b", "kepala dinas", text)
    out: list[str] = []
    for tok in re.findall(r"[a-z0-9]+", text):
        glued = next(  # "Stafmendokumentasikan": a role glued to its verb by the converter
            (
                r
                for r in ("staf", "sekretaris", "petugas", "bendahara")
                if tok.startswith(r) and tok[len(r) :].startswith(("me", "ber")) and len(tok) > 9
            ),
            None,
        )
        out.extend([glued, tok[len(glued) :]] if glued else [tok])
    return tuple(out)


@lru_cache(maxsize=262144)
def _same(a: str, b: str) -> bool:
    """Equal, or the same word misspelt ("Sekretris"); never a derived word ("pelaksanaan")."""
    if a == b:
        return True
    if len(a) < 5 or len(b) < 5 or a[0] != b[0] or abs(len(a) - len(b)) > 3:
        return False
    if a.startswith(b) or b.startswith(a):
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A crude Indonesian stem, enough to tie "mengarsipkan", "pengarsipan" and "arsip"."""
    for suffix in ("nya", "kan", "an", "i"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 5:
            word = word[: -len(suffix)]
            break
    for prefix in ("meng", "meny", "mem", "men", "me", "peng", "peny", "pem", "pen", "pe", "di"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            return word[len(prefix) :]
    return word


@lru_cache(maxsize=65536)
def _content(text: str) -> frozenset[str]:
    """The words that say what the work is; role names are read by the mention signals."""
    return frozenset(
        _stem(t) for t in _tokens(text) if t not in _STOP and t not in _ROLE_WORDS and len(t) > 2
    )


@lru_cache(maxsize=16384)
def _clauses(text: str) -> tuple[tuple[str, bool], ...]:
    """The clauses of a text, each with whether it tells what happened before the step.

    A period ends a clause only after a word ("Ka. UPTD", "Cq. Kasubag" carry on). A clause
    opening with "setelah" (and the "dan ..." clauses that continue it) is the step's input.
    """
    out: list[tuple[str, bool]] = []
    before = False
    for part in re.split(r"(?<=\w{4})\.\s|[,;:()]|\s-\s", text):
        if not part.strip():
            continue
        folded = normalise(part)
        if _PAST_CLAUSE_RE.match(folded):
            before = True
        elif not re.match(r"^(dan|serta)\b", folded):
            before = False
        out.append((part, before))
    return tuple(out)


# ---------------------------------------------------------------- columns


def _role_at(tokens: Sequence[str], i: int) -> tuple[tuple[str, ...], int] | None:
    for role, level in _ROLES:
        if tuple(tokens[i : i + len(role)]) == role:
            return role, level
    return None


def _level(tokens: Sequence[str]) -> int | None:
    for i in range(len(tokens)):
        hit = _role_at(tokens, i)
        if hit:
            return hit[1]
    return None


def _columns(performers: Sequence[PerformerColumn]) -> list[_Column]:
    cols: list[_Column] = []
    for i, p in enumerate(performers):
        parts = [t for t in (_tokens(x) for x in p.header.split("/")) if t] or [_tokens(p.header)]
        level = next((lv for lv in (_level(t) for t in parts) if lv is not None), None)
        words = {w for t in parts for w in t}
        outside = p.rule.kind == "external" or (
            bool(words & _OUTSIDE) and (level is None or "pns" in words)
        )
        col = _Column(i, p.key, p.header, _tokens(p.header), level, outside)
        for t in parts:
            col.aliases.append(t)
            hit = _role_at(t, 0)
            if hit:
                col.aliases.append(hit[0])
            for w in t:
                if w in _ROLE_NOUNS:
                    col.aliases.append((w,))
                    if w in _SYNONYMS:
                        col.aliases.append((_SYNONYMS[w],))
        cols.append(col)
    ranked = [(c, c.level) for c in cols if not c.outside and c.level is not None]
    inside = [c for c, _ in ranked]
    levels = sorted({level for _, level in ranked})
    for c, level in ranked:
        c.tier = levels.index(level)
        c.rho = c.tier / (len(levels) - 1) if len(levels) > 1 else 0.5
    if inside:
        _generic_aliases(cols, inside, levels)
    _rank_by_order([c for c in cols if not c.outside])
    for c in cols:
        c.aliases = sorted(set(c.aliases), key=lambda a: (-len(a), a))
    return cols


def _rank_by_order(inside: list[_Column]) -> None:
    """A header whose rank is unknown sits between its neighbours when the known ranks run
    in header order (the columns are often drawn in ascending or descending rank)."""
    known = [c.rho for c in inside if c.rho is not None]
    if len(set(known)) < 2 or known not in (sorted(known), sorted(known, reverse=True)):
        return
    for k, c in enumerate(inside):
        if c.rho is None:
            left = next((x.rho for x in reversed(inside[:k]) if x.rho is not None), None)
            right = next((x.rho for x in inside[k + 1 :] if x.rho is not None), None)
            if left is not None and right is not None:
                c.rho = (left + right) / 2


def _generic_aliases(cols: list[_Column], inside: list[_Column], levels: list[int]) -> None:
    """Generic words ("pimpinan", "petugas") name the top or the bottom of this SOP when no
    header carries them; staff-like headers take the staff words before a Bendahara does."""
    named = {w for c in cols for a in c.aliases for w in a}
    staffish = [c for c in inside if c.tokens and c.tokens[0] in _GENERIC_STAFF]
    for c in inside:
        if c.level == levels[-1] and "pimpinan" not in named:
            c.aliases.append(("pimpinan",))
        if c in staffish or (not staffish and c.level == levels[0]):
            c.aliases.extend((w,) for w in _GENERIC_STAFF if w not in named)
        if c.level == 2:
            c.aliases.append(("pejabat", "eselon", "iv"))
        if c.level == 3:
            c.aliases.append(("pejabat", "eselon", "iii"))


def _fit(col: _Column, target: str) -> float:
    """How well a column fits a class of work: 1 fits, 0 says nothing, -1 contradicts."""
    if target == "outside":
        return 1.0 if col.outside else -0.5
    if col.outside:
        return -0.5 if target == "staff" else -1.0
    if col.rho is None:
        return 0.0
    if target == "staff":
        return 1.0 - 2.0 * col.rho
    if target == "head":
        return 2.0 * col.rho - 1.0
    # Checking and paraf: the ranks between staff and the signer, Kasi/Kasubbag first; in a
    # two-rank SOP ("Staf | Kasi") the upper one.
    if col.rho == 0.0:
        return -0.5
    if col.rho == 1.0:
        return 0.5 if col.tier == 1 else -0.5
    return 1.0 if col.level == 2 else 0.8


def _who(cls: str, col: _Column) -> str:
    if cls == "outside" or col.outside:
        return "pihak luar"
    return {
        "head": "pejabat tertinggi",
        "middle": "pejabat tingkat menengah",
    }.get(cls, "staf pelaksana")


# ---------------------------------------------------------------- reading a step


def _mentions(text: str, cols: Sequence[_Column], *, decision: bool) -> list[_Mention]:
    """Where the text names a column, and the part the role plays in the sentence."""
    found: list[_Mention] = []
    branch = "yes"
    for clause, before in _clauses(text):
        if decision and _NO_BRANCH_RE.search(normalise(clause)):
            branch = "no"
        tokens = _tokens(clause)
        first = len(found)
        i = 0
        while i < len(tokens):
            size, keys = _alias_at(tokens, i, cols)
            if not size:
                i += 1
                continue
            end = i + size
            role = _part(tokens, i, end)
            last = found[-1] if len(found) > first else None
            if last and (i == last.end or (i == last.end + 1 and tokens[i - 1] in {"dan", "atau"})):
                role = last.role  # "Staf/Pelaksana", "Kabid dan Kasi": one part for both
            if before and role in ("subject", "agent", "other"):
                role = "past"
            found.append(_Mention(i, end, keys, role, branch))
            i = end
    return found


def _alias_at(tokens: Sequence[str], i: int, cols: Sequence[_Column]) -> tuple[int, frozenset[str]]:
    """The longest column alias starting at token ``i``, and every column it names."""
    size, keys = 0, set()
    for c in cols:
        for alias in c.aliases:  # longest first
            n = len(alias)
            if n < size or i + n > len(tokens):
                continue
            if all(_same(a, b) for a, b in zip(alias, tokens[i : i + n], strict=True)):
                if n > size:
                    size, keys = n, {c.key}
                else:
                    keys.add(c.key)
                break
    return size, frozenset(keys)


def _part(tokens: Sequence[str], start: int, end: int) -> str:
    before = tokens[max(0, start - 5) : start]
    prev = before[-1] if before else ""
    after = tokens[end] if end < len(tokens) else ""
    if prev == "oleh":
        return "past" if _PAST & set(before[:-1]) else "agent"
    if prev == "dari":
        return "subject" if len(before) >= 2 and before[-2] == "dimulai" else "source"
    recent = before[-3:]
    if any(t in _ORDER_VERBS for t in recent) or (
        any(t in _ORDER_NOUNS for t in recent) and _LIGHT & set(before)
    ):
        return "ordered"
    if prev in _TO and len(before) >= 2 and before[-2] in _LETTERS and _DRAFTING & set(tokens):
        return "about"  # "menyiapkan nota dinas kepada Kabid": the letter's addressee
    if prev in _TO or prev in {"diteruskan", "diajukan", "disampaikan", "diserahkan"}:
        return "to"
    if prev in {"melalui", "cq", "bersama", "dengan", "para", "masing"}:
        return "other"
    if prev in {"bagi", "terhadap", "tentang", "untuk", "atas", "calon", "pimpinan"}:
        return "about"
    active = after.startswith(("me", "ber")) or after in {"dan", "melakukan", "selaku"}
    if start == 0 or prev in _SUBJECT_AFTER or (active and prev not in _PAST):
        return "subject" if active or start == 0 else "other"
    return "other"


def _verb_tokens(clause: str) -> list[str]:
    text = " ".join(_tokens(clause))
    for pattern, repl in _JOINS:
        text = re.sub(pattern, repl, text)
    return text.split()


@lru_cache(maxsize=16384)
def _verbs(activity: str) -> tuple[tuple[str, float, str], ...]:
    """(class, weight, the word as written) for each verb or noun that is this step's work.

    A noun counts only where it names the work ("Koreksi dan persetujuan draft", "melakukan
    koreksi"), not as an object ("permohonan verifikasi"). A verb after "yang telah", in a
    "setelah ..." clause, after "untuk" or before "oleh" is the input or someone else's work.
    """
    out: list[tuple[str, float, str]] = []
    for clause, before_step in _clauses(activity):
        if before_step:
            continue
        tokens = _verb_tokens(clause)
        counted: set[int] = set()
        conditional = purpose = False
        for k, tok in enumerate(tokens):
            conditional = conditional or tok in {"jika", "apabila", "bila"}
            purpose = purpose or tok in _PURPOSE
            hit = next(((c, w) for rx, c, w in _LEXICON if rx.fullmatch(tok)), None)
            if hit is None or purpose:
                continue
            cls, weight = hit
            window = tokens[max(0, k - 2) : k]
            prev = window[-1] if window else ""
            if prev in _NOT_OWN or _PAST & set(window):
                continue
            if not tok.startswith(("me", "di")):
                joined = prev in {"dan", "atau"} and k - 2 in counted
                if not (k == 0 or prev in _LIGHT or joined):
                    continue
            if tok.startswith("di"):
                if "oleh" in tokens[k + 1 : k + 4]:
                    continue
                if not conditional:
                    weight *= 0.5  # a passive often states the object's state, not the work
            counted.add(k)
            out.append((cls, weight, tok))
    ranked = sorted(out, key=lambda v: -v[1])
    return tuple((c, w / (1 + 0.3 * k), v) for k, (c, w, v) in enumerate(ranked))


# ---------------------------------------------------------------- the catalogue


@dataclass(frozen=True)
class _Example:
    title: str
    headers: frozenset[tuple[str, ...]]
    position: int
    words: frozenset[str]
    header: tuple[str, ...]
    read: bool


def _examples(catalogue: Iterable[SopDocument], skip: str) -> list[_Example]:
    out: list[_Example] = []
    for other in catalogue:
        if other.sop_id == skip:
            continue
        headers = {p.key: _tokens(p.header) for p in other.performers}
        for s in other.steps:
            prov = s.provenance.get("performer")
            if s.performer in headers and prov in ("read", "inferred"):
                out.append(
                    _Example(
                        other.title,
                        frozenset(headers.values()),
                        s.position,
                        _content(s.activity),
                        headers[s.performer],
                        prov == "read",
                    )
                )
    return out


def _header_match(header: tuple[str, ...], col: _Column) -> float:
    if header == col.tokens:
        return 1.0
    role = _role_at(header, 0)
    mine = _role_at(col.tokens, 0)
    return 0.6 if role and mine and role[0] == mine[0] else 0.0


def _association(examples: Sequence[_Example]) -> dict[str, Counter[tuple[str, ...]]]:
    """Word -> the headers whose read marks did work described with that word."""
    table: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
    for ex in examples:
        if ex.read:  # an inferred performer only repeats the activity's own subject
            for w in ex.words:
                table[w][ex.header] += 1
    return table


# ---------------------------------------------------------------- the engine


@dataclass
class _Context:
    doc: SopDocument
    cols: list[_Column]
    by_key: dict[str, _Column]
    mentions: dict[int, list[_Mention]]
    label: dict[int, str]
    examples: list[_Example]
    assoc: dict[str, Counter[tuple[str, ...]]]
    headers: frozenset[tuple[str, ...]]


def suggest_performers(
    doc: SopDocument, catalogue: Sequence[SopDocument] = ()
) -> dict[int, Suggestion]:
    """Step position -> suggestion, for steps whose performer was not read.

    ``catalogue`` is other SOPs of the office (``doc`` itself is skipped by its id) whose
    read marks teach which header does which kind of work. ``doc`` is never changed.
    """
    cols = _columns(doc.performers)
    if not cols or not doc.steps:
        return {}
    examples = _examples(catalogue, doc.sop_id)
    ctx = _Context(
        doc,
        cols,
        {c.key: c for c in cols},
        {s.position: _mentions(s.activity, cols, decision=s.kind == "decision") for s in doc.steps},
        {s.position: s.number or str(s.position) for s in doc.steps},
        examples,
        _association(examples),
        frozenset(c.tokens for c in cols),
    )
    order = {c.key: c.index for c in cols}
    known: dict[int, tuple[str, float]] = {}  # position -> (column, trust)
    for s in doc.steps:
        prov = s.provenance.get("performer")
        if s.performer in ctx.by_key and prov in ("read", "inferred"):
            known[s.position] = (s.performer, 1.0 if prov == "read" else 0.7)
    open_steps = [s for s in doc.steps if s.provenance.get("performer") != "read"]
    base = {s.position: _local(ctx, s, known) for s in open_steps}
    # Second pass: the neighbours' own suggestions stand in for the marks that were lost.
    around = {pos: (key, trust, False) for pos, (key, trust) in known.items()}
    for pos, board in base.items():
        if pos not in known:
            key, share = board.best(order)
            around[pos] = (key, W_GUESSED * share, True)
    out: dict[int, Suggestion] = {}
    for s in open_steps:
        board = base[s.position].merged(_neighbours(ctx, s, around))
        key, share = board.best(order)
        reasons = [r for _, r in sorted(board.why[key], key=lambda wr: -wr[0])]
        unique = list(dict.fromkeys(reasons))[:3] or [
            "tidak ada petunjuk yang kuat; dipilih kolom dengan skor tertinggi"
        ]
        out[s.position] = Suggestion(column=key, confidence=round(share, 2), reasons=unique)
    return out


def _local(ctx: _Context, step: Step, known: dict[int, tuple[str, float]]) -> _Board:
    board = _Board.empty(ctx.cols)
    named = _score_text(ctx, board, step)
    _score_work(ctx, board, step, damp=W_NAMED_DAMP if named else 1.0)
    _score_handoffs(ctx, board, step)
    _score_decision(ctx, board, step, known)
    _score_catalogue(ctx, board, step)
    return board


def _score_text(ctx: _Context, board: _Board, step: Step) -> bool:
    """Roles the activity and output name; True when one of them is named as the doer."""
    named = False
    for m in ctx.mentions[step.position]:
        share = 1.0 / len(m.keys)
        for key in m.keys:
            col = ctx.by_key[key]
            if m.branch == "no" and m.role in ("subject", "agent"):
                board.add(key, W_NOT_SELF * share)  # the "tidak" branch's doer, not this one
            elif m.role == "subject":
                named = True
                board.add(
                    key, W_SUBJECT * share, f"uraian kegiatan menyebut {col.header} sebagai pelaku"
                )
            elif m.role == "agent":
                named = True
                board.add(
                    key,
                    W_AGENT * share,
                    f"uraian menyebut kegiatan ini dilakukan oleh {col.header}",
                )
            elif m.role in ("to", "ordered", "source", "past"):
                board.add(key, W_NOT_SELF * share)
                if m.role in ("ordered", "to"):
                    _rank_around(ctx, board, col, m.role, share)
            elif m.role == "other" and not col.outside:  # an outside party named in passing
                board.add(key, W_MENTION * share, f"uraian kegiatan menyebut {col.header}")
    if step.output:
        past = {
            k for m in ctx.mentions[step.position] if m.role in ("past", "source") for k in m.keys
        }
        tokens = _tokens(step.output)
        for m in _mentions(step.output, ctx.cols, decision=False):
            # "... diparaf oleh Kasi", "Paraf Kasubag", "Surat PPID Utama": the doer; a role
            # anywhere else in an output is mostly what the work is about.
            signed = m.start > 0 and tokens[m.start - 1] in _SIGNED_BY
            if not (m.role == "agent" or signed):
                continue
            for key in m.keys - past:
                named = True
                board.add(
                    key,
                    W_OUTPUT_AGENT / len(m.keys),
                    f"keluaran '{step.output}' menyebut {ctx.by_key[key].header}",
                )
    return named


def _rank_around(ctx: _Context, board: _Board, col: _Column, role: str, share: float) -> None:
    """An order comes from just above the ordered; a hand-over from the next rank."""
    if col.tier is None:
        return
    for c in ctx.cols:
        if c.tier is None or c.key == col.key:
            continue
        if role == "ordered" and c.tier > col.tier:
            board.add(
                c.key,
                (W_ABOVE if c.tier == col.tier + 1 else W_ABOVE / 2) * share,
                f"perintah kepada {col.header} biasanya datang dari atasan langsungnya",
            )
        if role == "to" and abs(c.tier - col.tier) == 1:
            board.add(
                c.key,
                W_NEXT_TO * share,
                f"berkas diserahkan kepada {col.header}, biasanya dari jenjang di sebelahnya",
            )


def _score_work(ctx: _Context, board: _Board, step: Step, *, damp: float) -> None:
    cols = ctx.cols
    steps = ctx.doc.steps
    i = steps.index(step)
    activity = normalise(step.activity)
    ordered = any(m.role == "ordered" for m in ctx.mentions[step.position])
    for cls, weight, verb in _verbs(step.activity):
        if cls in ("order", "dispose"):
            if ordered:
                continue  # _rank_around places the orderer just above the ordered
            # Without a named recipient a disposition is the head's, an order anyone's above.
            weight *= 1.0 if cls == "dispose" else 0.6
            cls = "head"
        for c in cols:
            board.add(
                c.key,
                W_VERB * damp * weight * _fit(c, cls),
                f"kata kerja '{verb}' biasanya dikerjakan {_who(cls, c)} di SOP ini ({c.header})",
            )
    if any(c.outside for c in cols):
        start = i <= 1 and _OUTSIDE_START_RE.search(activity)
        end = i >= len(steps) - 2 and _OUTSIDE_END_RE.search(activity)
        for c in cols:
            if start:
                board.add(
                    c.key,
                    W_OUTSIDE * _fit(c, "outside"),
                    f"langkah awal berupa pengajuan/permohonan, biasanya oleh pihak luar"
                    f" ({c.header})",
                )
            if end:
                board.add(
                    c.key,
                    W_OUTSIDE * _fit(c, "outside"),
                    f"langkah akhir menerima hasil layanan, biasanya oleh pihak luar ({c.header})",
                )
    if step.output:
        out = normalise(step.output)
        for regex, cls, weight in _OUTPUTS:
            # "Menerima surat yang telah ditandatangani" -> "Surat yang ditandatangani" says
            # nothing about who receives it.
            if not regex.search(out) or (
                cls != "staff"
                and regex.search(activity)
                and re.search(r"\b(telah|sudah|yang)\b", activity)
            ):
                continue
            for c in cols:
                board.add(
                    c.key,
                    W_OUTPUT * damp * weight * _fit(c, cls),
                    f"keluaran '{step.output}' biasanya dihasilkan {_who(cls, c)} ({c.header})",
                )
    if i == 0:
        board.add(
            cols[0].key,
            W_START,
            f"langkah pertama sering dimulai di kolom paling kiri ({cols[0].header})",
        )


def _score_handoffs(ctx: _Context, board: _Board, step: Step) -> None:
    """Roles the other steps hand this one: "menyerahkan kepada X" before it, "yang telah
    diparaf oleh X" after it, "jika tidak ... dikembalikan kepada X" on a decision."""
    pos = step.position
    for other in ctx.doc.steps:
        if other.position == pos:
            continue
        decision = other.decision
        for m in ctx.mentions[other.position]:
            share = 1.0 / len(m.keys)
            if m.branch == "no":
                target = decision.no_target if decision else None
            else:
                target = decision.yes_target if decision else other.position + 1
            returned = m.branch == "no" and m.role in ("to", "subject", "agent", "other")
            if target == pos and (m.role in ("to", "ordered") or returned):
                verb = "memerintahkan" if m.role == "ordered" else "menyerahkan kepada"
                tail = " bila tidak disetujui" if m.branch == "no" else ""
                if m.branch == "no":
                    verb = "mengembalikan berkas kepada"
                for key in m.keys:
                    board.add(
                        key,
                        W_HANDOFF * share,
                        f"langkah {ctx.label[other.position]} {verb}"
                        f" {ctx.by_key[key].header}{tail}",
                    )
            if m.role in ("past", "source") and other.position == pos + 1:
                for key in m.keys:
                    board.add(
                        key,
                        W_FROM_NEXT * share,
                        f"langkah {ctx.label[other.position]} menyebut masukannya dari"
                        f" {ctx.by_key[key].header}",
                    )


def _score_decision(
    ctx: _Context, board: _Board, step: Step, known: dict[int, tuple[str, float]]
) -> None:
    """A decision is taken above whoever its "tidak" returns to, and never by that column."""
    decision = step.decision
    if decision and decision.no_target in known and decision.no_target != step.position:
        back = ctx.by_key[known[decision.no_target][0]]
        board.add(back.key, -W_DECISION)
        for c in ctx.cols:
            if c.level and back.level and c.level > back.level and not c.outside:
                board.add(
                    c.key,
                    W_DECISION / 2,
                    f"bila tidak disetujui berkas kembali ke {back.header}"
                    f" (langkah {ctx.label[decision.no_target]})",
                )
    for other in ctx.doc.steps:
        d = other.decision
        if d and d.no_target == step.position and other.position in known:
            board.add(known[other.position][0], -W_DECISION)


def _neighbours(ctx: _Context, step: Step, around: dict[int, tuple[str, float, bool]]) -> _Board:
    """The flowchart mostly stays in a column or moves to the next one; ``around`` maps a
    position to its column, how far to trust it, and whether it is itself a suggestion."""
    board = _Board.empty(ctx.cols)
    steps = ctx.doc.steps
    i = steps.index(step)
    for j in (i - 1, i + 1):
        if 0 <= j < len(steps) and steps[j].position in around:
            key, trust, guessed = around[steps[j].position]
            here = ctx.by_key[key].index
            how = "disarankan untuk" if guessed else "dikerjakan"
            for c in ctx.cols:
                gap = abs(c.index - here)
                weight = W_SAME if gap == 0 else W_ADJACENT if gap == 1 else W_FAR
                board.add(
                    c.key,
                    weight * trust,
                    f"langkah {ctx.label[steps[j].position]} di dekatnya {how}"
                    f" {ctx.by_key[key].header}",
                )
    return board


def _score_catalogue(ctx: _Context, board: _Board, step: Step) -> None:
    words = _content(step.activity)
    if not words:
        return
    # The nearest steps of other SOPs: an SOP copied for another unit reads the same.
    near: list[tuple[float, _Example]] = []
    for ex in ctx.examples:
        union = len(words | ex.words)
        sim = len(words & ex.words) / union if union else 0.0
        if ex.headers == ctx.headers and ex.position == step.position:
            sim += 0.2
        sim = min(sim, 1.0) * (1.0 if ex.read else 0.5)
        if sim >= 0.4:
            near.append((sim, ex))
    top = max((s for s, _ in near), default=0.0)
    best: dict[str, tuple[float, str]] = {}
    for sim, ex in near:
        if sim < top - 0.1:
            continue
        for c in ctx.cols:
            value = sim * _header_match(ex.header, c)
            if value > best.get(c.key, (0.0, ""))[0]:
                best[c.key] = (value, ex.title)
    for key, (value, title) in best.items():
        board.add(
            key,
            W_CATALOGUE * value,
            f"langkah serupa di SOP '{title}' dikerjakan kolom berjudul sama",
        )
    for c in ctx.cols:
        total, used = 0.0, 0
        for w in words:
            seen = ctx.assoc.get(w)
            count = sum(seen.values()) if seen else 0
            if not seen or count < 2:
                continue
            used += 1
            total += sum(v * _header_match(h, c) for h, v in seen.items()) / count
        if used:
            board.add(
                c.key,
                W_ASSOC * total / used,
                f"kata-kata uraian ini di SOP lain kantor ini biasanya dikerjakan {c.header}",
            )
