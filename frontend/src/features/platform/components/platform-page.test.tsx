import { screen, within } from '@testing-library/react';
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

const office = (slug: string, healthy: boolean) => ({
  slug,
  name: `Dinas ${slug}`,
  province: slug,
  time_zone: 'Asia/Jakarta',
  issuer: `http://idp/${slug}`,
  units: 12,
  users: 30,
  published_sops: 37,
  open_cases: 4,
  overdue_tasks: healthy ? 0 : 2,
  waiting_jobs: 1,
  dead_jobs: healthy ? 0 : 3,
  last_activity: '2026-11-23T03:00:00Z',
  idp: healthy
    ? { name: `idp:${slug}`, ok: true, detail: `discovery OK at http://idp/${slug}` }
    : { name: `idp:${slug}`, ok: false, detail: `idp:${slug} did not answer within 3s` },
  healthy,
  problems: healthy ? [] : [`idp:${slug} did not answer within 3s`, '3 pekerjaan latar gagal (lihat di bawah)'],
});

describe('PlatformPage', () => {
  it('shows each office with its figures, and names what is wrong with an unhealthy one', async () => {
    mockFetch((request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/platform/tenants') {
        return jsonResponse([office('kaltim', true), office('lampung', false)]);
      }
      return jsonResponse({ items: [], total: 0 });
    });
    renderWithProviders(<PlatformPage isPlatformAdmin />);
    const lampung = await screen.findByRole('article', { name: 'Dinas lampung' });
    expect(within(lampung).getByText('Bermasalah')).toBeInTheDocument();
    expect(within(lampung).getByText('idp:lampung did not answer within 3s')).toBeInTheDocument();
    expect(within(lampung).getByText('1 menunggu, 3 gagal')).toBeInTheDocument();
    const kaltim = screen.getByRole('article', { name: 'Dinas kaltim' });
    expect(within(kaltim).getByText('Sehat')).toBeInTheDocument();
    expect(within(kaltim).getByText('37')).toBeInTheDocument();
    expect(screen.getByText('Tidak ada pekerjaan gagal')).toBeInTheDocument();
  });

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
