/** What the SPA does when the server says the session is gone (401 on any API call): it
 * forgets the session, remembers where the person was, and the login page says why. */

export const SESSION_QUERY_KEY = ['session', 'me'] as const;

const EXPIRED = 'alur.sessionExpired';
const RETURN_TO = 'alur.returnTo';
const RETURN_OWNER = 'alur.returnOwner';

/** Who a remembered page belongs to: the next person on a shared computer is not sent to
 * the previous one's case. */
export function sessionOwner(session: unknown): string | null {
  const s = session as { user?: { id?: string }; tenant?: { slug?: string } } | null | undefined;
  return s?.user?.id && s.tenant?.slug ? `${s.tenant.slug}:${s.user.id}` : null;
}

/** Only same-origin paths: never an absolute or protocol-relative URL. */
export function safeReturnPath(path: string | null | undefined): string | null {
  if (!path || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) {
    return null;
  }
  if (path === '/login' || path.startsWith('/login?') || path.startsWith('/auth/')) return null;
  return path;
}

/** A signed-out visit to a page (a link from an e-mail, say) comes back to it after login. */
export function rememberReturnPath(path: string, storage: Storage = window.sessionStorage): void {
  try {
    const safe = safeReturnPath(path);
    if (safe && safe !== '/') storage.setItem(RETURN_TO, safe);
  } catch {
    // Storage may be disabled; the person lands on the dashboard instead.
  }
}

export function rememberExpiry(
  path: string,
  owner: string | null = null,
  storage: Storage = window.sessionStorage,
): void {
  try {
    storage.setItem(EXPIRED, '1');
    const safe = safeReturnPath(path);
    if (safe) storage.setItem(RETURN_TO, safe);
    if (safe && owner) storage.setItem(RETURN_OWNER, owner);
  } catch {
    // Storage may be disabled; the login page then just has no explanation.
  }
}

/** Whether the login page should say the session ended (pure: safe in a state initializer). */
export function sessionExpired(storage: Storage = window.sessionStorage): boolean {
  try {
    return storage.getItem(EXPIRED) === '1';
  } catch {
    return false;
  }
}

/** Where to go back to after signing in again, if anywhere and if it was this person's
 * (pure). */
export function returnPath(
  owner: string | null = null,
  storage: Storage = window.sessionStorage,
): string | null {
  try {
    const was = storage.getItem(RETURN_OWNER);
    if (was && was !== owner) return null;
    return safeReturnPath(storage.getItem(RETURN_TO));
  } catch {
    return null;
  }
}

/** Forget both once they have been used (call from an effect, not while rendering). */
export function clearExpiry(storage: Storage = window.sessionStorage): void {
  try {
    storage.removeItem(EXPIRED);
    storage.removeItem(RETURN_TO);
    storage.removeItem(RETURN_OWNER);
  } catch {
    // nothing stored
  }
}

export function clearExpiredFlag(storage: Storage = window.sessionStorage): void {
  try {
    storage.removeItem(EXPIRED);
  } catch {
    // nothing stored
  }
}
