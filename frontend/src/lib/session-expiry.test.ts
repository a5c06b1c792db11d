import type { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';

import { ApiError } from './api-client';
import { createQueryClient } from './query-client';
import {
  SESSION_QUERY_KEY,
  clearExpiredFlag,
  clearExpiry,
  rememberExpiry,
  returnPath,
  safeReturnPath,
  sessionExpired,
  sessionOwner,
} from './session-expiry';

afterEach(() => {
  window.sessionStorage.clear();
});

describe('session expiry', () => {
  it('only ever returns to a same-origin path', () => {
    expect(safeReturnPath('/kasus/abc?x=1')).toBe('/kasus/abc?x=1');
    expect(safeReturnPath('//evil.example/')).toBeNull();
    expect(safeReturnPath('/\\evil.example')).toBeNull();
    expect(safeReturnPath('https://evil.example/')).toBeNull();
    expect(safeReturnPath('/login')).toBeNull();
    expect(safeReturnPath('/auth/kaltim/login')).toBeNull();
    expect(safeReturnPath(null)).toBeNull();
  });

  it('remembers the flag and the page until they are used', () => {
    rememberExpiry('/katalog/1');
    expect(sessionExpired()).toBe(true);
    clearExpiredFlag();
    expect(sessionExpired()).toBe(false);
    expect(returnPath()).toBe('/katalog/1');
    clearExpiry();
    expect(returnPath()).toBeNull();
  });

  it('a 401 from any query signs the SPA out and keeps where the person was', async () => {
    window.history.pushState({}, '', '/kasus/42');
    const client: QueryClient = createQueryClient();
    client.setQueryData(SESSION_QUERY_KEY, { user: { id: 'u-1' }, tenant: { slug: 'kaltim' } });
    client.setQueryData(['work', 'mine'], { items: [] });
    await client
      .query({
        queryKey: ['work', 'case', '42'],
        queryFn: () => Promise.reject(new ApiError(401, { detail: 'Unauthorized' })),
        retry: false,
      })
      .catch(() => undefined);
    expect(client.getQueryData(SESSION_QUERY_KEY)).toBeNull();
    expect(client.getQueryData(['work', 'mine'])).toBeUndefined();
    expect(returnPath('kaltim:u-1')).toBe('/kasus/42');
    expect(returnPath('lampung:u-9')).toBeNull();
  });

  it('a page remembered for one person is not offered to the next', () => {
    rememberExpiry('/kasus/9', 'kaltim:u-1');
    expect(returnPath('kaltim:u-2')).toBeNull();
    expect(returnPath('kaltim:u-1')).toBe('/kasus/9');
    expect(sessionOwner({ user: { id: 'u-1' }, tenant: { slug: 'kaltim' } })).toBe('kaltim:u-1');
    expect(sessionOwner(null)).toBeNull();
  });

  it('other errors leave the session alone', async () => {
    const client = createQueryClient();
    client.setQueryData(SESSION_QUERY_KEY, { user: { name: 'A' } });
    await client
      .query({
        queryKey: ['x'],
        queryFn: () => Promise.reject(new ApiError(403, {})),
        retry: false,
      })
      .catch(() => undefined);
    expect(client.getQueryData(SESSION_QUERY_KEY)).not.toBeNull();
    expect(sessionExpired()).toBe(false);
  });
});
