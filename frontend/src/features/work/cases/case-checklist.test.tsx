import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { AuditEventOut, CaseDetail } from '@/api/generated';
import { dictionaries } from '@/lib/messages';
import { renderWithProviders } from '@/testing/render';

import { auditWords } from './audit-words';
import { CaseChecklist } from './case-checklist';

const step = (position: number, activity: string, extra: object = {}) => ({
  position, number: String(position), kind: 'process', activity, performer: 'Kasi',
  waktu_raw: '1 jam', standard_minutes: 60, output: null, next_position: position + 1,
  yes_target: null, no_target: null, ...extra,
});
const task = (position: number, extra: object) => ({
  id: `t${String(position)}${JSON.stringify(extra).length}`, case_id: 'c1', case_number: 'K-1',
  case_subject: 's', sop_title: 'SOP', step_position: position, step_number: String(position),
  step_kind: 'process', activity: 'a', position_id: 'p', position_code: 'kasi',
  position_title: 'Kepala Seksi', external_party: null, routing: 'jabatan Kepala Seksi',
  status: 'completed', claimed_by: null, claimed_by_name: null,
  activated_at: '2026-12-01T01:00:00Z', waktu_raw: '1 jam', standard_minutes: 60,
  at_risk_at: null, due_at: null, completed_at: '2026-12-01T01:30:00Z', completed_by: 'u',
  completed_by_name: 'Budi', outcome: 'done', note: '', worked_minutes: 30,
  counts_for_office: true, sla: 'done', escalation_level: 0, holders: [], ...extra,
});

const DETAIL = {
  case: { status: 'open' },
  steps: [
    step(1, 'Menerima berkas'),
    step(2, 'Memeriksa kelengkapan', { kind: 'decision', next_position: null, yes_target: 3, no_target: 1 }),
    step(3, 'Menandatangani surat', { performer: 'Kabid', next_position: null }),
  ],
  tasks: [
    task(1, {}),
    task(2, { outcome: 'tidak', note: 'Lampiran kurang', step_kind: 'decision' }),
    task(1, { status: 'active', outcome: null, completed_at: null, completed_by_name: null,
      sla: 'on_track', due_at: '2026-12-01T03:00:00Z', holders: ['Sari'],
      routing: 'jabatan Staf; posisi Staf kosong, diteruskan ke Kepala Seksi' }),
  ],
  documents: [],
  current_remaining_minutes: 45,
} as unknown as CaseDetail;

describe('CaseChecklist', () => {
  it('shows every step: what happened, who holds the current one, and what comes', () => {
    renderWithProviders(<CaseChecklist detail={DETAIL} timeZone="Asia/Jakarta" />);
    const [one, two, three] = screen.getAllByRole('listitem');
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
    if (!one || !two || !three) throw new Error('three steps');
    const decision = within(two);
    expect(decision.getByText(/Ya → 3\. Menandatangani surat/)).toBeInTheDocument();
    expect(decision.getByText(/Tidak → 1\. Menerima berkas/)).toBeInTheDocument();
    expect(decision.getByText('Catatan: Lampiran kurang')).toBeInTheDocument();
    expect(decision.getByText('Keputusan: tidak')).toBeInTheDocument();
    const first = within(one);
    expect(first.getByText(/Menunggu: Sari/)).toBeInTheDocument();
    expect(first.getByText(/sisa 45 mnt waktu kerja/)).toBeInTheDocument();
    expect(first.getByRole('note')).toHaveTextContent('diteruskan ke Kepala Seksi');
    expect(within(three).getByText('Belum sampai di langkah ini')).toBeInTheDocument();
  });
});

describe('auditWords', () => {
  const t = (key: string, params: Record<string, string | number> = {}) =>
    Object.entries(params).reduce(
      (text, [k, v]) => text.replace(`{${k}}`, String(v)),
      (dictionaries.id as Record<string, string>)[key] ?? key,
    );
  const event = (action: string, after: unknown) =>
    ({ action, after, before: null }) as unknown as AuditEventOut;

  it('reads the trail as sentences, with the step and the decision', () => {
    expect(auditWords(t, event('case.started', {}))).toBe('memulai kasus');
    expect(auditWords(t, event('task.decided', { step: '4', outcome: 'tidak' }))).toBe(
      'memutuskan langkah 4: Tidak',
    );
    expect(auditWords(t, event('task.activated', { number: '5', step: 5 }))).toBe(
      'langkah 5 mulai berjalan',
    );
    expect(auditWords(t, event('something.new', {}))).toBe('something.new');
  });
});

describe('routing in the reader\u2019s language', () => {
  it('says a vacant post and a delegation again in English', async () => {
    const { vacancyWords, movedWords } = await import('./routing-words');
    const en = (key: string, params: Record<string, string | number> = {}) =>
      Object.entries(params).reduce(
        (text, [k, v]) => text.replace(`{${k}}`, String(v)),
        (dictionaries.en as Record<string, string>)[key] ?? key,
      );
    expect(
      vacancyWords(en, 'jabatan Kepala Sub Bagian; posisi Kepala Sub Bagian kosong, diteruskan ke Sekretaris'),
    ).toBe('The post Kepala Sub Bagian is vacant; passed on to Sekretaris');
    expect(movedWords(en, 'didelegasikan kepada Rina: sedang cuti')).toBe('delegated to Rina: sedang cuti');
    expect(movedWords(en, 'jabatan Kasi')).toBeNull();
    expect(vacancyWords(en, 'jabatan Kasi')).toBeNull();
  });
});
