import { describe, expect, it } from 'vitest';

import { applyEdits, editableSop, editableSteps, parseDate } from './document';
import { sampleDocument } from './sample-document';

describe('applyEdits', () => {
  it('gives back exactly the same document when nothing was edited', () => {
    const doc = sampleDocument();
    expect(applyEdits(doc, editableSop(doc), editableSteps(doc))).toEqual(doc);
  });

  it('normalises an edited waktu as the importer does, and keeps unchanged ones as they were', () => {
    const doc = sampleDocument();
    const steps = editableSteps(doc).map((s) =>
      s.position === 2 ? { ...s, waktu: '1-2 hari', output: 'Berkas lengkap', kelengkapan: 'SK' } : s,
    );
    const edited = applyEdits(doc, editableSop(doc), steps);
    expect(edited.steps[1]).toMatchObject({
      waktu: { raw: '1-2 hari', category: 'numeric', min: 1, max: 2, unit: 'working_day' },
      output: 'Berkas lengkap',
      kelengkapan: 'SK',
    });
    // "15" came from a "WAKTU (menit)" column in the book: its normalised form stays.
    expect(edited.steps[2]?.waktu).toBe(doc.steps[2]?.waktu);
    expect(edited.steps[2]?.waktu).toMatchObject({ min: 15, unit: 'minute', unit_from_header: true });
  });

  it('writes decision targets, and drops them when a step stops being a decision', () => {
    const doc = sampleDocument();
    const steps = editableSteps(doc).map((s) =>
      s.position === 2 ? { ...s, kind: 'decision' as const, yesTarget: 3, noTarget: null } : s,
    );
    const edited = applyEdits(doc, editableSop(doc), steps);
    expect(edited.steps[1]?.decision).toEqual({
      yes_target: 3,
      no_target: null,
      yes_label: 'Ya',
      no_label: 'Tidak',
      provenance: 'read',
    });
    const back = editableSteps(edited).map((s) => (s.position === 2 ? { ...s, kind: 'process' as const } : s));
    expect(applyEdits(edited, editableSop(edited), back).steps[1]?.decision).toBeNull();
  });

  it('applies the SOP-level fields: name, number, dates, signatory, sections, unit', () => {
    const doc = sampleDocument();
    const sop = editableSop(doc);
    const edited = applyEdits(
      doc,
      {
        ...sop,
        title: 'Kenaikan Gaji Berkala PNS ',
        nomor: '068/SEK.UM',
        unitCode: '',
        dates: { ...sop.dates, tanggal_revisi: '2 Januari 2025' },
        signer: { position: 'Kepala Dinas', name: 'Budi', nip: '1980' },
        sections: { ...sop.sections, dasar_hukum: 'UU 5/2014\n\n  PP 17/2020  \n' },
      },
      editableSteps(doc),
    );
    expect(edited.title).toBe('Kenaikan Gaji Berkala PNS');
    expect(edited.identity.title).toBe('Kenaikan Gaji Berkala PNS');
    expect(edited.identity.nomor_sop).toBe('068/SEK.UM');
    expect(edited.unit.unit_code).toBeNull();
    expect(edited.identity.tanggal_revisi).toEqual({
      label: 'Tanggal Revisi',
      raw: '2 Januari 2025',
      date: '2025-01-02',
      precision: 'day',
      provenance: 'read',
    });
    expect(edited.identity.disahkan_oleh).toEqual({
      raw: 'Kepala Dinas Budi NIP. 1980',
      position: 'Kepala Dinas',
      name: 'Budi',
      nip: '1980',
      provenance: 'read',
    });
    expect(edited.sections.dasar_hukum).toEqual(['UU 5/2014', 'PP 17/2020']);
    expect(edited.identity.tanggal_pembuatan).toBe(doc.identity.tanggal_pembuatan);
  });
});

describe('parseDate', () => {
  it('reads dates as the importer does', () => {
    expect(parseDate('x', '08 November 2023')).toMatchObject({ date: '2023-11-08', precision: 'day' });
    expect(parseDate('x', 'Maret 2024')).toMatchObject({ date: '2024-03', precision: 'month' });
    expect(parseDate('x', '8/12/2023')).toMatchObject({ date: '2023-12-08', precision: 'day' });
    expect(parseDate('x', 'belum')).toMatchObject({ raw: 'belum', date: null, provenance: 'read' });
    expect(parseDate('x', '  ')).toMatchObject({ raw: null, provenance: 'missing' });
  });
});
