import { describe, expect, it } from 'vitest';

import { validateSteps } from './validate';

describe('validateSteps', () => {
  const columns = ['staf', 'kasi'];

  it('accepts steps that all have an activity and a known performer', () => {
    expect(
      validateSteps(
        [
          { position: 1, number: '1', activity: 'Menerima surat', performer: 'staf' },
          { position: 2, number: '2', activity: 'Memeriksa', performer: 'kasi' },
        ],
        columns,
      ),
    ).toEqual([]);
  });

  it('names each step without a performer, with an unknown one, or without an activity', () => {
    expect(
      validateSteps(
        [
          { position: 1, number: '1', activity: 'Menerima surat', performer: null },
          { position: 2, number: null, activity: '  ', performer: 'kasi' },
          { position: 3, number: '3', activity: 'Arsip', performer: 'tamu' },
        ],
        columns,
      ),
    ).toEqual([
      { kind: 'performer', step: '1' },
      { kind: 'activity', step: '2' },
      { kind: 'performer', step: '3' },
    ]);
  });
});
