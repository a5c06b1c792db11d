import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { ReadyReport } from '@/api/generated';
import { jsonResponse, mockApi } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { StatusPage } from './status-page';

const failing: ReadyReport = {
  status: 'fail',
  checks: [
    { name: 'database', ok: true, detail: 'PostgreSQL reachable as the app role; 2 tenants' },
    { name: 'redis', ok: false, detail: 'redis is down: ConnectionError: refused' },
    { name: 'idp:lampung', ok: true, detail: 'discovery OK at http://idp/lampung' },
  ],
};

describe('StatusPage', () => {
  it('names each part in words and each failing part in text', async () => {
    mockApi({ '/api/platform/status': () => jsonResponse(failing) });

    renderWithProviders(<StatusPage isPlatformAdmin />, { route: '/status' });

    const table = await screen.findByRole('table', { name: 'Hasil pemeriksaan kesiapan' });
    expect(screen.getByText(/Status keseluruhan/)).toHaveTextContent(
      /Status keseluruhan:\W*Tidak siap/,
    );

    const redis = within(table).getByRole('row', { name: /Antrean dan sesi \(Redis\)/ });
    expect(redis).toHaveTextContent('Gagal');
    expect(within(redis).getByText(/ConnectionError/)).toHaveAttribute('lang', 'en');

    const database = within(table).getByRole('row', { name: /Basis data/ });
    expect(database).toHaveTextContent('OK');
    expect(database).not.toHaveTextContent('Gagal');
    expect(within(table).getByRole('row', { name: /SSO instansi lampung/ })).toBeVisible();
    expect(within(table).queryByRole('rowheader', { name: 'database' })).toBeNull();

    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows a ready report', async () => {
    mockApi({
      '/api/platform/status': () =>
        jsonResponse({ status: 'ok', checks: [{ name: 'database', ok: true, detail: '' }] }),
    });

    renderWithProviders(<StatusPage isPlatformAdmin />, { route: '/status' });

    expect(await screen.findByText(/Status keseluruhan/)).toHaveTextContent(
      /Status keseluruhan:\W*Siap/,
    );
    expect(screen.getAllByRole('row')).toHaveLength(2);
  });

  it('shows an error state when the answer is not a report', async () => {
    mockApi({ '/api/platform/status': () => new Response('Bad Gateway', { status: 502 }) });

    renderWithProviders(<StatusPage isPlatformAdmin />, { route: '/status' });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Status layanan tidak dapat dimuat.');
    expect(alert).toHaveTextContent('502');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('is for platform admins only and asks the server nothing for anyone else', async () => {
    const status = vi.fn(() => jsonResponse(failing));
    mockApi({ '/api/platform/status': status });

    renderWithProviders(<StatusPage isPlatformAdmin={false} />, { route: '/status' });

    expect(await screen.findByText('Halaman ini untuk admin platform')).toBeVisible();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(status).not.toHaveBeenCalled();
  });
});
