import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { SopPage } from '@/api/generated';
import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { CataloguePage } from './catalogue-page';

const UNITS = {
  total: 1, limit: 200, offset: 0,
  items: [{
    id: 'u-1', code: 'sub-bagian-umum', name: 'Sub Bagian Umum', kind: 'subbagian', note: '',
    origin: 'file', source: 'file', active: true, parent_id: null,
  }],
};

function page(total: number, offset: number, status = 'draft'): SopPage {
  return {
    total, limit: 20, offset,
    items: [{
      id: `id-${String(offset)}`, key: `003-${String(offset + 1)}`, title: 'Pengelolaan surat masuk',
      unit_code: 'sub-bagian-umum', latest_version: 1, latest_status: status,
      published_version: status === 'published' ? 1 : null, content: 'complete', warnings: 3,
      steps: 7,
    }],
  };
}

describe('CataloguePage', () => {
  it('lists SOPs with status and import notes, and pages and filters through the API', async () => {
    const fetchMock = mockFetch((request) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/org/units') return jsonResponse(UNITS);
      return jsonResponse(page(45, Number(url.searchParams.get('offset') ?? 0)));
    });
    renderWithProviders(<CataloguePage canEdit />, { route: '/katalog' });

    const table = await screen.findByRole('table');
    const row = within(table).getByRole('row', { name: /003-1/ });
    expect(row).toHaveTextContent('Draf');
    expect(row).toHaveTextContent('3 catatan');
    expect(screen.getByText('Halaman 1 dari 3')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Berikutnya' }));
    expect(await screen.findByText('Halaman 2 dari 3')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Cari judul atau kode SOP'), {
      target: { value: 'surat' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Cari' }));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'published' } });
    await screen.findByText('Halaman 1 dari 3');

    const queries = requestsOf(fetchMock)
      .map((r) => new URL(r.url))
      .filter((u) => u.pathname === '/api/catalogue/sops')
      .map((u) => u.searchParams);
    expect(queries[0]?.get('status') ?? '').toBe('');
    expect(queries.some((q) => q.get('offset') === '20')).toBe(true);
    expect(queries.some((q) => q.get('q') === 'surat' && q.get('status') === 'published')).toBe(
      true,
    );
  });

  it('shows staff the SOPs in force by default, with unit names and no status filter', async () => {
    const fetchMock = mockFetch((request) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/org/units') return jsonResponse(UNITS);
      return jsonResponse(page(1, 0, 'published'));
    });
    renderWithProviders(<CataloguePage />, { route: '/katalog' });

    const table = await screen.findByRole('table');
    const row = within(table).getByRole('row', { name: /003-1/ });
    expect(row).toHaveTextContent('Berlaku');
    expect(await within(row).findByText('Sub Bagian Umum')).toBeInTheDocument();
    expect(row).not.toHaveTextContent('sub-bagian-umum');
    expect(row).not.toHaveTextContent(/published|draft/i);
    expect(screen.getByText('Menampilkan SOP yang berlaku di kantor ini.')).toBeInTheDocument();
    expect(screen.queryByLabelText('Status')).toBeNull();

    const sopQueries = requestsOf(fetchMock)
      .map((r) => new URL(r.url))
      .filter((u) => u.pathname === '/api/catalogue/sops');
    expect(sopQueries.length).toBeGreaterThan(0);
    expect(sopQueries.every((u) => u.searchParams.get('status') === 'published')).toBe(true);
  });

  it('labels every status in Indonesian for the tenant admin', async () => {
    mockFetch((request) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/org/units') return jsonResponse(UNITS);
      const statuses = ['draft', 'submitted', 'published', 'retired'];
      return jsonResponse({
        total: 4, limit: 20, offset: 0,
        items: statuses.map((status, i) => ({
          ...page(4, i, status).items[0],
          id: `id-${status}`, key: `003-9${String(i)}`,
        })),
      });
    });
    renderWithProviders(<CataloguePage canEdit />, { route: '/katalog' });
    const table = await screen.findByRole('table');
    const labels = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => (within(row).getAllByRole('cell')[4]?.textContent ?? '').replace(/^\W+/u, ''));
    expect(labels).toEqual(['Draf', 'Menunggu pengesahan', 'Berlaku', 'Dipensiunkan']);
    const filter = screen.getByLabelText('Status');
    expect(within(filter).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Semua status', 'Draf', 'Menunggu pengesahan', 'Berlaku', 'Dipensiunkan',
    ]);
  });

  it('has an empty state: for staff, that nothing is in force yet', async () => {
    mockFetch(() => jsonResponse({ total: 0, limit: 20, offset: 0, items: [] }));
    const { unmount } = renderWithProviders(<CataloguePage />, { route: '/katalog' });
    expect(await screen.findByText('Belum ada SOP yang berlaku')).toBeInTheDocument();
    unmount();
    renderWithProviders(<CataloguePage canEdit />, { route: '/katalog' });
    expect(await screen.findByText('Tidak ada SOP yang cocok')).toBeInTheDocument();
  });

  it('offers the book import to the tenant admin only', async () => {
    mockFetch(() => jsonResponse({ total: 0, limit: 20, offset: 0, items: [] }));
    const { unmount } = renderWithProviders(<CataloguePage />, { route: '/katalog' });
    await screen.findByText('Belum ada SOP yang berlaku');
    expect(screen.queryByRole('button', { name: 'Impor buku SOP' })).not.toBeInTheDocument();
    unmount();
    renderWithProviders(<CataloguePage canEdit />, { route: '/katalog' });
    expect(screen.getByRole('button', { name: 'Impor buku SOP' })).toBeInTheDocument();
  });
});
