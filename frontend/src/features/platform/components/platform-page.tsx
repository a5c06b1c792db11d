import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { listDeadJobs, listTenantsForPlatform, retryDeadJob } from '@/api/generated';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

/** The platform admin's view across offices: each office, and the jobs that ended dead,
 * which can be sent back to the queue. */
export function PlatformPage({ isPlatformAdmin }: { isPlatformAdmin: boolean }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  useDocumentTitle(t('platform.title'));
  const tenants = useQuery({
    queryKey: ['platform', 'tenants'],
    queryFn: async ({ signal }) => unwrap(await listTenantsForPlatform({ signal })),
    enabled: isPlatformAdmin,
  });
  const dead = useQuery({
    queryKey: ['platform', 'dead'],
    queryFn: async ({ signal }) => unwrap(await listDeadJobs({ signal })),
    enabled: isPlatformAdmin,
  });
  const retry = useMutation({
    mutationFn: async (id: string) => unwrap(await retryDeadJob({ path: { job_id: id } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['platform', 'dead'] }),
  });
  if (!isPlatformAdmin) return <ErrorState message={t('platform.denied')} />;
  return (
    <section className="page" aria-labelledby="platform-title">
      <h1 id="platform-title">{t('platform.title')}</h1>
      <section className="card" aria-labelledby="tenants-title">
        <h2 id="tenants-title">{t('platform.tenants')}</h2>
        {tenants.isPending ? <LoadingState /> : null}
        {tenants.isError ? <ErrorState message={t('platform.title')} error={tenants.error} /> : null}
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('platform.col.office')}</th>
                <th scope="col">{t('platform.col.zone')}</th>
                <th scope="col">{t('platform.col.units')}</th>
                <th scope="col">{t('platform.col.users')}</th>
              </tr>
            </thead>
            <tbody>
              {tenants.data?.map((tenant) => (
                <tr key={tenant.slug}>
                  <td>
                    {tenant.name}
                    <br />
                    <span className="muted">{tenant.issuer}</span>
                  </td>
                  <td>{tenant.time_zone}</td>
                  <td>{tenant.units}</td>
                  <td>{tenant.users}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="dead-title">
        <h2 id="dead-title">{t('platform.dead')}</h2>
        {dead.data && dead.data.items.length === 0 ? (
          <EmptyState title={t('platform.dead.empty')} />
        ) : null}
        {dead.data && dead.data.items.length > 0 ? (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('platform.col.office')}</th>
                  <th scope="col">{t('platform.col.job')}</th>
                  <th scope="col">{t('platform.col.attempts')}</th>
                  <th scope="col">{t('platform.col.error')}</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {dead.data.items.map((job) => (
                  <tr key={job.id}>
                    <td>{job.tenant}</td>
                    <td>{job.actor}</td>
                    <td>{job.attempts}</td>
                    <td className="muted">{job.last_error}</td>
                    <td>
                      <button
                        type="button"
                        className="button"
                        disabled={retry.isPending}
                        onClick={() => {
                          retry.mutate(job.id);
                        }}
                      >
                        {t('platform.retry')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </section>
  );
}
