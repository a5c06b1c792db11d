import type { MonitoringRow } from '@/api/generated';

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is written as text. */
function cell(value: string | number): string {
  const raw = String(value);
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Excel reads a CSV as UTF-8 only when it starts with a byte-order mark. */
const BOM = '\ufeff';

/** Permenpan Tabel 7 as CSV (semicolons, as Indonesian spreadsheets expect). */
export function monitoringCsv(
  rows: MonitoringRow[],
  headers: [string, string, string, string, string],
  verdict: (row: MonitoringRow) => string,
): string {
  const lines = [headers.map(cell).join(';')];
  for (const row of rows) {
    lines.push(
      [row.no, `${row.sop_key} ${row.prosedur}`, verdict(row), row.catatan, row.tindakan]
        .map(cell)
        .join(';'),
    );
  }
  return `${BOM}${lines.join('\n')}\n`;
}
