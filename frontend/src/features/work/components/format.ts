/** Date and duration formats for work data, in the office's own time zone. */

const ZONE_NAMES: Readonly<Record<string, string>> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

// Building an Intl.DateTimeFormat costs far more than using one: a table of 25 tasks, redrawn
// at every poll, asks for the same one each time.
const momentFormats = new Map<string, Intl.DateTimeFormat>();

export function formatMoment(iso: string, timeZone: string, lang: string): string {
  const key = `${lang}|${timeZone}`;
  let format = momentFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
      timeZone,
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    momentFormats.set(key, format);
  }
  return `${format.format(new Date(iso))} ${ZONE_NAMES[timeZone] ?? timeZone}`;
}

/** Office minutes as "45 mnt", "3,5 jam" or "2 hari" (a day is 450 office minutes). */
export function formatMinutes(minutes: number, lang: string): string {
  const en = lang === 'en';
  if (minutes < 120) return `${Math.round(minutes)} ${en ? 'min' : 'mnt'}`;
  if (minutes < 450 * 2) {
    const hours = (minutes / 60).toLocaleString(en ? 'en-GB' : 'id-ID', {
      maximumFractionDigits: 1,
    });
    return `${hours} ${en ? 'h' : 'jam'}`;
  }
  const days = (minutes / 450).toLocaleString(en ? 'en-GB' : 'id-ID', {
    maximumFractionDigits: 1,
  });
  return `${days} ${en ? 'days' : 'hari'}`;
}

export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '–' : `${Math.round(rate * 100)}%`;
}
