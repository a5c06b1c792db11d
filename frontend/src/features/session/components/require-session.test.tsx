import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';

import type { MeResponse } from '@/api/generated';
import { jsonResponse, mockApi } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { DashboardPage } from './dashboard-page';
import { RequireSession } from './require-session';

const me: MeResponse = {
  user: {
    id: 'u-1',
    name: 'Siti Rahmawati',
    nip: '198001012005012001',
    email: 'siti@example.go.id',
    roles: ['staff'],
    positions: [],
  },
  tenant: { slug: 'kaltim', name: 'Disperindagkop UKM Kaltim', time_zone: 'Asia/Makassar' },
};

function renderGuarded(route = '/') {
  return renderWithProviders(
    <Routes>
      <Route path="/login" element={<h1>Halaman masuk</h1>} />
      <Route path="/" element={<RequireSession />}>
        <Route index element={<DashboardPage />} />
        <Route path="kasus/:id" element={<h1>Halaman kasus</h1>} />
      </Route>
    </Routes>,
    { route },
  );
}

describe('RequireSession', () => {
  afterEach(() => {
    window.sessionStorage.clear();
  });

  it('comes back to the page a signed-out visit asked for, once signed in', async () => {
    mockApi({ '/api/me': () => jsonResponse({ status_code: 401, detail: 'Unauthorized' }, 401) });
    const first = renderGuarded('/kasus/7');
    expect(await screen.findByRole('heading', { name: 'Halaman masuk' })).toBeInTheDocument();
    first.unmount();

    // Back from the SSO callback, which lands on "/".
    mockApi({ '/api/me': () => jsonResponse(me) });
    renderGuarded('/');
    expect(await screen.findByRole('heading', { name: 'Halaman kasus' })).toBeInTheDocument();
    expect(window.sessionStorage.length).toBe(0);
  });

  it('sends a signed-out user (401) to /login', async () => {
    mockApi({ '/api/me': () => jsonResponse({ status_code: 401, detail: 'Unauthorized' }, 401) });

    renderGuarded();

    expect(await screen.findByRole('heading', { name: 'Halaman masuk' })).toBeInTheDocument();
  });

  it('shows the dashboard to a signed-in user', async () => {
    mockApi({ '/api/me': () => jsonResponse(me) });

    renderGuarded();

    expect(
      await screen.findByRole('heading', { name: 'Selamat datang, Siti Rahmawati' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Disperindagkop UKM Kaltim')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Jabatan' })).toBeInTheDocument();
    expect(screen.getByText('Belum ada jabatan tercatat')).toBeInTheDocument();
  });

  it('shows an error, not the login page, when the session check fails', async () => {
    mockApi({ '/api/me': () => jsonResponse({ detail: 'boom' }, 500) });

    renderGuarded();

    expect(await screen.findByRole('alert')).toHaveTextContent('Sesi Anda tidak dapat diperiksa.');
    expect(screen.queryByRole('heading', { name: 'Halaman masuk' })).not.toBeInTheDocument();
  });
});
