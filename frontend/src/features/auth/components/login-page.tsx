import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';

import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useI18n } from '@/lib/i18n';
import { clearExpiredFlag, sessionExpired } from '@/lib/session-expiry';

import { usePublicTenants } from '../hooks/use-public-tenants';
import { TenantSsoList } from './tenant-sso-list';

/** Choose the office and go through its SSO. On an office's own host name only that office
 * is offered (the others stay one click away); a session that ended says so. An SSO error
 * is shown in our own words, never the text from the URL (anyone can write a link). */
export function LoginPage() {
  const { t } = useI18n();
  useDocumentTitle(t('auth.title'));
  const tenants = usePublicTenants();
  const [expired] = useState(() => sessionExpired());
  useEffect(() => {
    clearExpiredFlag(); // said once; the page to return to is kept until after sign-in
  }, []);
  const [showAll, setShowAll] = useState(false);
  const [params] = useSearchParams();
  const ssoError = params.get('error');
  const own = tenants.data?.filter((tenant) => tenant.this_host) ?? [];
  const offered = own.length === 1 && !showAll ? own : (tenants.data ?? []);

  return (
    <section className="page page-narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t('auth.title')}</h1>
      {expired ? (
        <p className="notice" role="status">
          {t('auth.expired')}
        </p>
      ) : null}
      {ssoError ? (
        <p className="error-text" role="alert">
          {t(ssoError === 'access_denied' ? 'auth.ssoDenied' : 'auth.ssoFailed')}
        </p>
      ) : null}
      <p>{t('auth.intro')}</p>
      {tenants.isPending ? (
        <LoadingState />
      ) : tenants.isError ? (
        <ErrorState
          message={t('auth.error')}
          error={tenants.error}
          onRetry={() => void tenants.refetch()}
        />
      ) : tenants.data.length === 0 ? (
        <EmptyState title={t('auth.empty')}>{t('auth.emptyHint')}</EmptyState>
      ) : (
        <>
          <TenantSsoList tenants={offered} />
          {offered.length < tenants.data.length ? (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setShowAll(true);
              }}
            >
              {t('auth.otherOffices')}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
