/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { parseWaktu } from './waktu';
import type { WaktuUnit } from './waktu';

interface Case {
  raw: string;
  header_unit: WaktuUnit | null;
  expected: unknown;
}

// Recorded from the backend's parser (alur.domain.catalogue.importer.waktu.parse_waktu), which
// re-reads every waktu the server saves; tests/unit/catalogue/test_waktu_cases.py checks Python
// against the same file. The preview must read every one of these exactly as the server does.
const FIXTURE = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../../tests/fixtures/waktu_cases.json',
);
const CASES = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Case[];

describe('parseWaktu', () => {
  it.each(CASES.map((c) => [c.raw, c.header_unit, c.expected] as const))(
    'reads %j (header unit %j) as the server does',
    (raw, headerUnit, expected) => {
      expect(parseWaktu(raw, headerUnit)).toEqual(expected);
    },
  );

  it('uses a unit from the column header only for bare numbers', () => {
    expect(parseWaktu('15', 'minute')).toMatchObject({
      category: 'numeric', min: 15, max: 15, unit: 'minute', unit_from_header: true,
    });
    expect(parseWaktu('2 jam', 'minute')).toMatchObject({ unit: 'hour', unit_from_header: false });
  });
});
