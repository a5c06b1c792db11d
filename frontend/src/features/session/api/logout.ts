import { logout, logoutEverywhere } from '@/api/generated';
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

/**
 * Ends every session of the signed-in user, on every device (this one too). The IdP session
 * is left alone: the login page follows, where the user chooses to sign in again.
 */
export async function signOutEverywhere(): Promise<string> {
  const result = await logoutEverywhere();
  if (result.data !== undefined) return '/login';
  const status = statusOf(result);
  if (status === 401) return '/login';
  throw new ApiError(status, result.error);
}
