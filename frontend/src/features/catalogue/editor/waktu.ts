/** The waktu (time standard) parser of the SOP book importer
 * (backend/alur/domain/catalogue/importer/waktu.py), ported for the editor's live preview: the
 * server reads every saved waktu again from its text with its own parser (numbers sent are
 * never stored), so the preview must say what it will store. Both parsers are checked against
 * tests/fixtures/waktu_cases.json. The units and categories, and what each means, are listed
 * in docs/catalogue-import.md. */

import type { Waktu } from '@/api/generated';

/** The API's type (generated from the backend's model); the flags it defaults are optional. */
export type { Waktu } from '@/api/generated';
export type WaktuUnit = NonNullable<Waktu['unit']>;
export type WaktuCategory = Waktu['category'];
/** A waktu as this parser gives it: every field set, as the server stores it. */
export type ParsedWaktu = Required<Waktu>;

/** Minutes per unit in ASN working time (37.5 h a week, five days); a calendar day is the
 * office time of an average day of the week. */
export const MINUTES_PER_UNIT: Record<WaktuUnit, number> = {
  second: 1 / 60,
  minute: 1,
  hour: 60,
  calendar_hour: 2250 / 7 / 24,
  working_day: 450,
  calendar_day: 2250 / 7,
  week: 2250,
  month: 9450,
  year: 113400,
};

interface Unit {
  unit: WaktuUnit;
  /** "hari kerja" was written out */
  hariKerja: boolean;
  /** "1 x 24 jam" is 24 calendar hours, "1 triwulan" 3 months */
  factor: number;
}

const unitWord = (unit: WaktuUnit, hariKerja = false, factor = 1): Unit => ({
  unit,
  hariKerja,
  factor,
});

// Tried in order: longer spellings before their prefixes ("hari kerja" before "hari").
const UNIT_WORDS: [string, Unit][] = [
  ['hari\\s*kerja|hk', unitWord('working_day', true)],
  ['hari\\s*kalender|hr\\s*kalender', unitWord('calendar_day')],
  ['(?:[x×]|kali)\\s*24\\s*(?:jam|jm)', unitWord('calendar_hour', false, 24)],
  ['detik|dtk', unitWord('second')],
  ['menit|mnt|min', unitWord('minute')],
  ['jam\\s*kerja', unitWord('hour')], // office hours, like "jam"
  ['jam|jm', unitWord('hour')],
  ['hari|hr', unitWord('working_day')],
  ['minggu|pekan|mgg', unitWord('week')],
  ['triwulan|kuartal', unitWord('month', false, 3)],
  ['semester', unitWord('month', false, 6)],
  ['bulan|bln', unitWord('month')],
  ['tahun|thn', unitWord('year')],
];
// Python's \b is Unicode-aware (½ is a word character there); JavaScript's is not.
const W = '[\\p{L}\\p{N}_]';
const B = `(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))`;
const UNIT_RE = UNIT_WORDS.map(([w]) => `(?:${w})`).join('|');
const NUM = '\\d+(?:[.,]\\d+)?(?:\\s*\\/\\s*\\d+)?|½|¼|¾';
const part = (i: number) => `(?<n${String(i)}>${NUM})\\s*(?<u${String(i)}>${UNIT_RE})?${B}`;
const RANGE_SEP =
  '\\s*(?:-|–|—|~|s\\.?\\s*\\/\\s*d\\.?|s\\.\\s*d\\.?|sd|sampai(?:\\s+dengan)?|hingga|atau)\\s*';
const SINGLE_RE = new RegExp(`^${part(1)}$`, 'u');
const RANGE_RE = new RegExp(`^${part(1)}${RANGE_SEP}${part(2)}$`, 'u');
const SUM_RE = new RegExp(`^${part(1)}\\s*(?:dan\\s+)?${part(2)}$`, 'u');
// "2 x 45 menit": a count times a value ("n x 24 jam" itself is a unit, calendar hours).
const PRODUCT_RE = new RegExp(`^(?<a>${NUM})\\s*(?:[x×]|kali)\\s*${part(1)}$`, 'u');
// "60 menit (1 jam)": a value followed by its equivalent, which is read only as a check that
// it is a time value too; the first value counts.
const EQUIVALENT_RE = /^(?<head>.*?\S)\s*\((?<eq>[^()]*)\)$/u;
// "15'", "15’": a minute mark after a number (a double mark, seconds, is not read).
const MINUTE_MARK_RE = /(?<=\d)\s*['’′](?![\p{L}\p{N}_'’′"″])/gu;
// "5 mnt. - 10 mnt.": the dot of an abbreviated unit.
const ABBREVIATION_DOT_RE = new RegExp(`${B}(mnt|min|dtk|jm|hr|mgg|bln|thn|hk)\\.`, 'gu');
const APPROX =
  '±|\\+\\/-|\\+-|kurang\\s+lebih|kurang-lebih|lebih\\s+kurang|kira-kira|sekitar' +
  '|ma(?:ks|x)(?:imal|imum)?\\.?|paling\\s+(?:lama|lambat)|selambat-lambatnya' +
  '|tidak\\s+lebih\\s+dari|kurang\\s+dari|≤';
const APPROX_RE = new RegExp(APPROX, 'u');
const APPROX_ALL = new RegExp(APPROX, 'gu');
const PER_RE = new RegExp(
  `(?:${B}per\\s+|${B}(?:setiap|tiap)\\s+|\\/\\s*)(?<item>[a-z][a-z ]*?)\\s*$`,
  'u',
);
const SCHEDULED_RE = new RegExp(
  `sesuai\\s+jadwal|terjadwal|jadwal|^(?:setiap|tiap)${B}|${B}rutin${B}|${B}berkala${B}|periodik`,
  'u',
);
const BUDGET_YEAR_RE =
  /tahun\s+anggaran|(?<![a-z])t\s*\.\s*a(?![a-z])|^(?:\d+\s*)?ta\.?(?:\s*\d{4})?$/u;
const CONDITIONAL_RE = new RegExp(
  `kondisional|tentatif|situasional|menyesuaikan|disesuaikan|${B}sesuai${B}|tergantung` +
    '|bergantung|bervariasi|insidentil|insidental|tidak\\s+tentu|fleksibel',
  'u',
);
const BLANK_RE = /^[\s\-–—.]*$/u;

// Numbers written out: "lima", "tiga puluh", "seratus dua puluh", "satu setengah".
const ONES: Record<string, number> = {
  satu: 1,
  dua: 2,
  tiga: 3,
  empat: 4,
  lima: 5,
  enam: 6,
  tujuh: 7,
  delapan: 8,
  sembilan: 9,
};
const ONE = Object.keys(ONES).join('|');
const U100 = `sepuluh|sebelas|(?:${ONE})\\s+belas|(?:${ONE})\\s+puluh(?:\\s+(?:${ONE}))?|(?:${ONE})`;
const U1000 = `(?:seratus|(?:${ONE})\\s+ratus)(?:\\s+(?:${U100}))?|(?:${U100})`;
const INT = `(?:seribu|(?:${U1000})\\s+ribu)(?:\\s+(?:${U1000}))?|(?:${U1000})`;
const NUMBER_WORDS_RE = new RegExp(
  `^(?:(?:${INT})(?:\\s+(?:setengah))?|setengah|seperempat)$`,
  'u',
);
const WORD = `${ONE}|sepuluh|sebelas|belas|puluh|seratus|ratus|seribu|ribu|setengah|seperempat`;
const WORD_RUN_RE = new RegExp(`${B}(?:${WORD})(?:\\s+(?:${WORD}))*${B}`, 'gu');
const SE_UNIT_RE = new RegExp(`${B}se(detik|menit|jam|hari|minggu|pekan|bulan|tahun)${B}`, 'gu');
const DIGITS_AND_WORDS_RE = /(?<a>\d+(?:[.,]\d+)?)\s*\(\s*(?<b>\d+(?:[.,]\d+)?)\s*\)/gu;
const WORD_VALUES: Record<string, number> = {
  ...ONES,
  sepuluh: 10,
  sebelas: 11,
  seratus: 100,
  seribu: 1000,
  setengah: 0.5,
  seperempat: 0.25,
};

function waktu(raw: string, category: WaktuCategory, extra: Partial<Waktu> = {}): ParsedWaktu {
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

function unitOf(word: string | undefined): Unit | null {
  if (!word) return null;
  for (const [pattern, unit] of UNIT_WORDS) {
    if (new RegExp(`^(?:${pattern})$`, 'u').test(word.trim())) return unit;
  }
  return null;
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

/** The value of written-out Indonesian number words, or null if they are not a number. */
function wordsValue(words: string): number | null {
  if (!NUMBER_WORDS_RE.test(words)) return null;
  let total = 0;
  let current = 0;
  let last = 0;
  for (const word of words.split(' ')) {
    const one = ONES[word];
    if (one !== undefined) {
      last = one;
      current += one;
    } else if (word === 'belas') {
      current += 10; // "dua belas": 2 + 10
    } else if (word === 'puluh') {
      current += last * 9; // "dua puluh": 2 + 2 * 9
    } else if (word === 'ratus') {
      current += last * 99;
    } else if (word === 'ribu') {
      total += current * 1000; // the group so far, times a thousand
      current = 0;
    } else {
      current += WORD_VALUES[word] ?? 0;
    }
  }
  return total + current;
}

/** Numbers as digits: "sehari" → "1 hari", "tiga puluh" → "30", "5 (lima)" → "5". */
function spellOut(input: string): string {
  const text = input
    .replace(SE_UNIT_RE, '1 $1')
    .replace(WORD_RUN_RE, (run) => {
      const value = wordsValue(run.replace(/\s+/gu, ' '));
      return value === null ? run : String(value);
    });
  return text.replace(DIGITS_AND_WORDS_RE, (whole, a: string, b: string) => {
    if (Number(a.replace(',', '.')) !== Number(b.replace(',', '.'))) {
      throw new Error(`the digits and the words disagree: ${whole}`);
    }
    return a;
  });
}

/** Parse one waktu cell; never throws. */
export function parseWaktu(
  rawInput: string | null,
  defaultUnit: WaktuUnit | null = null,
): ParsedWaktu {
  const raw = (rawInput ?? '').trim();
  let text = raw.toLowerCase().replace(/\s+/gu, ' ').trim();
  if (BLANK_RE.test(text)) return waktu(raw, 'blank');
  if (SCHEDULED_RE.test(text)) return waktu(raw, 'scheduled');
  if (BUDGET_YEAR_RE.test(text)) return waktu(raw, 'budget_year');
  if (CONDITIONAL_RE.test(text)) return waktu(raw, 'conditional');
  const approximate = APPROX_RE.test(text);
  text = text.replace(APPROX_ALL, ' ').trim();
  let perItem: string | null = null;
  try {
    text = spellOut(text).replace(MINUTE_MARK_RE, ' menit').replace(ABBREVIATION_DOT_RE, '$1');
    const per = PER_RE.exec(text);
    if (per?.groups?.item !== undefined && !/^\d+$/.test(per.groups.item)) {
      perItem = per.groups.item.trim();
      text = text.slice(0, per.index).trim();
    }
    text = text.replace(/[.,;]+$/u, '').trim();
    return numeric(raw, text, defaultUnit, approximate, perItem);
  } catch {
    return waktu(raw, 'unparsed', { approximate, per_item: perItem });
  }
}

/** A value, or a value followed by its equivalent in parentheses: "1 jam (60 menit)". */
function numeric(
  raw: string,
  text: string,
  defaultUnit: WaktuUnit | null,
  approximate: boolean,
  perItem: string | null,
): ParsedWaktu {
  const result = readValue(raw, text, defaultUnit, approximate, perItem);
  const equivalent = result.category !== 'numeric' ? EQUIVALENT_RE.exec(text) : null;
  if (equivalent?.groups?.head !== undefined && equivalent.groups.eq !== undefined) {
    const check = readValue(raw, equivalent.groups.eq.trim(), null, approximate, perItem);
    const head = readValue(raw, equivalent.groups.head, defaultUnit, approximate, perItem);
    if (check.category === 'numeric' && head.category === 'numeric') return head;
  }
  return result;
}

function readValue(
  raw: string,
  text: string,
  defaultUnit: WaktuUnit | null,
  approximate: boolean,
  perItem: string | null,
): ParsedWaktu {
  const unparsed = waktu(raw, 'unparsed', { approximate, per_item: perItem });
  let match = RANGE_RE.exec(text) ?? SINGLE_RE.exec(text);
  let isSum = false;
  if (!match) {
    match = SUM_RE.exec(text);
    isSum = match !== null;
  }
  if (!match) {
    const product = PRODUCT_RE.exec(text)?.groups;
    const times = unitOf(product?.u1);
    if (product?.a === undefined || product.n1 === undefined || times === null) return unparsed;
    const total = round4(number(product.a) * number(product.n1) * times.factor);
    return waktu(raw, 'numeric', {
      min: total,
      max: total,
      unit: times.unit,
      approximate,
      per_item: perItem,
      hari_kerja: times.hariKerja,
    });
  }
  const groups = match.groups;
  if (!groups?.n1) return unparsed;
  let low = number(groups.n1);
  const unit1 = unitOf(groups.u1);
  let high = groups.n2 ? number(groups.n2) : low;
  const unit2 = groups.n2 ? unitOf(groups.u2) : unit1;
  const hariKerja = (unit1?.hariKerja ?? false) || (unit2?.hariKerja ?? false);
  if (isSum) {
    if (unit1 === null || unit2 === null) return unparsed;
    const total =
      low * unit1.factor * MINUTES_PER_UNIT[unit1.unit] +
      high * unit2.factor * MINUTES_PER_UNIT[unit2.unit];
    const smaller =
      MINUTES_PER_UNIT[unit2.unit] < MINUTES_PER_UNIT[unit1.unit] ? unit2.unit : unit1.unit;
    const value = round4(total / MINUTES_PER_UNIT[smaller]);
    return waktu(raw, 'numeric', {
      min: value,
      max: value,
      unit: smaller,
      approximate,
      per_item: perItem,
      hari_kerja: hariKerja,
      mixed_units: unit1.unit !== unit2.unit,
    });
  }
  let fromHeader = false;
  let stated = unit2 ?? unit1;
  if (stated === null) {
    if (defaultUnit === null) return unparsed;
    stated = unitWord(defaultUnit);
    fromHeader = true;
  }
  const first = unit1 ?? stated;
  const second = unit2 ?? stated;
  if (first.factor !== 1) low = round4(low * first.factor);
  if (second.factor !== 1) high = round4(high * second.factor);
  const unit = stated.unit;
  const mixed = first.unit !== unit;
  if (mixed) low = round4((low * MINUTES_PER_UNIT[first.unit]) / MINUTES_PER_UNIT[unit]);
  let [min, max] = [low, high];
  if (min > max) [min, max] = [max, min];
  return waktu(raw, 'numeric', {
    min,
    max,
    unit,
    approximate,
    per_item: perItem,
    hari_kerja: hariKerja,
    unit_from_header: fromHeader,
    mixed_units: mixed,
  });
}
