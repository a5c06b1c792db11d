import { describe, expect, it } from 'vitest';

import { translate } from '@/lib/i18n';
import type { MessageKey } from '@/lib/i18n';

import { formatPath, formatValue, orderEntries } from './diff-path';

const id = (key: MessageKey, vars?: Readonly<Record<string, string | number>>) =>
  translate('id', key, vars);
const en = (key: MessageKey, vars?: Readonly<Record<string, string | number>>) =>
  translate('en', key, vars);

const context = {
  steps: [
    { number: '1', position: 1 },
    { number: '2', position: 2 },
    { number: '2a', position: 3 },
  ],
  performers: [
    { key: 'staf', header: 'Pelaksana' },
    { key: 'kasi', header: 'Kasi' },
  ],
};

describe('formatPath', () => {
  it.each([
    ['steps[2].waktu.raw', 'Langkah 2a · Waktu'],
    ['steps[1].waktu.max', 'Langkah 2 · Waktu · batas atas'],
    ['steps[1].waktu.unit', 'Langkah 2 · Waktu · satuan'],
    ['steps[0].output', 'Langkah 1 · Output'],
    ['steps[0].kelengkapan', 'Langkah 1 · Kelengkapan'],
    ['steps[1].performer', 'Langkah 2 · Pelaksana'],
    ['steps[1].decision.yes_target', 'Langkah 2 · Keputusan · tujuan ya'],
    ['steps[1].provenance.waktu', 'Langkah 2 · Asal data · Waktu'],
    ['steps[7].activity', 'Langkah 8 · Kegiatan'],
    ['title', 'Nama SOP'],
    ['identity.nomor_sop', 'Nomor SOP'],
    ['identity.tanggal_revisi.raw', 'Tanggal Revisi'],
    ['identity.tanggal_revisi.date', 'Tanggal Revisi · tanggal'],
    ['identity.disahkan_oleh.name', 'Disahkan oleh · nama'],
    ['sections.dasar_hukum[1]', 'Dasar Hukum · butir 2'],
    ['sections.peringatan', 'Peringatan'],
    ['unit.unit_code', 'Unit pemilik · kode unit'],
    ['performers[kasi]', "Pelaksana 'Kasi'"],
    ['performers[1].rule.code', "Pelaksana 'Kasi' · pemetaan jabatan · code"],
    ['warnings[0]', 'Catatan impor · butir 1'],
    ['steps', 'Langkah'],
  ])('%s → %s', (path, words) => {
    expect(formatPath(path, id, context)).toBe(words);
  });

  it('numbers steps by position in the list without a document', () => {
    expect(formatPath('steps[2].waktu.raw', id)).toBe('Langkah 3 · Waktu');
  });

  it('speaks English too', () => {
    expect(formatPath('steps[2].waktu.raw', en, context)).toBe('Step 2a · Time');
  });
});

describe('formatValue', () => {
  it('writes values humanly', () => {
    expect(formatValue(null, id)).toBe('—');
    expect(formatValue('', id)).toBe('—');
    expect(formatValue('1-2 hari', id)).toBe('1-2 hari');
    expect(formatValue(2, id)).toBe('2');
    expect(formatValue(true, id)).toBe('Ya');
    expect(formatValue([], id)).toBe('(kosong)');
    expect(formatValue({ kind: 'external' }, id)).toBe('{"kind":"external"}');
    expect(formatValue('working_day', id, 'steps[1].waktu.unit')).toBe('hari kerja');
    expect(formatValue('working_day', id, 'steps[1].output')).toBe('working_day');
  });
});

describe('orderEntries', () => {
  it('puts steps in their order and the written value before what was read from it', () => {
    const paths = [
      'steps[10].output',
      'steps[1].waktu.max',
      'steps[1].waktu.raw',
      'steps[1].output',
      'steps[2].waktu.raw',
      'title',
    ];
    expect(orderEntries(paths.map((path) => ({ path }))).map((e) => e.path)).toEqual([
      'steps[1].output',
      'steps[1].waktu.raw',
      'steps[1].waktu.max',
      'steps[2].waktu.raw',
      'steps[10].output',
      'title',
    ]);
  });
});
