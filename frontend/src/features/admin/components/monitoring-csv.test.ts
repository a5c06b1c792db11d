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
      'No;Prosedur;Penilaian;Catatan;Tindakan\n' +
        '1;003-02 Pengelolaan Surat Keluar;Tidak;"2 kasus; langkah tepat waktu 75%";Evaluasi langkah 4\n',
    );
  });
});
