import { client } from '@/api/generated/client.gen';
import { env } from '@/config/env';

export const CSRF_COOKIE = 'alur_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

type ApiClient = typeof client;

/** Read one cookie's value, or undefined when it is not set. */
export function readCookie(name: string, cookies: string = document.cookie): string | undefined {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

/** Request interceptor: state-changing requests carry the CSRF cookie's value as a header. */
export function addCsrfHeader(request: Request): Request {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return request;
  const token = readCookie(CSRF_COOKIE);
  if (token && !request.headers.has(CSRF_HEADER)) {
    request.headers.set(CSRF_HEADER, token);
  }
  return request;
}

const configured = new WeakSet<ApiClient>();

/**
 * Point the generated client at the API (same origin by default), send the
 * session cookie, and add the CSRF header. Safe to call more than once.
 */
export function configureApiClient(target: ApiClient = client): ApiClient {
  target.setConfig({ baseUrl: env.apiBaseUrl, credentials: 'include' });
  if (!configured.has(target)) {
    target.interceptors.request.use(addCsrfHeader);
    configured.add(target);
  }
  return target;
}

export class ApiError extends Error {
  override name = 'ApiError';
  /** HTTP status, or undefined when no response arrived (network error). */
  readonly status: number | undefined;
  readonly body: unknown;

  constructor(status: number | undefined, body: unknown) {
    super(status === undefined ? 'Network error' : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

type SdkResult<T> = { data?: T; error?: unknown; response?: Response };

/** HTTP status of an SDK call; undefined when the request never got a response. */
export function statusOf(result: SdkResult<unknown>): number | undefined {
  // The generated client leaves `response` undefined on network errors.
  return result.response?.status;
}

/** The API's own words for a refusal (`detail`), else the error's message. */
export function errorDetail(error: unknown): string {
  if (error instanceof ApiError && error.body && typeof error.body === 'object') {
    const detail = (error.body as { detail?: unknown }).detail;
    if (typeof detail === 'string') return detail;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The field the API named in a refusal (`field`), to show the message beside it. */
export function errorField(error: unknown): string | undefined {
  if (error instanceof ApiError && error.body && typeof error.body === 'object') {
    const field = (error.body as { field?: unknown }).field;
    if (typeof field === 'string') return field;
  }
  return undefined;
}

/** Return the data of a successful SDK call, or throw an ApiError. */
export function unwrap<T>(result: SdkResult<T>): T {
  if (result.data !== undefined) return result.data;
  throw new ApiError(statusOf(result), result.error);
}
