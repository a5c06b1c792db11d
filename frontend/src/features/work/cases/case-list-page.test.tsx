import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { jsonResponse, mockApi, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { CaseListPage } from './case-list-page';

const CASE = {
  id: 'c1', number: 'LAMPUNG-2026-000012', sop_id: 's1', sop_key: '003-02',
  sop_title: 'Pengelolaan Surat Keluar', version_id: 'v1', version_number: 1, unit_id: 'u1',
  unit_name: 'Sub Bagian Umum dan Kepegawaian',
  subject: 'Surat undangan rapat koordinasi UMKM '.repeat(5).trim(), reference: 'B-12',
  status: 'open', started_by: 'p1', started_by_name: 'Nurul Hikmah',
  started_at: '2026-12-01T02:00:00Z', closed_at: null, cancel_reason: '', expected_minutes: 120,
  overdue: true, current_step_number: '3', current_activity: 'Mengarsipkan surat',
  current_performer: 'Kepala Sub Bagian Umum', current_due_at: '2026-12-01T04:00:00Z',
};
const page = (items: unknown[]) => ({ items, total: items.length, limit: 20, offset: 0 });

describe('CaseListPage', () => {
  it("lists my cases with where each stands now, and searches on the server", async () => {
    const fetchMock = mockApi({
      '/api/me/scope': () => jsonResponse({ level: 'own', position_codes: [], unit_codes: [] }),
      '/api/cases': () => jsonResponse(page([CASE])),
    });
    renderWithProviders(<CaseListPage timeZone="Asia/Jakarta" admin={false} />, {
      route: '/kasus',
    });
    expect(await screen.findByRole('link', { name: CASE.number })).toHaveAttribute(
      'href',
      '/kasus/c1',
    );
    expect(screen.getByText(/Sekarang: langkah 3 Mengarsipkan surat — Kepala Sub Bagian Umum/))
      .toBeInTheDocument();
    expect(screen.getByText('Terlambat')).toHaveClass('badge-fail');
    // Staff have no "all" tab and no CSV.
    expect(screen.queryByRole('button', { name: 'Semua dalam jangkauan saya' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Unduh CSV' })).toBeNull();

    await userEvent.type(screen.getByRole('searchbox'), 'koordinasi');
    await userEvent.click(screen.getByRole('button', { name: 'Cari' }));
    await waitFor(() => {
      const last = requestsOf(fetchMock).filter((r) => r.url.includes('/api/cases')).at(-1);
      const url = new URL(last?.url ?? 'http://x/');
      expect(url.searchParams.get('q')).toBe('koordinasi');
      expect(url.searchParams.get('scope')).toBe('mine');
    });
  });

  it('gives leaders the whole reach and a CSV of the same search', async () => {
    mockApi({
      '/api/me/scope': () => jsonResponse({ level: 'unit', position_codes: [], unit_codes: [] }),
      '/api/cases': () => jsonResponse(page([{ ...CASE, overdue: false }])),
    });
    renderWithProviders(<CaseListPage timeZone="Asia/Jakarta" admin={false} />, {
      route: '/kasus?scope=all&status=open',
    });
    const csv = await screen.findByRole('link', { name: 'Unduh CSV' });
    expect(csv.getAttribute('href')).toContain('scope=all');
    expect(csv.getAttribute('href')).toContain('status=open');
    expect(screen.getByRole('button', { name: 'Semua dalam jangkauan saya' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByRole('listitem')).toContainElement(document.querySelector('.badge-info'));
  });

  it('says why the list is empty', async () => {
    mockApi({
      '/api/me/scope': () => jsonResponse({ level: 'own', position_codes: [], unit_codes: [] }),
      '/api/cases': () => jsonResponse(page([])),
    });
    renderWithProviders(<CaseListPage timeZone="Asia/Jakarta" admin={false} />, {
      route: '/kasus?q=tidak-ada',
    });
    expect(
      await screen.findByText('Tidak ada kasus yang cocok dengan pencarian ini'),
    ).toBeInTheDocument();
  });
});
