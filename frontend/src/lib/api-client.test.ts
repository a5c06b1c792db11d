import { afterEach, describe, expect, it } from 'vitest';

import { client } from '@/api/generated/client.gen';
import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';

import { CSRF_HEADER, readCookie } from './api-client';

afterEach(() => {
  document.cookie = 'alur_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
});

describe('api client', () => {
  it('sends the alur_csrf cookie as X-CSRF-Token on POST, not on GET', async () => {
    document.cookie = 'alur_csrf=tok%2Ben-123; path=/';
    const fetchMock = mockFetch(() => jsonResponse({}));

    await client.post({ url: '/api/example', body: { a: 1 } });
    await client.get({ url: '/api/example' });

    const [post, get] = requestsOf(fetchMock);
    expect(post?.method).toBe('POST');
    expect(post?.headers.get(CSRF_HEADER)).toBe('tok+en-123');
    expect(get?.method).toBe('GET');
    expect(get?.headers.has(CSRF_HEADER)).toBe(false);
  });

  it('adds the header to other unsafe methods too', async () => {
    document.cookie = 'alur_csrf=abc; path=/';
    const fetchMock = mockFetch(() => jsonResponse({}));

    await client.delete({ url: '/api/example' });
    await client.patch({ url: '/api/example', body: {} });

    for (const request of requestsOf(fetchMock)) {
      expect(request.headers.get(CSRF_HEADER)).toBe('abc');
    }
  });

  it('sends no CSRF header when the cookie is absent', async () => {
    const fetchMock = mockFetch(() => jsonResponse({}));

    await client.post({ url: '/api/example', body: {} });

    expect(requestsOf(fetchMock)[0]?.headers.has(CSRF_HEADER)).toBe(false);
  });

  it('calls the same origin with credentials included', async () => {
    const fetchMock = mockFetch(() => jsonResponse({}));

    await client.get({ url: '/api/me' });

    const [request] = requestsOf(fetchMock);
    expect(request?.url).toBe(`${window.location.origin}/api/me`);
    expect(request?.credentials).toBe('include');
  });
});

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    expect(readCookie('alur_csrf', 'a=1; alur_csrf=x%3Dy; b=2')).toBe('x=y');
    expect(readCookie('alur_csrf', 'alur_csrf_other=1')).toBeUndefined();
    expect(readCookie('alur_csrf', '')).toBeUndefined();
  });
});
