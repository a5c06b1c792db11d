import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';

import { approveVersion, returnVersion } from '@/api/generated';
import type { PendingApproval, SopDetail } from '@/api/generated';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { errorDetail, unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import { VersionDiff } from '../diff/version-diff';
import { approvalsQueryOptions } from './api';

/** The waiting version and the one in force, as the version comparison reads an SOP. */
function compared(item: PendingApproval): SopDetail {
  return {
    id: item.sop_id,
    key: item.key,
    title: item.title,
    unit_code: item.unit_code,
    versions: item.published ? [item.published, item.version] : [item.version],
  };
}

function PendingItem({ item, onDone }: { item: PendingApproval; onDone: (text: string) => void }) {
  const { t, lang } = useI18n();
  const ids = useId();
  const queryClient = useQueryClient();
  const [returning, setReturning] = useState(false);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['catalogue', 'approvals'] }),
      queryClient.invalidateQueries({ queryKey: ['catalogue', 'sop', item.sop_id] }),
    ]);
  const path = { version_id: item.version.id };
  const approving = useMutation({
    mutationFn: async () => unwrap(await approveVersion({ path })),
    onSuccess: async () => {
      onDone(t('approval.approved', { key: item.key }));
      await refresh();
    },
  });
  const sending = useMutation({
    mutationFn: async () => unwrap(await returnVersion({ path, body: { note: note.trim() } })),
    onSuccess: async () => {
      onDone(t('approval.sentBack', { key: item.key }));
      await refresh();
    },
  });
  const busy = approving.isPending || sending.isPending;
  const failed = approving.error ?? sending.error;
  const submitted = item.version.submitted_at
    ? new Date(item.version.submitted_at).toLocaleDateString(lang === 'en' ? 'en-GB' : 'id-ID')
    : '–';
  return (
    <li className="approval-item">
      <h3>
        <Link to={`/katalog/${item.sop_id}`}>
          {item.key} · {item.title}
        </Link>
      </h3>
      <p className="muted">
        {t('approval.meta', {
          n: item.version.number,
          date: submitted,
          who: item.submitted_by_name ?? t('approval.someAdmin'),
        })}
      </p>
      {item.published ? null : <p className="muted">{t('approval.firstVersion')}</p>}
      <VersionDiff sop={compared(item)} />
      {returning ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!note.trim()) {
              setMissing(true);
              return;
            }
            setMissing(false);
            sending.mutate();
          }}
        >
          <div className="editor-field">
            <label htmlFor={`${ids}-note`}>{t('approval.note')}</label>
            <textarea
              id={`${ids}-note`}
              value={note}
              rows={3}
              maxLength={2000}
              aria-invalid={missing}
              aria-describedby={missing ? `${ids}-missing` : undefined}
              onChange={(e) => {
                setNote(e.target.value);
              }}
            />
            {missing ? (
              <p id={`${ids}-missing`} role="alert" className="error-text">
                {t('approval.noteRequired')}
              </p>
            ) : null}
          </div>
          <div className="button-row">
            <button type="submit" className="button" disabled={busy}>
              {t('approval.sendBack')}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => {
                setReturning(false);
                setMissing(false);
              }}
            >
              {t('approval.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => {
              approving.mutate();
            }}
          >
            {t('approval.approve')}
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => {
              setReturning(true);
            }}
          >
            {t('approval.return')}
          </button>
        </div>
      )}
      {failed ? (
        <p role="alert" className="error-text">
          {t('approval.failed', { reason: errorDetail(failed) })}
        </p>
      ) : null}
    </li>
  );
}

/** The head of office's pengesahan queue on the dashboard: each SOP version waiting, compared
 * with the version in force, to approve (it takes effect) or send back with a note. Shown only
 * to whoever holds the Kepala Dinas position today (or its Plt/Plh). */
export function PendingApprovals() {
  const { t } = useI18n();
  const queue = useQuery(approvalsQueryOptions());
  const [done, setDone] = useState<string | null>(null);
  if (queue.isPending) return null;
  if (queue.isError) {
    return (
      <section className="card wide" aria-labelledby="approvals-title">
        <h2 id="approvals-title">{t('approval.panel')}</h2>
        <ErrorState message={t('approval.error')} error={queue.error} />
      </section>
    );
  }
  if (!queue.data.can_approve) return null;
  const items = queue.data.items;
  return (
    <section className="card wide" aria-labelledby="approvals-title">
      <h2 id="approvals-title">{t('approval.panel')}</h2>
      {done ? <p role="status">{done}</p> : null}
      {items.length === 0 ? (
        <EmptyState title={t('approval.empty')} />
      ) : (
        <ol className="approval-list">
          {items.map((item) => (
            <PendingItem key={item.version.id} item={item} onDone={setDone} />
          ))}
        </ol>
      )}
    </section>
  );
}
