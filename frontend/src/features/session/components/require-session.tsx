import type { ReactNode } from 'react';
import { Navigate, Outlet } from 'react-router';

import { ErrorState, LoadingState } from '@/components/ui/states';
import { useI18n } from '@/lib/i18n';

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
  if (session.data === null) return <Navigate to="/login" replace />;
  return children ?? <Outlet />;
}

/** For /login: a user who is already signed in goes to the dashboard. */
export function RedirectIfSignedIn({ children }: { children: ReactNode }) {
  const session = useSession();
  if (session.data) return <Navigate to="/" replace />;
  return children;
}
