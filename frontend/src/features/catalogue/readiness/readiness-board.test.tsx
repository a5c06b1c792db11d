import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { ReadinessItem, ReadinessPage } from '@/api/generated';
import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { ReadinessBoard } from './readiness-board';

const UNITS = {
  total: 1,
  limit: 200,
  offset: 0,
  items: [
    {
      id: 'u-1', code: 'sub-bagian-umum', name: 'Sub Bagian Umum', kind: 'sub_bagian', note: '',
      origin: 'file', source: 'file', active: true, parent_id: null,
    },
  ],
};
const POSITIONS = {
  total: 1,
  limit: 200,
  offset: 0,
  items: [
    {
      id: 'p-1', code: 'kasubbag-umum', title: 'Kepala Sub Bagian Umum', kind: 'kasubbag',
      unit_id: 'u-1', supervisor_id: null, note: '', origin: 'file', source: 'file',
      active: true,
    },
  ],
};

function item(n: number, over: Partial<ReadinessItem> = {}): ReadinessItem {
  return {
    id: `sop-${String(n)}`,
    key: `003-0${String(n)}`,
    title: `Pengelolaan surat ${String(n)}`,
    unit_code: 'sub-bagian-umum',
    version_id: `v-${String(n)}`,
    version_number: 1,
    version_status: 'draft',
    published_version: null,
    status: 'needs_review',
    blockers: {
      steps_without_performer: 4,
      steps_with_suggestion: 3,
      unlinked_columns: ['KPA Kepala Dinas'],
      columns_with_suggestion: 1,
      steps_without_waktu: 2,
      no_steps: false,
      content: 'partial',
      warnings: 5,
      unit_unset: false,
      problems: 5,
    },
    ...over,
  };
}

function board(items: ReadinessItem[], total = items.length): ReadinessPage {
  return {
    items,
    total,
    limit: 25,
    offset: 0,
    counts: { runnable: 1, needs_review: 2, incomplete: 1, published: 0 },
    columns: [{ header: 'KPA Kepala Dinas', drafts: 5, unlinked: 5 }],
  };
}

function api(
  page: ReadinessPage,
  answers: { accept?: () => Response; link?: () => Response } = {},
) {
  return mockFetch((request) => {
    const url = new URL(request.url);
    if (url.pathname === '/api/org/units') return jsonResponse(UNITS);
    if (url.pathname === '/api/org/positions') return jsonResponse(POSITIONS);
    if (url.pathname === '/api/org/vacant-posts') {
      return jsonResponse([
        {
          position_id: 'p9', title: 'Kepala Sub Bagian Umum', unit_name: 'Sekretariat',
          sops: ['003-02', '003-05'],
        },
      ]);
    }
    if (url.pathname === '/api/catalogue/readiness') return jsonResponse(page);
    if (url.pathname === '/api/catalogue/bulk/accept-suggestions' && answers.accept) {
      return answers.accept();
    }
    if (url.pathname === '/api/catalogue/bulk/link-column' && answers.link) return answers.link();
    return jsonResponse({ detail: 'Not Found' }, 404);
  });
}

describe('ReadinessBoard', () => {
  it('shows counts, each SOP with its blockers in Indonesian and a link to its editor', async () => {
    const fetchMock = api(
      board([
        item(1),
        item(2, {
          status: 'incomplete',
          blockers: { ...item(2).blockers, no_steps: true, content: 'missing', unlinked_columns: [] },
        }),
      ]),
    );
    renderWithProviders(<ReadinessBoard canEdit />, { route: '/katalog/kesiapan' });

    const list = await screen.findByRole('list', { name: 'Daftar SOP dan penghalangnya' });
    const cards = within(list).getAllByRole('listitem').filter((li) => li.parentElement === list);
    expect(cards).toHaveLength(2);
    // Posts in-force SOPs route to that nobody holds, with the SOPs behind each.
    const vacant = await screen.findByRole('region', {
      name: 'Jabatan kosong yang dituju SOP berlaku (1)',
    });
    expect(vacant).toHaveTextContent('Kepala Sub Bagian Umum — Sekretariat');
    expect(vacant).toHaveTextContent('2 SOP: 003-02, 003-05');
    const first = cards[0];
    if (!first) throw new Error('no card');
    expect(first).toHaveTextContent('Perlu ditinjau');
    expect(first).toHaveTextContent('4 langkah tanpa pelaksana (3 punya saran)');
    expect(first).toHaveTextContent('1 kolom pelaksana belum tertaut: “KPA Kepala Dinas”');
    expect(first).toHaveTextContent('2 langkah tanpa waktu');
    expect(first).toHaveTextContent('5 catatan impor perlu dibaca');
    expect(first).toHaveTextContent('Sebagian isi SOP hilang di buku');
    expect(within(first).getByRole('link', { name: 'Buka editor 003-01' })).toHaveAttribute(
      'href',
      '/katalog/sop-1',
    );
    expect(cards[1]).toHaveTextContent('Belum lengkap di buku');
    expect(cards[1]).toHaveTextContent('Tidak ada langkah');

    expect(screen.getByRole('button', { name: 'Semua (4)' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Siap dijalankan (1)' }));
    await waitFor(() => {
      const statuses = requestsOf(fetchMock)
        .map((r) => new URL(r.url))
        .filter((u) => u.pathname === '/api/catalogue/readiness')
        .map((u) => u.searchParams.get('status'));
      expect(statuses).toContain('runnable');
    });
    expect(screen.getByRole('button', { name: 'Siap dijalankan (1)' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('accepts suggestions for the selected SOPs and reports each outcome', async () => {
    const fetchMock = api(board([item(1), item(2)]), {
      accept: () =>
        jsonResponse({
          results: [
            { sop_id: 'sop-1', key: '003-01', outcome: 'done', reason: '3 pelaksana, 1 kolom' },
            { sop_id: 'sop-2', key: '003-02', outcome: 'skipped', reason: 'tidak ada saran' },
          ],
          done: 1,
          skipped: 1,
          not_found: 0,
        }),
    });
    renderWithProviders(<ReadinessBoard canEdit />, { route: '/katalog/kesiapan' });

    const button = await screen.findByRole('button', { name: 'Terima saran untuk SOP terpilih' });
    expect(button).toBeDisabled();
    fireEvent.click(await screen.findByLabelText('Pilih 003-01 Pengelolaan surat 1'));
    fireEvent.click(screen.getByLabelText('Pilih 003-02 Pengelolaan surat 2'));
    expect(screen.getByText('2 SOP terpilih')).toBeInTheDocument();
    fireEvent.click(button);

    expect(
      await screen.findByText('Saran diterima untuk 1 SOP; 1 dilewati; 0 tidak ditemukan.'),
    ).toBeInTheDocument();
    expect(screen.getByText('003-02: tidak ada saran')).toBeInTheDocument();
    const sent = requestsOf(fetchMock).filter((r) =>
      r.url.endsWith('/api/catalogue/bulk/accept-suggestions'),
    );
    expect(sent).toHaveLength(1);
    expect(await sent[0]?.json()).toEqual({ sop_ids: ['sop-1', 'sop-2'] });
    expect(screen.getByText('0 SOP terpilih')).toBeInTheDocument();
  });

  it('links a shared column header to a position in every draft, and shows a refusal', async () => {
    let refuse = true;
    const fetchMock = api(board([item(1)]), {
      link: () =>
        refuse
          ? jsonResponse({ status_code: 422, detail: "jabatan 'x' tidak dikenal", field: 'rule.code' }, 422)
          : jsonResponse({
              header: 'KPA Kepala Dinas',
              rule: { kind: 'position', code: 'kasubbag-umum' },
              changed: [
                { sop_id: 'sop-1', key: '003-01', title: 'A', version_id: 'v-1', column_key: 'k' },
                { sop_id: 'sop-2', key: '003-02', title: 'B', version_id: 'v-2', column_key: 'k' },
              ],
              unchanged: 0,
            }),
    });
    renderWithProviders(<ReadinessBoard canEdit />, { route: '/katalog/kesiapan' });

    fireEvent.change(await screen.findByLabelText('Judul kolom'), {
      target: { value: 'KPA Kepala Dinas' },
    });
    const submit = screen.getByRole('button', { name: 'Tautkan “KPA Kepala Dinas” di 5 draf' });
    expect(submit).toBeDisabled();
    const position = screen.getByLabelText('Jabatan untuk kolom “KPA Kepala Dinas”');
    await screen.findByRole('option', { name: 'Kepala Sub Bagian Umum' });
    fireEvent.change(position, { target: { value: 'kasubbag-umum' } });
    expect(submit).toBeEnabled();
    fireEvent.click(submit);
    expect(await screen.findByRole('alert')).toHaveTextContent("jabatan 'x' tidak dikenal");

    refuse = false;
    fireEvent.click(submit);
    expect(
      await screen.findByText('Kolom “KPA Kepala Dinas” ditautkan di 2 draf (0 sudah sama).'),
    ).toBeInTheDocument();
    const bodies = await Promise.all(
      requestsOf(fetchMock)
        .filter((r) => r.url.endsWith('/api/catalogue/bulk/link-column'))
        .map((r) => r.json()),
    );
    expect(bodies.at(-1)).toEqual({
      header: 'KPA Kepala Dinas',
      rule: { kind: 'position', code: 'kasubbag-umum' },
    });
  });

  it('says when the catalogue is empty, and refuses anyone but the admin', async () => {
    api({ ...board([]), counts: { runnable: 0, needs_review: 0, incomplete: 0, published: 0 }, columns: [] });
    const { unmount } = renderWithProviders(<ReadinessBoard canEdit />, {
      route: '/katalog/kesiapan',
    });
    expect(await screen.findByText('Belum ada SOP di katalog.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Impor buku SOP di halaman katalog' })).toHaveAttribute(
      'href',
      '/katalog',
    );
    unmount();
    renderWithProviders(<ReadinessBoard canEdit={false} />, { route: '/katalog/kesiapan' });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Hanya admin instansi yang dapat melihat kesiapan SOP.',
    );
  });
});
