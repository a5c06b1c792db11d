import { describe, expect, it } from 'vitest';

import { sampleDocument } from './sample-document';
import { findingOf, placeOf } from './server-errors';
import { validateColumns } from './validate';
import { placeWarnings } from './warnings';
import { ApiError } from '@/lib/api-client';

describe('placeWarnings', () => {
  it('puts each import warning beside the step, column, unit or part it names', () => {
    const doc = sampleDocument();
    doc.warnings = [
      "Langkah 3: waktu 'segera' tidak dapat dibaca; langkah ini tidak diberi batas waktu.",
      'Langkah 2 (baris 120): sel di kolom tanpa judul dibaca sebagai output; periksa kolomnya.',
      "Kolom pelaksana 'Kasubag' tidak cocok dengan jabatan mana pun di struktur organisasi.",
      "Unit pemilik SOP ('BAGIAN X') tidak cocok dengan unit di struktur organisasi; tetapkan unitnya.",
      'Blok identitas tidak mencantumkan: tanggal revisi.',
      "Judul bagian 'Dasar Hukum' dan 'Keterkaitan' bertumpuk tanpa isi di antaranya.",
      '3 dari 4 langkah tidak memiliki pelaksana yang terbaca',
      'Langkah 9: tidak ada di SOP ini.',
    ];
    const placed = placeWarnings(doc);
    expect(placed.steps.get(3)).toHaveLength(1);
    expect(placed.steps.get(2)).toHaveLength(1);
    expect(placed.columns.get('kasubag')).toHaveLength(1);
    expect(placed.unit).toHaveLength(1);
    expect(placed.identity).toHaveLength(1);
    expect(placed.sections).toHaveLength(1);
    expect(placed.general).toEqual([
      '3 dari 4 langkah tidak memiliki pelaksana yang terbaca',
      'Langkah 9: tidak ada di SOP ini.',
    ]);
  });
});

describe('server findings', () => {
  it('reads the field an API refusal names, and where it belongs in the editor', () => {
    const refusal = new ApiError(422, {
      detail: 'tujuan keputusan 9 tidak ada',
      field: 'steps[2].decision',
    });
    expect(findingOf(refusal)).toEqual({
      field: 'steps[2].decision',
      reason: 'tujuan keputusan 9 tidak ada',
    });
    expect(placeOf('steps[2].decision')).toEqual({ kind: 'step', index: 2, field: 'decision' });
    expect(placeOf('steps')).toEqual({ kind: 'other' });
    expect(placeOf('performers[kasi].rule.code')).toEqual({ kind: 'column', key: 'kasi' });
    expect(placeOf('unit.unit_code')).toEqual({ kind: 'unit' });
    expect(placeOf('unit')).toEqual({ kind: 'unit' });
    expect(placeOf('identity.nomor_sop')).toEqual({ kind: 'sop' });
    expect(findingOf(new Error('boom'))).toEqual({ field: null, reason: 'boom' });
  });
});

describe('validateColumns', () => {
  it('needs every column linked to something that exists, and an owning unit when a rule uses it', () => {
    const columns = sampleDocument().performers;
    expect(validateColumns(columns, 'umum', new Set(['pengelola']))).toEqual([
      { kind: 'column-unlinked', step: 'Kasubag', blocking: true },
    ]);
    expect(validateColumns(columns.slice(0, 1), 'umum', new Set(['lain']))).toEqual([
      { kind: 'column-position', step: 'Pengelola', blocking: true },
    ]);
    // Without the org's positions loaded, a named position is left to the server to check.
    expect(validateColumns(columns.slice(0, 1), '', null)).toEqual([]);
    const ofUnit = [
      {
        key: 'kasi',
        header: 'Kasi',
        rule: { kind: 'position_of_unit' as const, position_kind: null, unit: 'owning' },
        provenance: 'edited' as const,
      },
    ];
    expect(validateColumns(ofUnit, '')).toEqual([
      { kind: 'column-kind', step: 'Kasi', blocking: true },
      { kind: 'unit', step: '', blocking: true },
    ]);
  });
});
