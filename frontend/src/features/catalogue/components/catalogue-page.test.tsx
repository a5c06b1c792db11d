import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { SopPage } from '@/api/generated';
import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { CataloguePage } from './catalogue-page';

function page(total: number, offset: number): SopPage {
  return {
    total, limit: 20, offset,
    items: [{
      id: `id-${String(offset)}`, key: `003-${String(offset + 1)}`, title: 'Pengelolaan surat masuk',
      unit_code: 'sub-bagian-umum', latest_version: 1, latest_status: 'draft',
      published_version: null, content: 'complete', warnings: 3, steps: 7,
    }],
  };
}

describe('CataloguePage', () => {
  it('lists SOPs with status and import notes, and pages and filters through the API', async () => {
    const fetchMock = mockFetch((request) => {
      const url = new URL(request.url);
      return jsonResponse(page(45, Number(url.searchParams.get('offset') ?? 0)));
    });
    renderWithProviders(<CataloguePage />, { route: '/katalog' });

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

    const queries = requestsOf(fetchMock).map((r) => new URL(r.url).searchParams);
    expect(queries.some((q) => q.get('offset') === '20')).toBe(true);
    expect(queries.some((q) => q.get('q') === 'surat' && q.get('status') === 'published')).toBe(
      true,
    );
  });

  it('has an empty state', async () => {
    mockFetch(() => jsonResponse({ total: 0, limit: 20, offset: 0, items: [] }));
    renderWithProviders(<CataloguePage />, { route: '/katalog' });
    expect(await screen.findByText('Tidak ada SOP yang cocok')).toBeInTheDocument();
  });

  it('offers the book import to the tenant admin only', async () => {
    mockFetch(() => jsonResponse({ total: 0, limit: 20, offset: 0, items: [] }));
    const { unmount } = renderWithProviders(<CataloguePage />, { route: '/katalog' });
    await screen.findByText('Tidak ada SOP yang cocok');
    expect(screen.queryByRole('button', { name: 'Impor buku SOP' })).not.toBeInTheDocument();
    unmount();
    renderWithProviders(<CataloguePage canEdit />, { route: '/katalog' });
    expect(screen.getByRole('button', { name: 'Impor buku SOP' })).toBeInTheDocument();
  });
});
