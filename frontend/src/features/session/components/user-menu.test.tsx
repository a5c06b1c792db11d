import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { MeResponse } from '@/api/generated';
import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { UserMenu } from './user-menu';

const me: MeResponse = {
  user: {
    id: 'u-1', name: 'Dewi Anggraini', nip: '199003272014032005', email: 'dewi@kaltim.alur.test',
    roles: [], positions: [],
  },
  tenant: { slug: 'kaltim', name: 'Disperindagkop UKM Kaltim', time_zone: 'Asia/Makassar' },
};

describe('UserMenu', () => {
  it('signs out with a CSRF-protected POST and follows the IdP end-session URL', async () => {
    document.cookie = 'alur_csrf=token-123';
    const fetchMock = mockFetch((request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/me') return jsonResponse(me);
      return jsonResponse({ redirect: 'http://idp/kaltim/session/end?x=1' });
    });
    const navigate = vi.fn();
    renderWithProviders(<UserMenu navigate={navigate} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Keluar' }));
    await waitFor(() => {
      expect(navigate).toHaveBeenCalledWith('http://idp/kaltim/session/end?x=1');
    });
    const posts = requestsOf(fetchMock).filter((r) => r.method === 'POST');
    expect(posts.map((r) => new URL(r.url).pathname)).toEqual(['/auth/logout']);
    expect(posts.map((r) => r.headers.get('X-CSRF-Token'))).toEqual(['token-123']);
  });

  it('signs out on every device with a CSRF-protected POST, then shows the login page', async () => {
    document.cookie = 'alur_csrf=token-456';
    const fetchMock = mockFetch((request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/me') return jsonResponse(me);
      return jsonResponse({ sessions_ended: 2 });
    });
    const navigate = vi.fn();
    renderWithProviders(<UserMenu navigate={navigate} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Keluar dari semua perangkat' }));
    await waitFor(() => {
      expect(navigate).toHaveBeenCalledWith('/login');
    });
    const posts = requestsOf(fetchMock).filter((r) => r.method === 'POST');
    expect(posts.map((r) => new URL(r.url).pathname)).toEqual(['/auth/logout-all']);
    expect(posts.map((r) => r.headers.get('X-CSRF-Token'))).toEqual(['token-456']);
  });

  it('says so when signing out everywhere fails and stays', async () => {
    mockFetch((request) =>
      new URL(request.url).pathname === '/api/me'
        ? jsonResponse(me)
        : jsonResponse({ detail: 'boom' }, 500),
    );
    const navigate = vi.fn();
    renderWithProviders(<UserMenu navigate={navigate} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Keluar dari semua perangkat' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Gagal keluar');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('says so when sign-out fails and stays', async () => {
    mockFetch((request) =>
      new URL(request.url).pathname === '/api/me'
        ? jsonResponse(me)
        : jsonResponse({ detail: 'boom' }, 500),
    );
    const navigate = vi.fn();
    renderWithProviders(<UserMenu navigate={navigate} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Keluar' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Gagal keluar');
    expect(navigate).not.toHaveBeenCalled();
  });
});
