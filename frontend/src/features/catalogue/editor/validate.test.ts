import { describe, expect, it } from 'vitest';

import type { EditableStep } from './document';
import { validateSop, validateSteps } from './validate';
import { parseWaktu } from './waktu';

function step(position: number, change: Partial<EditableStep> = {}): EditableStep {
  return {
    position,
    number: String(position),
    kind: 'process',
    activity: 'Memeriksa berkas',
    performer: 'staf',
    kelengkapan: '',
    waktu: '10 menit',
    originalWaktu: parseWaktu('10 menit'),
    output: '',
    yesTarget: null,
    noTarget: null,
    ...change,
  };
}

describe('validateSteps', () => {
  const columns = ['staf', 'kasi'];

  it('accepts steps that all have an activity, a known performer and a readable waktu', () => {
    expect(validateSteps([step(1), step(2, { performer: 'kasi' })], columns)).toEqual([]);
  });

  it('names each step without a performer, with an unknown one, or without an activity', () => {
    expect(
      validateSteps(
        [
          step(1, { performer: null }),
          step(2, { number: null, activity: '  ' }),
          step(3, { performer: 'tamu' }),
        ],
        columns,
      ),
    ).toEqual([
      { kind: 'performer', step: '1', blocking: true },
      { kind: 'activity', step: '2', blocking: true },
      { kind: 'performer', step: '3', blocking: true },
    ]);
  });

  it('blocks a waktu the admin typed that cannot be read, and only notes one from the book', () => {
    expect(
      validateSteps(
        [
          step(1, { waktu: 'besok pagi' }),
          step(2, { waktu: '15', originalWaktu: parseWaktu('15') }),
          step(3, { waktu: '1-2 hari', originalWaktu: parseWaktu('15') }),
          // A bare number the book's "WAKTU (menit)" header gave a unit to stays readable.
          step(6, { waktu: '15', originalWaktu: parseWaktu('15', 'minute') }),
          step(4, { waktu: 'kondisional' }),
          step(5, { waktu: '' }),
        ],
        columns,
      ),
    ).toEqual([
      { kind: 'waktu', step: '1', blocking: true },
      { kind: 'waktu-book', step: '2', blocking: false },
    ]);
  });

  it('needs a decision to lead somewhere that exists, and not back to itself', () => {
    const steps = [
      step(1, { kind: 'decision', yesTarget: null, noTarget: null }),
      step(2, { kind: 'decision', yesTarget: 3, noTarget: 9 }),
      step(3, { kind: 'decision', yesTarget: 3, noTarget: null }),
      step(4, { kind: 'decision', yesTarget: 1, noTarget: null }),
      step(5, { kind: 'end' }),
    ];
    expect(validateSteps(steps, columns)).toEqual([
      { kind: 'decision-missing', step: '1', blocking: true },
      { kind: 'decision-target', step: '2', blocking: true },
      { kind: 'decision-self', step: '3', blocking: true },
    ]);
  });

  it('ignores targets left on a step that is no longer a decision', () => {
    expect(validateSteps([step(1, { kind: 'process', yesTarget: 7 })], columns)).toEqual([]);
  });
});

describe('validateSop', () => {
  it('needs a name', () => {
    const sop = {
      title: ' ',
      nomor: '',
      unitCode: '',
      dates: { tanggal_pembuatan: '', tanggal_revisi: '', tanggal_efektif: '' },
      signer: { position: '', name: '', nip: '' },
      sections: {
        dasar_hukum: '',
        kualifikasi_pelaksana: '',
        keterkaitan: '',
        peralatan_perlengkapan: '',
        peringatan: '',
        pencatatan_pendataan: '',
      },
    };
    expect(validateSop(sop)).toEqual([{ kind: 'title', step: '', blocking: true }]);
    expect(validateSop({ ...sop, title: 'Surat masuk' })).toEqual([]);
  });
});
