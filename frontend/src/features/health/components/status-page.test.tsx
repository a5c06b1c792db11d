import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { ReadyReport } from '@/api/generated';
import { jsonResponse, mockApi } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { StatusPage } from './status-page';

const failing: ReadyReport = {
  status: 'fail',
  checks: [
    { name: 'database', ok: true, detail: 'select 1 in 2 ms' },
    { name: 'redis', ok: false, detail: 'connection refused' },
  ],
};

describe('StatusPage', () => {
  it('treats a 503 report as data and names each failing check in text', async () => {
    mockApi({ '/health/ready': () => jsonResponse(failing, 503) });

    renderWithProviders(<StatusPage />, { route: '/status' });

    const table = await screen.findByRole('table', { name: 'Hasil pemeriksaan kesiapan' });
    expect(screen.getByText(/Status keseluruhan/)).toHaveTextContent(
      /Status keseluruhan:\W*Tidak siap/,
    );

    const redis = within(table).getByRole('row', { name: /redis/ });
    expect(redis).toHaveTextContent('Gagal');
    expect(redis).toHaveTextContent('connection refused');

    const database = within(table).getByRole('row', { name: /database/ });
    expect(database).toHaveTextContent('OK');
    expect(database).not.toHaveTextContent('Gagal');

    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows a ready report from a 200', async () => {
    mockApi({
      '/health/ready': () =>
        jsonResponse({ status: 'ok', checks: [{ name: 'database', ok: true, detail: '' }] }),
    });

    renderWithProviders(<StatusPage />, { route: '/status' });

    expect(await screen.findByText(/Status keseluruhan/)).toHaveTextContent(
      /Status keseluruhan:\W*Siap/,
    );
    expect(screen.getAllByRole('row')).toHaveLength(2);
  });

  it('shows an error state when the answer is not a report', async () => {
    mockApi({ '/health/ready': () => new Response('Bad Gateway', { status: 502 }) });

    renderWithProviders(<StatusPage />, { route: '/status' });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Status layanan tidak dapat dimuat.');
    expect(alert).toHaveTextContent('502');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
