import { describe, expect, it } from 'vitest';

import { parseWaktu } from './waktu';

// Generated from the backend's parser (alur.domain.catalogue.importer.waktu.parse_waktu):
// the TypeScript port must normalise every one of these exactly as Python does.
const PYTHON = [
  {"raw": "10 menit", "category": "numeric", "min": 10, "max": 10, "unit": "minute", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "1-2 hari", "category": "numeric", "min": 1, "max": 2, "unit": "working_day", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "5 hari kerja", "category": "numeric", "min": 5, "max": 5, "unit": "working_day", "approximate": false, "per_item": null, "hari_kerja": true, "unit_from_header": false, "mixed_units": false},
  {"raw": "1 Minggu", "category": "numeric", "min": 1, "max": 1, "unit": "week", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "2 bulan", "category": "numeric", "min": 2, "max": 2, "unit": "month", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "± 30 menit", "category": "numeric", "min": 30, "max": 30, "unit": "minute", "approximate": true, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "3 - 5 Menit per surat", "category": "numeric", "min": 3, "max": 5, "unit": "minute", "approximate": false, "per_item": "surat", "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "1/4 jam", "category": "numeric", "min": 0.25, "max": 0.25, "unit": "hour", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "kondisional", "category": "conditional", "min": null, "max": null, "unit": null, "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "Sesuai jadwal", "category": "scheduled", "min": null, "max": null, "unit": null, "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "", "category": "blank", "min": null, "max": null, "unit": null, "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "-", "category": "blank", "min": null, "max": null, "unit": null, "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "15", "category": "unparsed", "min": null, "max": null, "unit": null, "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "30 menit s/d 5 hari", "category": "numeric", "min": 0.0667, "max": 5, "unit": "working_day", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": true},
  {"raw": "1 jam 30 menit", "category": "numeric", "min": 90, "max": 90, "unit": "minute", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": true},
  {"raw": "2 jam dan 15 menit", "category": "numeric", "min": 135, "max": 135, "unit": "minute", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": true},
  {"raw": "½ jam", "category": "numeric", "min": 0.5, "max": 0.5, "unit": "hour", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "¼", "category": "unparsed", "min": null, "max": null, "unit": null, "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "1,5 jam", "category": "numeric", "min": 1.5, "max": 1.5, "unit": "hour", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "paling lama 3 hari", "category": "numeric", "min": 3, "max": 3, "unit": "working_day", "approximate": true, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "maks. 2 jam", "category": "numeric", "min": 2, "max": 2, "unit": "hour", "approximate": true, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "7 hari / berkas", "category": "numeric", "min": 7, "max": 7, "unit": "working_day", "approximate": false, "per_item": "berkas", "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "2 s.d 3 hk", "category": "unparsed", "min": null, "max": null, "unit": null, "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "sekitar 1 tahun", "category": "numeric", "min": 1, "max": 1, "unit": "year", "approximate": true, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "3 thn", "category": "numeric", "min": 3, "max": 3, "unit": "year", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "5 hari - 2 jam", "category": "numeric", "min": 2, "max": 37.5, "unit": "hour", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": true},
  {"raw": "1.5/2 jam", "category": "unparsed", "min": null, "max": null, "unit": null, "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "1 jam/hari", "category": "numeric", "min": 1, "max": 1, "unit": "hour", "approximate": false, "per_item": "hari", "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "tergantung kebutuhan", "category": "conditional", "min": null, "max": null, "unit": null, "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "abc", "category": "unparsed", "min": null, "max": null, "unit": null, "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "2 minggu atau 1 bulan", "category": "numeric", "min": 0.4762, "max": 1, "unit": "month", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": true},
  {"raw": "60 Mnt.", "category": "numeric", "min": 60, "max": 60, "unit": "minute", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "2 hari kerja", "category": "numeric", "min": 2, "max": 2, "unit": "working_day", "approximate": false, "per_item": null, "hari_kerja": true, "unit_from_header": false, "mixed_units": false},
  {"raw": "1 sampai dengan 3 hari", "category": "numeric", "min": 1, "max": 3, "unit": "working_day", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "10menit", "category": "numeric", "min": 10, "max": 10, "unit": "minute", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "3 jm", "category": "numeric", "min": 3, "max": 3, "unit": "hour", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "1 hr", "category": "numeric", "min": 1, "max": 1, "unit": "working_day", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
  {"raw": "4 mgg", "category": "numeric", "min": 4, "max": 4, "unit": "week", "approximate": false, "per_item": null, "hari_kerja": false, "unit_from_header": false, "mixed_units": false},
];

describe('parseWaktu', () => {
  it.each(PYTHON.map((expected) => [expected.raw, expected] as const))(
    'reads %j as the backend does',
    (raw, expected) => {
      expect(parseWaktu(raw)).toEqual(expected);
    },
  );

  it('uses a unit from the column header only for bare numbers', () => {
    expect(parseWaktu('15', 'minute')).toMatchObject({
      category: 'numeric', min: 15, max: 15, unit: 'minute', unit_from_header: true,
    });
    expect(parseWaktu('2 jam', 'minute')).toMatchObject({ unit: 'hour', unit_from_header: false });
  });
});
