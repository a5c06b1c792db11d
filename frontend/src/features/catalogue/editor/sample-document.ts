/** A small SOP document in the API's shape, for the catalogue tests. */

import type { SopDetail } from '@/api/generated';

import type { SopDocument, Step } from './document';
import { parseWaktu } from './waktu';

const date = (label: string, raw: string | null, iso: string | null) => ({
  label,
  raw,
  date: iso,
  precision: iso ? ('day' as const) : null,
  provenance: raw ? ('read' as const) : ('missing' as const),
});

function step(position: number, change: Partial<Step> = {}): Step {
  return {
    position,
    number: String(position),
    activity: `Kegiatan ${String(position)}`,
    performer: 'staf',
    kelengkapan: null,
    waktu: parseWaktu('10 menit'),
    output: null,
    keterangan: null,
    kind: 'process',
    decision: null,
    marks: {},
    source_line: 100 + position,
    provenance: { performer: 'read', waktu: 'read' },
    ...change,
  };
}

export function sampleDocument(): SopDocument {
  return {
    schema_version: 1,
    sop_id: '004-11',
    tenant: 'kaltim',
    status: 'draft',
    content: 'complete',
    title: 'Kenaikan Gaji Berkala',
    source: { book: '004.txt', sha256: 'abc', line_start: 1, line_end: 90 },
    toc: null,
    identity: {
      nomor_sop: '067/SEK.UM',
      title: 'Kenaikan Gaji Berkala',
      tanggal_pembuatan: date('Tanggal Pembuatan', '08 November 2023', '2023-11-08'),
      tanggal_revisi: date('Tanggal Revisi', null, null),
      tanggal_efektif: date('Tanggal Efektif', '11 Desember 2023', '2023-12-11'),
      disahkan_oleh: {
        raw: 'Kepala Dinas Heni NIP. 1973',
        position: 'Kepala Dinas',
        name: 'Heni',
        nip: '1973',
        provenance: 'read',
      },
      provenance: { nomor_sop: 'read' },
    },
    sections: {
      dasar_hukum: ['UU 5/2014', 'PP 11/2017'],
      kualifikasi_pelaksana: [],
      keterkaitan: [],
      peralatan_perlengkapan: ['Komputer'],
      peringatan: [],
      pencatatan_pendataan: [],
      provenance: {},
    },
    unit: {
      raw: 'SUB BAGIAN UMUM',
      raw_provenance: 'read',
      unit_code: 'sub-bagian-umum',
      unit_code_provenance: 'inferred',
    },
    performers: [
      { key: 'staf', header: 'Pengelola', rule: { kind: 'position', code: 'pengelola' }, provenance: 'read' },
      {
        key: 'kasubag',
        header: 'Kasubag',
        rule: { kind: 'unresolved' },
        provenance: 'inferred',
      },
    ],
    steps: [
      step(1, { kind: 'start', output: 'Data' }),
      step(2, { performer: null, waktu: parseWaktu('1 Jam') }),
      step(3, { waktu: parseWaktu('15', 'minute'), provenance: { waktu: 'read' } }),
      step(4, { kind: 'end' }),
    ],
    warnings: ['3 dari 4 langkah tidak memiliki pelaksana yang terbaca'],
  };
}

export function sampleSop(
  versions: { id: string; number: number; status: string; document?: SopDocument }[],
): SopDetail {
  return {
    id: 'sop-1',
    key: '004-11',
    title: 'Kenaikan Gaji Berkala',
    unit_code: 'sub-bagian-umum',
    versions: versions.map((v) => ({
      id: v.id,
      sop_id: 'sop-1',
      number: v.number,
      status: v.status,
      origin: 'admin',
      published_at: null,
      document: v.document ?? sampleDocument(),
    })),
  };
}
