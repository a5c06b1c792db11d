import { useState } from 'react';

import type { OrgSkeletonOut } from '@/api/generated';
import { ScrollBox } from '@/components/ui/scroll-box';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { errorDetail } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import { useAcceptSkeleton, useSkeleton } from '../api/offices';

/** What the admin keeps of the proposal: a position whose unit is dropped goes with it, and a
 * unit whose parent is dropped too (the API refuses an org with a dangling parent anyway). */
export function keptSkeleton(skeleton: OrgSkeletonOut, dropped: ReadonlySet<string>) {
  const units = skeleton.units.filter(
    (u) => !dropped.has(`u:${u.code}`) && !(u.parent && dropped.has(`u:${u.parent}`)),
  );
  const codes = new Set(units.map((u) => u.code));
  const positions = skeleton.positions.filter(
    (p) => !dropped.has(`p:${p.code}`) && codes.has(p.unit),
  );
  return { units, positions };
}

/** The org proposed from the office's books, to review and accept: units and positions with
 * the book line each came from, and what the books leave open in notes. */
export function OrgSkeletonReview({ slug, drafts }: { slug: string; drafts: number }) {
  const { t } = useI18n();
  const [asked, setAsked] = useState(false);
  const skeleton = useSkeleton(slug, asked);
  const accept = useAcceptSkeleton(slug);
  const [dropped, setDropped] = useState<Set<string>>(new Set());
  const toggle = (key: string) => {
    setDropped((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  };
  if (!asked) {
    return (
      <button
        type="button"
        className="button"
        disabled={drafts === 0}
        onClick={() => {
          setAsked(true);
        }}
      >
        {t('offices.org.propose')}
      </button>
    );
  }
  if (skeleton.isPending) return <LoadingState />;
  if (skeleton.isError) return <ErrorState message={t('offices.org')} error={skeleton.error} />;
  const data = skeleton.data;
  if (data.has_org) return <p>{t('offices.org.exists')}</p>;
  if (accept.isSuccess) {
    return (
      <p role="status">
        {t('offices.org.accepted', {
          units: accept.data.units,
          positions: accept.data.positions,
          drafts: accept.data.drafts_remapped,
        })}
      </p>
    );
  }
  const unitName = new Map(data.units.map((u) => [u.code, u.name]));
  const kept = keptSkeleton(data, dropped);
  return (
    <div className="skeleton-review">
      <p className="muted">{t('offices.org.from', { drafts: data.drafts_read })}</p>
      {data.notes.length > 0 ? (
        <ul className="notes">
          {data.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
      <ScrollBox label={t('offices.org.units')}>
        <table className="table">
          <caption>{t('offices.org.units')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('offices.org.keep')}</th>
              <th scope="col">{t('offices.org.name')}</th>
              <th scope="col">{t('offices.org.parent')}</th>
              <th scope="col">{t('offices.org.source')}</th>
            </tr>
          </thead>
          <tbody>
            {data.units.map((u) => (
              <tr key={u.code}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('offices.org.keepThis', { name: u.name })}
                    checked={!dropped.has(`u:${u.code}`)}
                    disabled={u.parent === null}
                    onChange={() => {
                      toggle(`u:${u.code}`);
                    }}
                  />
                </td>
                <td>
                  {u.name}
                  {u.note ? <p className="muted">{u.note}</p> : null}
                </td>
                <td>{u.parent ? unitName.get(u.parent) : '–'}</td>
                <td className="muted">{u.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <ScrollBox label={t('offices.org.positions')}>
        <table className="table">
          <caption>{t('offices.org.positions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('offices.org.keep')}</th>
              <th scope="col">{t('offices.org.title')}</th>
              <th scope="col">{t('offices.org.unit')}</th>
              <th scope="col">{t('offices.org.source')}</th>
            </tr>
          </thead>
          <tbody>
            {data.positions.map((p) => (
              <tr key={p.code}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('offices.org.keepThis', { name: p.title })}
                    checked={!dropped.has(`p:${p.code}`)}
                    disabled={p.supervisor === null}
                    onChange={() => {
                      toggle(`p:${p.code}`);
                    }}
                  />
                </td>
                <td>
                  {p.title}
                  {p.note ? <p className="muted">{p.note}</p> : null}
                </td>
                <td>{unitName.get(p.unit)}</td>
                <td className="muted">{p.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          disabled={accept.isPending}
          onClick={() => {
            accept.mutate(kept);
          }}
        >
          {t('offices.org.accept', { units: kept.units.length, positions: kept.positions.length })}
        </button>
      </div>
      {accept.isError ? (
        <p role="alert" className="error-text">
          {errorDetail(accept.error)}
        </p>
      ) : null}
    </div>
  );
}
