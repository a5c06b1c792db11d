import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useState } from 'react';

import { Badge } from '@/components/ui/badge';
import { Pager } from '@/components/ui/pager';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useI18n } from '@/lib/i18n';

import { PAGE_SIZE } from '../api/sops';
import { unitNamesQueryOptions } from '../api/units';
import { ImportPanel } from '../import/import-panel';
import type { SopQuery } from '../api/sops';
import { useSops } from '../hooks/use-sops';
import { STATUS_LABEL, statusLabel } from '../status';

const STATUSES: SopQuery['status'][] = ['', 'draft', 'submitted', 'published', 'retired'];

/** The office's SOP catalogue: search, page through. Staff see the SOPs in force (the server
 * lists nothing else for them); the tenant admin (`canEdit`) sees every SOP with a status
 * filter, and imports SOP books and documents here. */
export function CataloguePage({ canEdit = false }: { canEdit?: boolean }) {
  const { t } = useI18n();
  useDocumentTitle(t('catalogue.title'));
  const [text, setText] = useState('');
  const [query, setQuery] = useState<SopQuery>({
    q: '',
    status: canEdit ? '' : 'published',
    page: 0,
  });
  const sops = useSops(query);
  const unitNames = useQuery(unitNamesQueryOptions()).data ?? {};
  const total = sops.data?.total ?? 0;

  return (
    <section className="page" aria-labelledby="catalogue-title">
      <h1 id="catalogue-title">{t('catalogue.title')}</h1>
      {canEdit ? (
        <p>
          <Link to="/katalog/kesiapan">{t('readiness.nav')}</Link>
        </p>
      ) : null}
      {canEdit ? <ImportPanel /> : <p className="muted">{t('catalogue.inForce')}</p>}
      <form
        className="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery({ ...query, q: text, page: 0 });
        }}
      >
        <label htmlFor="sop-search">{t('catalogue.search')}</label>
        <input
          id="sop-search"
          type="search"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
          }}
        />
        {canEdit ? (
          <>
            <label htmlFor="sop-status">{t('catalogue.status')}</label>
            <select
              id="sop-status"
              value={query.status}
              onChange={(event) => {
                setQuery({ ...query, status: event.target.value as SopQuery['status'], page: 0 });
              }}
            >
              {STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(STATUS_LABEL[status] ?? 'catalogue.status.all')}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <button type="submit" className="button">
          {t('catalogue.searchButton')}
        </button>
      </form>

      {sops.isPending ? (
        <LoadingState />
      ) : sops.isError ? (
        <ErrorState
          message={t('catalogue.error')}
          error={sops.error}
          onRetry={() => void sops.refetch()}
        />
      ) : sops.data.items.length === 0 ? (
        <EmptyState
          title={t(!canEdit && query.q === '' ? 'catalogue.emptyInForce' : 'catalogue.empty')}
        />
      ) : (
        <>
          <p aria-live="polite">{t('catalogue.count', { total })}</p>
          <table className="table">
            <caption className="visually-hidden">{t('catalogue.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('catalogue.col.key')}</th>
                <th scope="col">{t('catalogue.col.title')}</th>
                <th scope="col">{t('catalogue.col.unit')}</th>
                <th scope="col">{t('catalogue.col.steps')}</th>
                <th scope="col">{t('catalogue.col.status')}</th>
                <th scope="col">{t('catalogue.col.warnings')}</th>
              </tr>
            </thead>
            <tbody>
              {sops.data.items.map((sop) => (
                <tr key={sop.id}>
                  <td>{sop.key}</td>
                  <td>
                    <Link to={`/katalog/${sop.id}`}>{sop.title}</Link>
                  </td>
                  <td>{sop.unit_code ? (unitNames[sop.unit_code] ?? sop.unit_code) : '—'}</td>
                  <td>{sop.steps}</td>
                  <td>
                    <Badge tone={sop.published_version !== null ? 'ok' : 'neutral'}>
                      {t(statusLabel(sop.latest_status))}
                    </Badge>
                  </td>
                  <td>{sop.warnings > 0 ? t('catalogue.warnings', { n: sop.warnings }) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            page={query.page}
            size={PAGE_SIZE}
            total={total}
            label={t('catalogue.pages')}
            onPage={(page) => {
              setQuery({ ...query, page });
            }}
          />
        </>
      )}
    </section>
  );
}
