import { logout } from '@/api/generated';
import { ApiError, statusOf } from '@/lib/api-client';

/**
 * Ends the server session (the CSRF header is added by the client) and returns where the
 * browser must go next: the office IdP's end-session page, so SSO ends there too.
 */
export async function signOut(): Promise<string> {
  const result = await logout();
  if (result.data !== undefined) return result.data.redirect;
  const status = statusOf(result);
  if (status === 401) return '/login';
  throw new ApiError(status, result.error);
}
