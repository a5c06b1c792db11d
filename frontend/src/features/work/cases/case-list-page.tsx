import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { SyntheticEvent } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { CaseOut } from '@/api/generated';
import { Badge } from '@/components/ui/badge';
import { Pager } from '@/components/ui/pager';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useI18n } from '@/lib/i18n';

import { CASE_PAGE, CASE_SORTS, casesQueryOptions, exportUrl, filtersFrom, paramsFrom } from '../api/cases';
import type { CaseFilters } from '../api/cases';
import { scopeQueryOptions } from '../api/work';
import { formatMoment } from '../components/format';
import { caseStatusTone } from './case-status';

/** "Kasus saya" and, for leaders, every case within their reach: search by number, perihal,
 * reference or SOP; status, overdue and period filters; paging and sorting on the server. */
export function CaseListPage({ timeZone, admin }: { timeZone: string; admin: boolean }) {
  const { t, lang } = useI18n();
  const ids = useId();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const scope = useQuery(scopeQueryOptions());
  const leader = (scope.data?.level ?? 'own') !== 'own' || admin;
  const [draft, setDraft] = useState(filters.q);
  const cases = useQuery(casesQueryOptions(filters));
  useDocumentTitle(t('cases.title'));

  const update = (change: Partial<CaseFilters>) => {
    setParams(paramsFrom({ ...filters, page: 0, ...change }));
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    update({ q: draft.trim() });
  };

  return (
    <section className="page" aria-labelledby={`${ids}-title`}>
      <h1 id={`${ids}-title`}>{t('cases.title')}</h1>
      {leader ? (
        <div className="tabs" role="group" aria-label={t('cases.scope')}>
          {(['mine', 'all'] as const).map((value) => (
            <button
              key={value}
              type="button"
              className={filters.scope === value ? 'button button-primary' : 'button'}
              aria-pressed={filters.scope === value}
              onClick={() => {
                update({ scope: value });
              }}
            >
              {t(value === 'mine' ? 'cases.scope.mine' : 'cases.scope.all')}
            </button>
          ))}
        </div>
      ) : null}
      <form className="filters case-filters" role="search" onSubmit={submit}>
        <label htmlFor={`${ids}-q`} className="visually-hidden">
          {t('cases.search')}
        </label>
        <input
          id={`${ids}-q`}
          type="search"
          value={draft}
          placeholder={t('cases.search')}
          onChange={(e) => {
            setDraft(e.target.value);
          }}
        />
        <button type="submit" className="button">
          {t('catalogue.searchButton')}
        </button>
        <label htmlFor={`${ids}-status`}>{t('case.status')}</label>
        <select
          id={`${ids}-status`}
          value={filters.status}
          onChange={(e) => {
            update({ status: e.target.value as CaseFilters['status'] });
          }}
        >
          <option value="">{t('cases.status.all')}</option>
          <option value="open">{t('case.status.open')}</option>
          <option value="closed">{t('case.status.closed')}</option>
          <option value="cancelled">{t('case.status.cancelled')}</option>
        </select>
        <label className="check">
          <input
            type="checkbox"
            checked={filters.overdue}
            onChange={(e) => {
              update({ overdue: e.target.checked });
            }}
          />
          {t('cases.overdue')}
        </label>
        <label htmlFor={`${ids}-start`}>
          {t(filters.during ? 'cases.openFrom' : 'cases.from')}
        </label>
        <input
          id={`${ids}-start`}
          type="date"
          value={filters.start}
          onChange={(e) => {
            update({ start: e.target.value });
          }}
        />
        <label htmlFor={`${ids}-end`}>{t('cases.to')}</label>
        <input
          id={`${ids}-end`}
          type="date"
          value={filters.end}
          onChange={(e) => {
            update({ end: e.target.value });
          }}
        />
        <label htmlFor={`${ids}-sort`}>{t('cases.sort')}</label>
        <select
          id={`${ids}-sort`}
          value={filters.sort}
          onChange={(e) => {
            update({ sort: e.target.value });
          }}
        >
          {CASE_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(`cases.sort.${sort}`)}
            </option>
          ))}
        </select>
      </form>
      {filters.sop || filters.unit ? (
        <p className="notice">
          {t(filters.during ? 'cases.onlyDuring' : 'cases.only', { label: filters.label || '–' })}{' '}
          <button
            type="button"
            className="button"
            onClick={() => {
              update({ sop: '', unit: '', label: '', during: false });
            }}
          >
            {t('cases.clearOnly')}
          </button>
        </p>
      ) : null}
      {leader && cases.data && cases.data.total > 0 ? (
        <p>
          <a className="button" href={exportUrl(filters)} download>
            {t('cases.export')}
          </a>
        </p>
      ) : null}
      {cases.isPending ? (
        <LoadingState />
      ) : cases.isError ? (
        <ErrorState message={t('cases.error')} error={cases.error} onRetry={() => void cases.refetch()} />
      ) : cases.data.items.length === 0 ? (
        <EmptyState title={t(filtersActive(filters) ? 'cases.empty.filtered' : 'cases.empty.none')}>
          {t(filters.scope === 'mine' ? 'cases.empty.mineHint' : 'cases.empty.allHint')}
        </EmptyState>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {t('cases.count', { count: cases.data.total })}
          </p>
          <ol className="case-list">
            {cases.data.items.map((item) => (
              <CaseRow key={item.id} item={item} timeZone={timeZone} lang={lang} />
            ))}
          </ol>
          <Pager
            page={filters.page}
            size={CASE_PAGE}
            total={cases.data.total}
            label={t('cases.title')}
            onPage={(page) => {
              setParams(paramsFrom({ ...filters, page }));
            }}
          />
        </>
      )}
    </section>
  );
}

function filtersActive(f: CaseFilters): boolean {
  return Boolean(f.q || f.status || f.overdue || f.start || f.end || f.sop || f.unit);
}

function CaseRow({ item, timeZone, lang }: { item: CaseOut; timeZone: string; lang: string }) {
  const { t } = useI18n();
  const status = item.status as 'open' | 'closed' | 'cancelled';
  return (
    <li className="case-row" data-case={item.id}>
      <div className="case-row-head">
        <Link to={`/kasus/${item.id}`}>{item.number}</Link>
        <Badge tone={caseStatusTone(status, item.overdue)}>
          {item.overdue && status === 'open' ? t('cases.late') : t(`case.status.${status}`)}
        </Badge>
      </div>
      <p className="case-subject" title={item.subject}>
        {item.subject}
      </p>
      <p className="muted case-meta">
        {item.sop_key} {item.sop_title} · {item.unit_name} ·{' '}
        {t('cases.startedBy', {
          who: item.started_by_name,
          when: formatMoment(item.started_at, timeZone, lang),
        })}
      </p>
      {status === 'open' && item.current_activity ? (
        <p className="case-meta">
          {t('cases.now', {
            step: item.current_step_number ?? '',
            activity: item.current_activity,
            who: item.current_performer ?? '–',
          })}
          {item.current_due_at
            ? ` · ${t('cases.due', { when: formatMoment(item.current_due_at, timeZone, lang) })}`
            : null}
        </p>
      ) : null}
      {status === 'cancelled' && item.cancel_reason ? (
        <p className="case-meta">{t('cases.cancelReason', { reason: item.cancel_reason })}</p>
      ) : null}
    </li>
  );
}
