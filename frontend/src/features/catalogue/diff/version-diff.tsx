import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { ScrollBox } from '@/components/ui/scroll-box';
import { diffVersions } from '@/api/generated';
import type { SopDetail, VersionOut } from '@/api/generated';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import type { MessageKey } from '@/lib/i18n';

import { formatPath, formatValue, orderEntries } from './diff-path';
import type { PathContext } from './diff-path';

const STATUS: Record<string, MessageKey> = {
  draft: 'catalogue.status.draft',
  submitted: 'catalogue.status.submitted',
  published: 'catalogue.status.published',
  retired: 'catalogue.status.retired',
};

function contextOf(version: VersionOut | undefined): PathContext {
  return (version?.document ?? {});
}

/** "Bandingkan versi": every field that differs between two versions of one SOP, from
 * GET /api/catalogue/diff, named in words. Shown when the SOP has two versions or more. */
export function VersionDiff({ sop }: { sop: SopDetail }) {
  const { t } = useI18n();
  const ids = useId();
  const versions = [...sop.versions].sort((a, b) => a.number - b.number);
  const [open, setOpen] = useState(false);
  // Until the reader picks, the newest version against the one before it (the SOP's
  // versions change while it is open: a draft is created, then published).
  const [picked, setPicked] = useState<{ from?: string; to?: string }>({});
  const known = (id: string | undefined) => versions.some((v) => v.id === id);
  const from = known(picked.from) ? (picked.from ?? '') : (versions[versions.length - 2]?.id ?? '');
  const to = known(picked.to) ? (picked.to ?? '') : (versions[versions.length - 1]?.id ?? '');
  const setFrom = (id: string) => {
    setPicked({ from: id, to });
  };
  const setTo = (id: string) => {
    setPicked({ from, to: id });
  };
  const same = from === to;
  const diff = useQuery({
    queryKey: ['catalogue', 'diff', from, to],
    queryFn: async ({ signal }) => unwrap(await diffVersions({ signal, query: { from, to } })),
    enabled: open && !same && from !== '' && to !== '',
  });
  if (versions.length < 2) return null;
  const label = (v: VersionOut) =>
    t('diff.version', { n: v.number, status: t(STATUS[v.status] ?? 'catalogue.status.draft') });
  // Steps are named by the newer document (a step may be new), else by the older one.
  const fromVersion = versions.find((v) => v.id === from);
  const toVersion = versions.find((v) => v.id === to);
  const context: PathContext = {
    steps: contextOf(toVersion).steps ?? contextOf(fromVersion).steps,
    performers: contextOf(toVersion).performers ?? contextOf(fromVersion).performers,
  };
  const select = (id: string, text: string, value: string, set: (v: string) => void) => (
    <div className="editor-field">
      <label htmlFor={id}>{text}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          set(e.target.value);
        }}
      >
        {versions.map((v) => (
          <option key={v.id} value={v.id}>
            {label(v)}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <section className="card wide no-print diff" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>
        <button
          type="button"
          className="link-button"
          aria-expanded={open}
          aria-controls={`${ids}-body`}
          onClick={() => {
            setOpen(!open);
          }}
        >
          {t('diff.title')}
        </button>
      </h2>
      {open ? (
        <div id={`${ids}-body`}>
          <div className="diff-pick">
            {select(`${ids}-from`, t('diff.from'), from, setFrom)}
            {select(`${ids}-to`, t('diff.to'), to, setTo)}
          </div>
          {same ? (
            <p role="status">{t('diff.pickTwo')}</p>
          ) : diff.isPending ? (
            <LoadingState />
          ) : diff.isError ? (
            <ErrorState
              message={t('diff.error')}
              error={diff.error}
              onRetry={() => void diff.refetch()}
            />
          ) : diff.data.length === 0 ? (
            <EmptyState title={t('diff.identical')} />
          ) : (
            <ScrollBox>
              <p aria-live="polite">{t('diff.count', { n: diff.data.length })}</p>
              <table className="table diff-table">
                <caption className="visually-hidden">
                  {t('diff.caption', {
                    from: fromVersion ? label(fromVersion) : '',
                    to: toVersion ? label(toVersion) : '',
                  })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('diff.col.field')}</th>
                    <th scope="col">{t('diff.col.before')}</th>
                    <th scope="col">{t('diff.col.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {orderEntries(diff.data).map((entry) => (
                    <tr key={entry.path}>
                      <th scope="row" title={entry.path}>
                        {formatPath(entry.path, t, context)}
                      </th>
                      <td className="diff-before" data-label={t('diff.col.before')}>
                        {formatValue(entry.before, t, entry.path)}
                      </td>
                      <td className="diff-after" data-label={t('diff.col.after')}>
                        {formatValue(entry.after, t, entry.path)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollBox>
          )}
        </div>
      ) : null}
    </section>
  );
}
