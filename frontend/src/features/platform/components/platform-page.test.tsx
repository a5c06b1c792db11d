import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { PlatformPage } from './platform-page';

const deadJob = {
  id: '11111111-1111-1111-1111-111111111111',
  tenant: 'kaltim',
  actor: 'documents.verify',
  status: 'dead',
  attempts: 10,
  sends: 10,
  last_error: 'MaxRetryError: S3 unreachable',
  progress: null,
  result: null,
  run_at: '2026-11-23T01:00:00Z',
  created_at: '2026-11-23T01:00:00Z',
  finished_at: '2026-11-23T01:09:00Z',
};

describe('PlatformPage', () => {
  it('refuses people who are not platform admins, without calling the API', () => {
    const fetchMock = mockFetch(() => jsonResponse({}, 500));
    renderWithProviders(<PlatformPage isPlatformAdmin={false} />);
    expect(screen.getByText('Halaman ini untuk admin platform')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('lists dead jobs with their error and sends one back to the queue', async () => {
    const fetchMock = mockFetch((request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/platform/tenants') return jsonResponse([]);
      if (pathname === '/api/platform/jobs/dead') return jsonResponse({ items: [deadJob], total: 1 });
      return jsonResponse({ ...deadJob, status: 'pending', attempts: 0 });
    });
    renderWithProviders(<PlatformPage isPlatformAdmin />);
    expect(await screen.findByText('MaxRetryError: S3 unreachable')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Coba lagi' }));
    const retried = requestsOf(fetchMock).find((r) => r.method === 'POST');
    expect(retried?.url).toContain(`/api/platform/jobs/${deadJob.id}/retry`);
  });
});
