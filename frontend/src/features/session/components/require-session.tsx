import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';

import { ErrorState, LoadingState } from '@/components/ui/states';
import { useI18n } from '@/lib/i18n';
import { clearExpiry, rememberReturnPath, returnPath, sessionOwner } from '@/lib/session-expiry';

import { useSession } from '../hooks/use-session';

/** Route guard: renders its children (or the nested route) only for a signed-in user. */
export function RequireSession({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  const session = useSession();

  if (session.isPending) return <LoadingState label={t('session.checking')} />;
  if (session.isError) {
    return (
      <ErrorState
        message={t('session.error')}
        error={session.error}
        onRetry={() => void session.refetch()}
      />
    );
  }
  if (session.data === null) return <SignedOut />;
  return <SignedIn owner={sessionOwner(session.data)}>{children ?? <Outlet />}</SignedIn>;
}

function SignedOut() {
  const location = useLocation();
  useEffect(() => {
    rememberReturnPath(location.pathname + location.search);
  }, [location.pathname, location.search]);
  return <Navigate to="/login" replace />;
}

/** After signing in (again), go back once to the page the person was sent away from. */
function SignedIn({ owner, children }: { owner: string | null; children: ReactNode }) {
  const navigate = useNavigate();
  useEffect(() => {
    const back = returnPath(owner);
    clearExpiry();
    if (back && back !== window.location.pathname + window.location.search) {
      void navigate(back, { replace: true });
    }
  }, [navigate, owner]);
  return children;
}

/** For /login: a user who is already signed in goes to the dashboard. */
export function RedirectIfSignedIn({ children }: { children: ReactNode }) {
  const session = useSession();
  if (session.data) return <Navigate to="/" replace />;
  return children;
}
