/** The waktu (time standard) parser of the SOP book importer
 * (backend/alur/domain/catalogue/importer/waktu.py), ported so that a waktu the tenant admin
 * types is normalised exactly as an imported one: due times are computed from min/max/unit,
 * so changing the text alone would leave them stale. Keep the two in step. */

export type WaktuUnit = 'minute' | 'hour' | 'working_day' | 'week' | 'month' | 'year';
export type WaktuCategory = 'numeric' | 'conditional' | 'scheduled' | 'blank' | 'unparsed';

export interface Waktu {
  raw: string;
  category: WaktuCategory;
  min: number | null;
  max: number | null;
  unit: WaktuUnit | null;
  approximate: boolean;
  per_item: string | null;
  hari_kerja: boolean;
  unit_from_header: boolean;
  mixed_units: boolean;
}

/** Minutes per unit in ASN working time (37.5 h a week, five days). */
export const MINUTES_PER_UNIT: Record<WaktuUnit, number> = {
  minute: 1,
  hour: 60,
  working_day: 450,
  week: 2250,
  month: 9450,
  year: 113400,
};

const UNIT_WORDS: [string, WaktuUnit, boolean][] = [
  ['hari\\s*kerja|hk', 'working_day', true],
  ['menit|mnt|min', 'minute', false],
  ['jam|jm', 'hour', false],
  ['hari|hr', 'working_day', false],
  ['minggu|pekan|mgg', 'week', false],
  ['bulan|bln', 'month', false],
  ['tahun|thn', 'year', false],
];
// Python's \b is Unicode-aware (½ is a word character there); JavaScript's is not.
const W = '[\\p{L}\\p{N}_]';
const B = `(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))`;
const UNIT_RE = UNIT_WORDS.map(([w]) => `(?:${w})`).join('|');
const NUM = '\\d+(?:[.,]\\d+)?(?:\\s*\\/\\s*\\d+)?|½|¼|¾';
const part = (i: number) => `(?<n${String(i)}>${NUM})\\s*(?<u${String(i)}>${UNIT_RE})?${B}`;
const RANGE_SEP =
  '\\s*(?:-|–|—|~|s\\.?\\s*\\/\\s*d\\.?|sd|sampai(?:\\s+dengan)?|hingga|atau)\\s*';
const SINGLE_RE = new RegExp(`^${part(1)}$`, 'u');
const RANGE_RE = new RegExp(`^${part(1)}${RANGE_SEP}${part(2)}$`, 'u');
const SUM_RE = new RegExp(`^${part(1)}\\s*(?:dan\\s+)?${part(2)}$`, 'u');
const APPROX =
  '±|\\+\\/-|\\+-|kurang\\s+lebih|kurang-lebih|sekitar|maks(?:imal)?\\.?|paling\\s+lama';
const APPROX_RE = new RegExp(APPROX, 'u');
const APPROX_ALL = new RegExp(APPROX, 'gu');
const PER_RE = new RegExp(`(?:${B}per\\s+|\\/\\s*)(?<item>[a-z][a-z ]*?)\\s*$`, 'u');
const CONDITIONAL_RE =
  /kondisional|tentatif|situasional|menyesuaikan|sesuai\s+(?:kebutuhan|kondisi)|tergantung/u;
const SCHEDULED_RE = /sesuai\s+jadwal|terjadwal|jadwal/u;
const BLANK_RE = /^[\s\-–—.]*$/u;

function waktu(raw: string, category: WaktuCategory, extra: Partial<Waktu> = {}): Waktu {
  return {
    raw,
    category,
    min: null,
    max: null,
    unit: null,
    approximate: false,
    per_item: null,
    hari_kerja: false,
    unit_from_header: false,
    mixed_units: false,
    ...extra,
  };
}

function unitOf(word: string | undefined): [WaktuUnit | null, boolean] {
  if (!word) return [null, false];
  for (const [pattern, unit, hariKerja] of UNIT_WORDS) {
    if (new RegExp(`^(?:${pattern})$`, 'u').test(word.trim())) return [unit, hariKerja];
  }
  return [null, false];
}

function integer(text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`not an integer: ${text}`);
  return Number(text);
}

function number(text: string): number {
  const compact = text.replace(/ /g, '');
  const vulgar: Record<string, number> = { '½': 0.5, '¼': 0.25, '¾': 0.75 };
  if (compact in vulgar) return vulgar[compact] ?? 0;
  if (compact.includes('/')) {
    const [num = '', den = ''] = compact.split('/', 2);
    const d = integer(den);
    return d ? integer(num) / d : Number(num);
  }
  const value = Number(compact.replace(',', '.'));
  if (Number.isNaN(value)) throw new Error(`not a number: ${text}`);
  return value;
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

/** Parse one waktu cell; never throws. */
export function parseWaktu(rawInput: string | null, defaultUnit: WaktuUnit | null = null): Waktu {
  const raw = (rawInput ?? '').trim();
  let text = raw.toLowerCase().replace(/\s+/gu, ' ').trim();
  if (BLANK_RE.test(text)) return waktu(raw, 'blank');
  if (SCHEDULED_RE.test(text)) return waktu(raw, 'scheduled');
  if (CONDITIONAL_RE.test(text)) return waktu(raw, 'conditional');
  const approximate = APPROX_RE.test(text);
  text = text.replace(APPROX_ALL, ' ').trim();
  let perItem: string | null = null;
  const per = PER_RE.exec(text);
  if (per?.groups?.item !== undefined && !/^\d+$/.test(per.groups.item)) {
    perItem = per.groups.item.trim();
    text = text.slice(0, per.index).trim();
  }
  text = text.replace(/[.,;]+$/u, '').trim();
  try {
    return numeric(raw, text, defaultUnit, approximate, perItem);
  } catch {
    return waktu(raw, 'unparsed', { approximate, per_item: perItem });
  }
}

function numeric(
  raw: string,
  text: string,
  defaultUnit: WaktuUnit | null,
  approximate: boolean,
  perItem: string | null,
): Waktu {
  const unparsed = waktu(raw, 'unparsed', { approximate, per_item: perItem });
  let match = RANGE_RE.exec(text) ?? SINGLE_RE.exec(text);
  let isSum = false;
  if (!match) {
    match = SUM_RE.exec(text);
    isSum = match !== null;
  }
  const groups = match?.groups;
  if (!groups?.n1) return unparsed;
  let low = number(groups.n1);
  const [firstUnit, hk1] = unitOf(groups.u1);
  let unit1 = firstUnit;
  const high = groups.n2 ? number(groups.n2) : low;
  const [unit2, hk2] = groups.n2 ? unitOf(groups.u2) : [unit1, hk1];
  if (isSum) {
    if (unit1 === null || unit2 === null) return unparsed;
    const total = low * MINUTES_PER_UNIT[unit1] + high * MINUTES_PER_UNIT[unit2];
    const smaller = MINUTES_PER_UNIT[unit1] < MINUTES_PER_UNIT[unit2] ? unit1 : unit2;
    const value = round4(total / MINUTES_PER_UNIT[smaller]);
    return waktu(raw, 'numeric', {
      min: value,
      max: value,
      unit: smaller,
      approximate,
      per_item: perItem,
      hari_kerja: hk1 || hk2,
      mixed_units: unit1 !== unit2,
    });
  }
  let fromHeader = false;
  let unit: WaktuUnit | null = unit2 ?? unit1;
  if (unit === null) {
    if (defaultUnit === null) return unparsed;
    unit = defaultUnit;
    fromHeader = true;
  }
  unit1 ??= unit;
  const mixed = unit1 !== unit;
  if (mixed) low = round4((low * MINUTES_PER_UNIT[unit1]) / MINUTES_PER_UNIT[unit]);
  let [min, max] = [low, high];
  if (min > max) [min, max] = [max, min];
  return waktu(raw, 'numeric', {
    min,
    max,
    unit,
    approximate,
    per_item: perItem,
    hari_kerja: hk1 || hk2,
    unit_from_header: fromHeader,
    mixed_units: mixed,
  });
}
