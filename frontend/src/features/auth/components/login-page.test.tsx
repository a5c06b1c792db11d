import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import type { TenantPublic } from '@/api/generated';
import { jsonResponse, mockApi, requestsOf } from '@/testing/fetch-mock';
import { rememberExpiry } from '@/lib/session-expiry';
import { renderWithProviders } from '@/testing/render';

import { LoginPage } from './login-page';

const tenants: TenantPublic[] = [
  {
    slug: 'kaltim',
    name: 'Disperindagkop UKM Kaltim',
    province: 'Kalimantan Timur',
    time_zone: 'Asia/Makassar',
    locale: 'id',
    this_host: false,
  },
  {
    slug: 'lampung',
    name: 'Dinas Kominfo Lampung',
    province: 'Lampung',
    time_zone: 'Asia/Jakarta',
    locale: 'id',
    this_host: false,
  },
];

describe('LoginPage', () => {
  afterEach(() => {
    window.sessionStorage.clear();
  });

  it("on an office's own host offers that office only, the others one click away", async () => {
    const [kaltim, lampung] = tenants;
    mockApi({
      '/api/public/tenants': () => jsonResponse([{ ...kaltim, this_host: true }, lampung]),
    });
    renderWithProviders(<LoginPage />, { route: '/login' });
    const list = await screen.findByRole('list', { name: 'Instansi terdaftar' });
    expect(within(list).getAllByRole('link')).toHaveLength(1);
    expect(within(list).getByRole('link')).toHaveAttribute('href', '/auth/kaltim/login');
    await userEvent.click(screen.getByRole('button', { name: 'Instansi lain' }));
    expect(within(list).getAllByRole('link')).toHaveLength(2);
  });

  it('says once that the session ended', async () => {
    mockApi({ '/api/public/tenants': () => jsonResponse(tenants) });
    rememberExpiry('/kasus/1');
    const first = renderWithProviders(<LoginPage />, { route: '/login' });
    expect(await screen.findByRole('status')).toHaveTextContent('Sesi Anda telah berakhir');
    first.unmount();
    renderWithProviders(<LoginPage />, { route: '/login' });
    await screen.findByRole('list', { name: 'Instansi terdaftar' });
    expect(screen.queryByText(/Sesi Anda telah berakhir/)).toBeNull();
  });

  it('says in its own words that SSO failed, never echoing the link', async () => {
    mockApi({ '/api/public/tenants': () => jsonResponse(tenants) });
    const denied = renderWithProviders(<LoginPage />, { route: '/login?error=access_denied' });
    expect(await screen.findByRole('alert')).toHaveTextContent('SSO instansi menolak');
    denied.unmount();
    renderWithProviders(<LoginPage />, {
      route: '/login?error=Hubungi%20081234%20untuk%20verifikasi',
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Masuk melalui SSO gagal');
    expect(alert).not.toHaveTextContent('081234');
  });

  it('shows one SSO link per tenant, each to /auth/{slug}/login', async () => {
    const fetchMock = mockApi({ '/api/public/tenants': () => jsonResponse(tenants) });

    renderWithProviders(<LoginPage />, { route: '/login' });

    const list = await screen.findByRole('list', { name: 'Instansi terdaftar' });
    const links = within(list).getAllByRole('link');
    expect(links).toHaveLength(2);
    expect(
      screen.getByRole('link', { name: 'Masuk dengan SSO Disperindagkop UKM Kaltim' }),
    ).toHaveAttribute('href', '/auth/kaltim/login');
    expect(
      screen.getByRole('link', { name: 'Masuk dengan SSO Dinas Kominfo Lampung' }),
    ).toHaveAttribute('href', '/auth/lampung/login');
    expect(screen.getByText('Kalimantan Timur')).toBeInTheDocument();

    const [request] = requestsOf(fetchMock);
    expect(request?.method).toBe('GET');
    expect(new URL(request?.url ?? '').pathname).toBe('/api/public/tenants');
    expect(request?.credentials).toBe('include');
  });

  it('shows the empty state when no tenant is registered', async () => {
    mockApi({ '/api/public/tenants': () => jsonResponse([]) });

    renderWithProviders(<LoginPage />, { route: '/login' });

    expect(await screen.findByText('Belum ada instansi terdaftar')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Masuk dengan SSO/ })).not.toBeInTheDocument();
  });

  it('shows an error with a retry that loads the list again', async () => {
    let calls = 0;
    mockApi({
      '/api/public/tenants': () => {
        calls += 1;
        return calls === 1 ? jsonResponse({ detail: 'boom' }, 500) : jsonResponse(tenants);
      },
    });

    renderWithProviders(<LoginPage />, { route: '/login' });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Daftar instansi tidak dapat dimuat.');
    expect(alert).toHaveTextContent('500');

    await userEvent.click(within(alert).getByRole('button', { name: 'Coba lagi' }));

    expect(await screen.findAllByRole('link', { name: /Masuk dengan SSO/ })).toHaveLength(2);
  });
});
