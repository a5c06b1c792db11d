import { describe, expect, it } from 'vitest';

import { monitoringCsv } from './monitoring-csv';

describe('monitoringCsv', () => {
  it('writes one line per procedure and quotes what would break a cell', () => {
    const csv = monitoringCsv(
      [
        {
          no: 1,
          sop_id: 'x',
          sop_key: '003-02',
          prosedur: 'Pengelolaan Surat Keluar',
          berjalan_baik: false,
          catatan: '2 kasus; langkah tepat waktu 75%',
          tindakan: 'Evaluasi langkah 4',
          on_time_rate: 0.75,
          finished: 2,
        },
      ],
      ['No', 'Prosedur', 'Penilaian', 'Catatan', 'Tindakan'],
      (row) => (row.berjalan_baik ? 'Baik' : 'Tidak'),
    );
    expect(csv).toBe(
      '\ufeffNo;Prosedur;Penilaian;Catatan;Tindakan\n' +
        '1;003-02 Pengelolaan Surat Keluar;Tidak;"2 kasus; langkah tepat waktu 75%";Evaluasi langkah 4\n',
    );
  });

  it('writes a cell a spreadsheet would run as a formula as text', () => {
    const row = {
      no: 2,
      sop_id: 'y',
      sop_key: '003-03',
      prosedur: 'Surat',
      berjalan_baik: true,
      catatan: '=HYPERLINK("http://x","klik")',
      tindakan: '@SUM(A1)',
      on_time_rate: 1,
      finished: 5,
    };
    const csv = monitoringCsv([row], ['No', 'P', 'N', 'C', 'T'], () => '+1');
    const line = csv.split('\n')[1];
    expect(line).toBe(`2;003-03 Surat;'+1;"'=HYPERLINK(""http://x"",""klik"")";'@SUM(A1)`);
  });
});
