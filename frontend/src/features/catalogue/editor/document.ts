/** The SOP document as the API types it (generated from the backend's model, the msgspec
 * SopDocument), the part of it the tenant admin edits, and putting the edits back into the
 * whole document that PUT /api/catalogue/versions/{id}/document takes. */

import type { DateValue, SopDocument, Step } from '@/api/generated';

import { parseWaktu } from './waktu';
import type { Waktu } from './waktu';

export type {
  DateValue,
  Decision,
  Identity,
  OwningUnit,
  PerformerColumn,
  PositionRule,
  Sections,
  Signatory,
  SopDocument,
  Source,
  Step,
  TocEntry,
} from '@/api/generated';
export type { Waktu } from './waktu';
export type Provenance = Step['provenance'][string];
export type StepKind = Step['kind'];

export const SECTION_NAMES = [
  'dasar_hukum',
  'kualifikasi_pelaksana',
  'keterkaitan',
  'peralatan_perlengkapan',
  'peringatan',
  'pencatatan_pendataan',
] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export const DATE_FIELDS = ['tanggal_pembuatan', 'tanggal_revisi', 'tanggal_efektif'] as const;
export type DateField = (typeof DATE_FIELDS)[number];

/** One step as the editor holds it: text fields as strings ('' for none). */
export interface EditableStep {
  position: number;
  number: string | null;
  kind: StepKind;
  activity: string;
  performer: string | null;
  kelengkapan: string;
  waktu: string;
  /** The waktu the draft had: kept, normalised as it was, while its text is unchanged (a
   * bare number under a "WAKTU (menit)" header was read with the header's unit). */
  originalWaktu: Waktu;
  output: string;
  yesTarget: number | null;
  noTarget: number | null;
}

/** The SOP-level fields the editor offers. */
export interface EditableSop {
  title: string;
  nomor: string;
  unitCode: string;
  dates: Record<DateField, string>;
  signer: { position: string; name: string; nip: string };
  sections: Record<SectionName, string>;
}

/** The step's waktu as it will be saved. */
export const waktuOf = (step: EditableStep): Waktu =>
  step.waktu === step.originalWaktu.raw ? step.originalWaktu : parseWaktu(step.waktu);

export const stepLabel = (step: { number: string | null; position: number }) =>
  step.number ?? String(step.position);

export function editableSteps(doc: SopDocument): EditableStep[] {
  return doc.steps.map((s) => ({
    position: s.position,
    number: s.number,
    kind: s.kind,
    activity: s.activity,
    performer: s.performer,
    kelengkapan: s.kelengkapan ?? '',
    waktu: s.waktu.raw,
    originalWaktu: s.waktu,
    output: s.output ?? '',
    yesTarget: s.decision?.yes_target ?? null,
    noTarget: s.decision?.no_target ?? null,
  }));
}

export function editableSop(doc: SopDocument): EditableSop {
  const signer = doc.identity.disahkan_oleh;
  return {
    title: doc.title,
    nomor: doc.identity.nomor_sop ?? '',
    unitCode: doc.unit.unit_code ?? '',
    dates: {
      tanggal_pembuatan: doc.identity.tanggal_pembuatan.raw ?? '',
      tanggal_revisi: doc.identity.tanggal_revisi.raw ?? '',
      tanggal_efektif: doc.identity.tanggal_efektif.raw ?? '',
    },
    signer: { position: signer.position ?? '', name: signer.name ?? '', nip: signer.nip ?? '' },
    sections: Object.fromEntries(
      SECTION_NAMES.map((name) => [name, doc.sections[name].join('\n')]),
    ) as Record<SectionName, string>,
  };
}

const MONTHS: Record<string, number> = {
  januari: 1, jan: 1, februari: 2, pebruari: 2, feb: 2, maret: 3, mar: 3, april: 4, apr: 4,
  mei: 5, juni: 6, jun: 6, juli: 7, jul: 7, agustus: 8, agu: 8, agt: 8, september: 9,
  sep: 9, oktober: 10, okt: 10, november: 11, nopember: 11, nov: 11, desember: 12, des: 12,
};

const pad = (n: number | string, width = 2) => String(n).padStart(width, '0');

/** A date as written ("08 November 2023", "Maret 2024", "8/12/2023"), read like the importer's
 * identity.parse_date does; what it cannot read keeps its text and no date. */
export function parseDate(label: string | null, raw: string | null): DateValue {
  const text = raw?.trim() ? raw.trim() : null;
  if (text === null) {
    return { label, raw: null, date: null, precision: null, provenance: 'missing' };
  }
  const folded = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9/&]+/g, ' ')
    .trim();
  const day = /\b(\d{1,2})\s+([a-z]+)\s+(\d{4})\b/.exec(folded);
  const dayMonth = day?.[2] ? MONTHS[day[2]] : undefined;
  if (day && dayMonth !== undefined && Number(day[1]) >= 1 && Number(day[1]) <= 31) {
    const date = `${pad(day[3] ?? '', 4)}-${pad(dayMonth)}-${pad(Number(day[1]))}`;
    return { label, raw: text, date, precision: 'day', provenance: 'read' };
  }
  const month = /\b([a-z]+)\s+(\d{4})\b/.exec(folded);
  const monthNumber = month?.[1] ? MONTHS[month[1]] : undefined;
  if (month && monthNumber !== undefined) {
    const date = `${pad(month[2] ?? '', 4)}-${pad(monthNumber)}`;
    return { label, raw: text, date, precision: 'month', provenance: 'read' };
  }
  const numeric = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/.exec(folded);
  if (numeric && Number(numeric[2]) >= 1 && Number(numeric[2]) <= 12) {
    const date = `${numeric[3] ?? ''}-${pad(Number(numeric[2]))}-${pad(Number(numeric[1]))}`;
    return { label, raw: text, date, precision: 'day', provenance: 'read' };
  }
  return { label, raw: text, date: null, precision: null, provenance: 'read' };
}

const orNull = (text: string) => (text.trim() ? text.trim() : null);

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The whole document with the editor's changes applied. Values the editor did not change
 * stay exactly as they were (so the comparison of versions shows only real edits). */
export function applyEdits(doc: SopDocument, sop: EditableSop, steps: EditableStep[]): SopDocument {
  const before = editableSop(doc);
  const identity = { ...doc.identity };
  if (sop.title !== before.title) {
    identity.title = orNull(sop.title);
  }
  if (sop.nomor !== before.nomor) identity.nomor_sop = orNull(sop.nomor);
  for (const field of DATE_FIELDS) {
    if (sop.dates[field] !== before.dates[field]) {
      identity[field] = parseDate(doc.identity[field].label, sop.dates[field]);
    }
  }
  const signer = sop.signer;
  if (
    signer.position !== before.signer.position ||
    signer.name !== before.signer.name ||
    signer.nip !== before.signer.nip
  ) {
    const nip = orNull(signer.nip);
    const parts = [orNull(signer.position), orNull(signer.name), nip ? `NIP. ${nip}` : null];
    const raw = parts.filter((p): p is string => p !== null).join(' ');
    identity.disahkan_oleh = {
      raw: raw || null,
      position: orNull(signer.position),
      name: orNull(signer.name),
      nip,
      provenance: raw ? 'read' : 'missing',
    };
  }
  const sections = { ...doc.sections };
  for (const name of SECTION_NAMES) {
    if (sop.sections[name] !== before.sections[name]) sections[name] = lines(sop.sections[name]);
  }
  const unit =
    sop.unitCode !== before.unitCode ? { ...doc.unit, unit_code: orNull(sop.unitCode) } : doc.unit;
  return {
    ...doc,
    title: sop.title !== before.title ? sop.title.trim() : doc.title,
    identity,
    sections,
    unit,
    steps: doc.steps.map((s, i) => {
      const e = steps[i];
      if (!e) return s;
      const step: Step = {
        ...s,
        kind: e.kind,
        activity: e.activity,
        performer: e.performer,
        kelengkapan:
          e.kelengkapan === (s.kelengkapan ?? '') ? s.kelengkapan : orNull(e.kelengkapan),
        output: e.output === (s.output ?? '') ? s.output : orNull(e.output),
        waktu: e.waktu === s.waktu.raw ? s.waktu : parseWaktu(e.waktu),
      };
      if (e.kind === 'decision') {
        const old = s.decision;
        if (old?.yes_target !== e.yesTarget || old.no_target !== e.noTarget || s.kind !== e.kind) {
          step.decision = {
            yes_label: old?.yes_label ?? 'Ya',
            no_label: old?.no_label ?? 'Tidak',
            provenance: old?.provenance ?? 'read',
            yes_target: e.yesTarget,
            no_target: e.noTarget,
          };
        }
      } else if (s.kind === 'decision') {
        step.decision = null;
      }
      return step;
    }),
  };
}
