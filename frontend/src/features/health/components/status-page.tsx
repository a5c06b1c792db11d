import { Badge } from '@/components/ui/badge';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useI18n } from '@/lib/i18n';

import { useReadiness } from '../hooks/use-readiness';
import { ChecksTable } from './checks-table';

/** The technical status of the platform (its parts and each office's IdP), for platform
 * admins only; anyone else is told the page is not for them and nothing is fetched. */
export function StatusPage({ isPlatformAdmin }: { isPlatformAdmin: boolean }) {
  const { t } = useI18n();
  useDocumentTitle(t('health.title'));
  const readiness = useReadiness(isPlatformAdmin);
  if (!isPlatformAdmin) return <ErrorState message={t('platform.denied')} />;

  return (
    <section className="page" aria-labelledby="status-title">
      <div className="page-heading">
        <h1 id="status-title">{t('health.title')}</h1>
        {readiness.isSuccess ? (
          <button
            type="button"
            className="button"
            onClick={() => void readiness.refetch()}
            disabled={readiness.isFetching}
          >
            {t('health.refresh')}
          </button>
        ) : null}
      </div>

      {readiness.isPending ? (
        <LoadingState />
      ) : readiness.isError ? (
        <ErrorState
          message={t('health.error')}
          error={readiness.error}
          onRetry={() => void readiness.refetch()}
        />
      ) : (
        <>
          <p className="overall" aria-live="polite">
            {t('health.overall')}:{' '}
            <Badge tone={readiness.data.status === 'ok' ? 'ok' : 'fail'}>
              {readiness.data.status === 'ok'
                ? t('health.overall.ok')
                : t('health.overall.fail')}
            </Badge>
          </p>
          {readiness.data.checks.length === 0 ? (
            <EmptyState title={t('health.empty')} />
          ) : (
            <ChecksTable checks={readiness.data.checks} />
          )}
        </>
      )}
    </section>
  );
}
