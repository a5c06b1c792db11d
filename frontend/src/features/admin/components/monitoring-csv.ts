import type { MonitoringRow } from '@/api/generated';

function cell(value: string | number): string {
  const text = String(value);
  return /[",\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

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
  return `${lines.join('\n')}\n`;
}
