/** Paths of the API's version comparison (GET /api/catalogue/diff) and of its validation
 * findings ("steps[2].waktu.raw", "performers[kasi]", "sections.dasar_hukum[0]") in words:
 * "Langkah 3 · Waktu". */

import type { MessageKey } from '@/lib/i18n';

import { MINUTES_PER_UNIT } from '../editor/waktu';

type Translate = (key: MessageKey, vars?: Readonly<Record<string, string | number>>) => string;

/** What the document knows about its steps and performer columns, to name them. */
export interface PathContext {
  steps?: readonly { number: string | null; position: number }[];
  performers?: readonly { key: string; header: string }[];
}

const FIELDS: Record<string, MessageKey> = {
  title: 'diff.f.title',
  identity: 'diff.f.identity',
  nomor_sop: 'sop.id.number',
  tanggal_pembuatan: 'sop.id.made',
  tanggal_revisi: 'sop.id.revised',
  tanggal_efektif: 'sop.id.effective',
  disahkan_oleh: 'sop.id.approved',
  dasar_hukum: 'sop.sec.dasar_hukum',
  kualifikasi_pelaksana: 'sop.sec.kualifikasi_pelaksana',
  keterkaitan: 'sop.sec.keterkaitan',
  peralatan_perlengkapan: 'sop.sec.peralatan_perlengkapan',
  peringatan: 'sop.sec.peringatan',
  pencatatan_pendataan: 'sop.sec.pencatatan_pendataan',
  unit: 'diff.f.unit',
  unit_code: 'diff.f.unitCode',
  activity: 'sop.flow.activity',
  performer: 'diff.f.performer',
  performers: 'sop.flow.performers',
  kelengkapan: 'sop.flow.requirements',
  waktu: 'sop.flow.time',
  output: 'sop.flow.output',
  keterangan: 'sop.flow.notes',
  kind: 'diff.f.kind',
  decision: 'diff.f.decision',
  yes_target: 'diff.f.yesTarget',
  no_target: 'diff.f.noTarget',
  yes_label: 'diff.f.yesLabel',
  no_label: 'diff.f.noLabel',
  min: 'diff.f.min',
  max: 'diff.f.max',
  category: 'diff.f.category',
  approximate: 'diff.f.approximate',
  per_item: 'diff.f.perItem',
  hari_kerja: 'diff.f.hariKerja',
  provenance: 'diff.f.provenance',
  warnings: 'catalogue.col.warnings',
  name: 'diff.f.name',
  nip: 'diff.f.nip',
  position: 'diff.f.position',
  date: 'diff.f.date',
  number: 'diff.f.number',
  header: 'diff.f.header',
  rule: 'diff.f.rule',
  marks: 'diff.f.marks',
  steps: 'diff.f.steps',
  sections: 'diff.f.sections',
};

type Segment = { name: string } | { index: string };

function segments(path: string): Segment[] {
  const out: Segment[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)) {
    if (match[1] !== undefined) out.push({ name: match[1] });
    else out.push({ index: match[2] ?? '' });
  }
  return out;
}

/** "steps[2].waktu.raw" → "Langkah 3 · Waktu". */
export function formatPath(path: string, t: Translate, context: PathContext = {}): string {
  const parts: string[] = [];
  const list = segments(path);
  for (let i = 0; i < list.length; i += 1) {
    const seg = list[i];
    if (seg === undefined) continue;
    const next = list[i + 1];
    const listed = 'name' in seg && (seg.name === 'steps' || seg.name === 'performers');
    if (listed && next && 'index' in next) {
      const index = Number(next.index);
      if (seg.name === 'steps') {
        const step = Number.isInteger(index) ? context.steps?.[index] : undefined;
        const n = step ? (step.number ?? String(step.position)) : String(index + 1);
        parts.push(t('diff.step', { n }));
      } else {
        const column = Number.isInteger(index)
          ? context.performers?.[index]
          : context.performers?.find((c) => c.key === next.index);
        parts.push(t('diff.performer', { name: column?.header ?? next.index }));
      }
      i += 1;
      continue;
    }
    if ('index' in seg) {
      const n = Number(seg.index);
      parts.push(t('diff.item', { n: Number.isInteger(n) ? n + 1 : seg.index }));
      continue;
    }
    const { name } = seg;
    // "raw" is the value as written: the field's own name says enough.
    if (name === 'raw' && parts.length > 0) continue;
    if (name === 'sections' && list.length > 1) continue;
    if (name === 'identity' && list.length > 1) continue;
    const previous = list[i - 1];
    if (name === 'unit' && previous && 'name' in previous && previous.name === 'waktu') {
      parts.push(t('diff.f.timeUnit'));
      continue;
    }
    const key = FIELDS[name];
    parts.push(key ? t(key) : name.replace(/_/g, ' '));
  }
  return parts.join(' · ');
}

const UNITS = new Set(Object.keys(MINUTES_PER_UNIT));
const collator = new Intl.Collator('en', { numeric: true });

/** Steps in their order (steps[2] before steps[10]), and within a field the value as written
 * (waktu.raw) before what was read from it (waktu.min, waktu.unit, ...). */
export function orderEntries<T extends { path: string }>(entries: readonly T[]): T[] {
  const key = (path: string) => path.replace(/\.raw$/, '');
  return [...entries].sort((a, b) => collator.compare(key(a.path), key(b.path)));
}

/** A value of the comparison as text: "—" for none. */
export function formatValue(value: unknown, t: Translate, path = ''): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' && path.endsWith('waktu.unit') && UNITS.has(value)) {
    return t(`editor.unit.${value}` as MessageKey);
  }
  if (typeof value === 'boolean') return t(value ? 'diff.yes' : 'diff.no');
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.length === 0) return t('diff.emptyList');
  return JSON.stringify(value);
}
