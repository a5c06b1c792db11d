import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useI18n } from '@/lib/i18n';

import { usePublicTenants } from '../hooks/use-public-tenants';
import { TenantSsoList } from './tenant-sso-list';

export function LoginPage() {
  const { t } = useI18n();
  useDocumentTitle(t('auth.title'));
  const tenants = usePublicTenants();

  return (
    <section className="page page-narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t('auth.title')}</h1>
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
        <TenantSsoList tenants={tenants.data} />
      )}
    </section>
  );
}
