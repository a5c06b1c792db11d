import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';

import { ScrollBox } from '@/components/ui/scroll-box';
import { listDeadJobs, listTenantsForPlatform, retryDeadJob } from '@/api/generated';
import type { TenantSummary } from '@/api/generated';
import { Badge } from '@/components/ui/badge';
import { Pager } from '@/components/ui/pager';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { errorDetail, unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import { NationalCalendarSection } from './national-calendar';

const DEAD_PAGE = 20;

function OfficeHealth({ office }: { office: TenantSummary }) {
  const { t, lang } = useI18n();
  const figures: [string, string | number][] = [
    [t('platform.col.units'), office.units],
    [t('platform.col.users'), office.users],
    [t('platform.col.sops'), office.published_sops],
    [t('platform.col.openCases'), office.open_cases],
    [t('platform.col.overdue'), office.overdue_tasks],
    [
      t('platform.col.jobs'),
      t('platform.jobsCell', { waiting: office.waiting_jobs, dead: office.dead_jobs }),
    ],
    [
      t('platform.col.lastActivity'),
      office.last_activity
        ? new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
            dateStyle: 'medium',
            timeStyle: 'short',
            timeZone: office.time_zone,
          }).format(new Date(office.last_activity))
        : '–',
    ],
  ];
  return (
    <article className="card office-health" data-office={office.slug} aria-labelledby={`office-${office.slug}`}>
      <h3 id={`office-${office.slug}`}>
        <Link to={`/platform/instansi/${office.slug}`}>{office.name}</Link>
      </h3>
      <p>
        <Badge tone={office.healthy ? 'ok' : 'warn'}>
          {t(office.healthy ? 'platform.healthy' : 'platform.unhealthy')}
        </Badge>{' '}
        <span className="muted">
          {office.time_zone} · {office.idp.ok ? office.idp.detail : office.issuer}
        </span>
      </p>
      {office.problems.length > 0 ? (
        <ul className="error-text">
          {office.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      <dl className="facts">
        {figures.map(([label, value]) => (
          <div key={label} className="fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </article>
  );
}

/** The platform admin's view across offices: each office's size, work and health, and the
 * jobs that ended dead, which can be sent back to the queue. */
export function PlatformPage({ isPlatformAdmin }: { isPlatformAdmin: boolean }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  useDocumentTitle(t('platform.title'));
  const [page, setPage] = useState(0);
  const tenants = useQuery({
    queryKey: ['platform', 'tenants'],
    queryFn: async ({ signal }) => unwrap(await listTenantsForPlatform({ signal })),
    enabled: isPlatformAdmin,
  });
  const dead = useQuery({
    queryKey: ['platform', 'dead', page],
    queryFn: async ({ signal }) =>
      unwrap(
        await listDeadJobs({ signal, query: { limit: DEAD_PAGE, offset: page * DEAD_PAGE } }),
      ),
    enabled: isPlatformAdmin,
    placeholderData: keepPreviousData,
  });
  const retry = useMutation({
    mutationFn: async (id: string) => unwrap(await retryDeadJob({ path: { job_id: id } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['platform'] }),
  });
  if (!isPlatformAdmin) return <ErrorState message={t('platform.denied')} />;
  return (
    <section className="page" aria-labelledby="platform-title">
      <h1 id="platform-title">{t('platform.title')}</h1>
      <section aria-labelledby="tenants-title">
        <h2 id="tenants-title">{t('platform.tenants')}</h2>
        <p>
          <Link className="button button-primary" to="/platform/instansi/baru">
            {t('offices.new')}
          </Link>
        </p>
        {tenants.isPending ? <LoadingState /> : null}
        {tenants.isError ? <ErrorState message={t('platform.title')} error={tenants.error} /> : null}
        {tenants.data && tenants.data.length === 0 ? (
          <EmptyState title={t('auth.empty')} />
        ) : null}
        <div className="grid">
          {tenants.data?.map((office) => (
            <OfficeHealth key={office.slug} office={office} />
          ))}
        </div>
      </section>
      <section className="card" aria-labelledby="dead-title">
        <h2 id="dead-title">
          {t('platform.dead')} {dead.data ? `(${String(dead.data.total)})` : ''}
        </h2>
        {dead.isPending ? <LoadingState /> : null}
        {dead.isError ? <ErrorState message={t('platform.dead')} error={dead.error} /> : null}
        {dead.data && dead.data.items.length === 0 ? (
          <EmptyState title={t('platform.dead.empty')} />
        ) : null}
        {retry.isError ? (
          <p role="alert" className="error-text">
            {errorDetail(retry.error)}
          </p>
        ) : null}
        {dead.data && dead.data.items.length > 0 ? (
          <ScrollBox label={t('platform.dead')}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('platform.col.office')}</th>
                  <th scope="col">{t('platform.col.job')}</th>
                  <th scope="col">{t('platform.col.attempts')}</th>
                  <th scope="col">{t('platform.col.error')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('platform.retry')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {dead.data.items.map((job) => (
                  <tr key={job.id}>
                    <td>{job.tenant}</td>
                    <td>{job.actor}</td>
                    <td>{job.attempts}</td>
                    <td className="muted dead-error">
                      {job.last_error.length > 140 ? (
                        <details>
                          <summary>{job.last_error.slice(0, 140)}…</summary>
                          {job.last_error}
                        </details>
                      ) : (
                        job.last_error
                      )}
                    </td>
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
          </ScrollBox>
        ) : null}
        {dead.data ? (
          <Pager
            page={page}
            size={DEAD_PAGE}
            total={dead.data.total}
            label={t('platform.dead')}
            onPage={setPage}
          />
        ) : null}
      </section>
      <NationalCalendarSection />
    </section>
  );
}
