import { vi } from 'vitest';

export type FetchHandler = (request: Request) => Response | Promise<Response>;

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** Replace global fetch (which the generated client calls) for one test. */
export function mockFetch(handler: FetchHandler) {
  const fetchMock = vi.fn((input: RequestInfo | URL, init?: RequestInit) =>
    Promise.resolve(handler(input instanceof Request ? input : new Request(input, init))),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** Route by path; unknown paths answer 404. */
export function mockApi(routes: Record<string, () => Response>) {
  return mockFetch((request) => {
    const { pathname } = new URL(request.url);
    const route = routes[pathname];
    return route ? route() : jsonResponse({ detail: 'Not Found' }, 404);
  });
}

/** The requests fetch received, for assertions. */
export function requestsOf(fetchMock: ReturnType<typeof mockFetch>): Request[] {
  return fetchMock.mock.calls.map(([input, init]) =>
    input instanceof Request ? input : new Request(input, init),
  );
}
