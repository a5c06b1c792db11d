import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';

import { LANGUAGE_STORAGE_KEY } from '@/lib/i18n';
import { jsonResponse, mockApi } from '@/testing/fetch-mock';
import { createTestQueryClient } from '@/testing/render';

import { AppProvider } from './provider';
import { routes } from './router';

function renderApp(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  return render(
    <AppProvider queryClient={createTestQueryClient()}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
}

describe('App shell', () => {
  it('starts in Bahasa Indonesia and switches to English, <html lang> included', async () => {
    mockApi({
      '/api/me': () => jsonResponse({ detail: 'Unauthorized' }, 401),
      '/api/public/tenants': () => jsonResponse([]),
    });

    renderApp('/login');

    expect(await screen.findByRole('heading', { name: 'Masuk ke Alur' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('id');
    expect(await screen.findByText('Belum ada instansi terdaftar')).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText('Bahasa'), 'en');

    expect(screen.getByRole('heading', { name: 'Sign in to Alur' })).toBeInTheDocument();
    expect(screen.getByText('No offices registered yet')).toBeInTheDocument();
    expect(screen.getByLabelText('Language')).toHaveValue('en');
    expect(document.documentElement.lang).toBe('en');
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');

    await userEvent.selectOptions(screen.getByLabelText('Language'), 'id');

    expect(screen.getByRole('heading', { name: 'Masuk ke Alur' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('id');
  });

  it('shows the tenant name and user menu in the header once signed in', async () => {
    mockApi({
      '/api/me': () =>
        jsonResponse({
          user: {
            id: 'u-1',
            name: 'Budi Santoso',
            nip: '199001012015011001',
            email: 'budi@example.go.id',
            roles: [],
            positions: [{ code: 'KABID', title: 'Kepala Bidang', unit: 'Perdagangan' }],
          },
          tenant: { slug: 'lampung', name: 'Dinas Lampung', time_zone: 'Asia/Jakarta' },
        }),
    });

    renderApp('/login');

    // Signed in already: /login goes to the dashboard.
    expect(
      await screen.findByRole('heading', { name: 'Selamat datang, Budi Santoso' }),
    ).toBeInTheDocument();
    const banner = screen.getByRole('banner');
    expect(banner).toHaveTextContent('Dinas Lampung');
    expect(banner).toHaveTextContent('Menu pengguna: Budi Santoso');
    // The positions card comes with the work panels (here: their error), below them.
    expect(await screen.findByText('Kepala Bidang')).toBeInTheDocument();
  });

  it('shows a not-found page for unknown paths', async () => {
    mockApi({ '/api/me': () => jsonResponse({ detail: 'Unauthorized' }, 401) });

    renderApp('/nope');

    expect(
      await screen.findByRole('heading', { name: 'Halaman tidak ditemukan' }),
    ).toBeInTheDocument();
  });
});
