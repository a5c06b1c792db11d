import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';

import type { AppointmentRequestOut } from '@/api/generated';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { errorDetail } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import { requestsQueryOptions, useDecideAppointment } from '../api/org';
import { kindLabel } from '../model';

/** Whether a saved appointment is a request waiting for the head of office. */
export function isRequest(
  made: { id: string } & Partial<AppointmentRequestOut>,
): made is AppointmentRequestOut {
  return made.status === 'pending';
}

/** One post's appointments waiting for the head of office, under its holders. */
export function PostRequests({ positionId }: { positionId: string }) {
  const { t } = useI18n();
  const requests = useQuery(requestsQueryOptions(positionId));
  const items = requests.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <ul className="org-requests" aria-label={t('org.request.waitingList')}>
      {items.map((r) => (
        <li key={r.id}>
          {t('org.request.waiting', {
            name: r.user_name,
            kind: kindLabel(t, 'holder', r.kind),
          })}
        </li>
      ))}
    </ul>
  );
}

function RequestItem({
  item,
  onDone,
}: {
  item: AppointmentRequestOut;
  onDone: (text: string) => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  const decide = useDecideAppointment();
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const kind = kindLabel(t, 'holder', item.kind);
  const dates = item.starts_on && item.ends_on ? ` (${item.starts_on} – ${item.ends_on})` : '';
  return (
    <li className="approval-item">
      <h3>
        {t('org.request.title', { name: item.user_name, kind, position: item.position_title })}
        {dates}
      </h3>
      <p className="muted">
        {t('org.request.by', { name: item.requested_by_name ?? '–' })} · {item.reason}
      </p>
      {decide.error ? (
        <p role="alert" className="error-text">
          {errorDetail(decide.error)}
        </p>
      ) : null}
      {rejecting ? (
        <form
          className="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (note.trim().length < 3) {
              setMissing(true);
              return;
            }
            decide.mutate(
              { id: item.id, approve: false, note: note.trim() },
              {
                onSuccess: () => {
                  onDone(t('org.request.rejected', { name: item.user_name }));
                },
              },
            );
          }}
        >
          <label htmlFor={`${ids}-note`}>{t('org.request.reason')}</label>
          <textarea
            id={`${ids}-note`}
            value={note}
            aria-invalid={missing || undefined}
            aria-describedby={missing ? `${ids}-note-error` : undefined}
            onChange={(e) => {
              setNote(e.target.value);
              setMissing(false);
            }}
          />
          {missing ? (
            <p id={`${ids}-note-error`} role="alert" className="error-text">
              {t('org.request.reasonMissing')}
            </p>
          ) : null}
          <div className="button-row">
            <button type="submit" className="button" disabled={decide.isPending}>
              {t('org.request.reject')}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setRejecting(false);
              }}
            >
              {t('org.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="button button-primary"
            disabled={decide.isPending}
            onClick={() => {
              decide.mutate(
                { id: item.id, approve: true, note: '' },
                {
                  onSuccess: () => {
                    onDone(
                      t('org.request.approved', {
                        name: item.user_name,
                        kind,
                        position: item.position_title,
                      }),
                    );
                  },
                },
              );
            }}
          >
            {t('org.request.approve')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setRejecting(true);
            }}
          >
            {t('org.request.rejectOpen')}
          </button>
        </div>
      )}
    </li>
  );
}

/** The head of office's queue of appointments above an appointer's reach, on the dashboard.
 * Shown only to whoever may decide them (the Kepala Dinas or their Plt/Plh). */
export function PendingAppointments() {
  const { t } = useI18n();
  const queue = useQuery(requestsQueryOptions());
  const [done, setDone] = useState<string | null>(null);
  if (queue.isPending) return null;
  if (queue.isError) {
    return (
      <section className="card wide" aria-labelledby="appointments-title">
        <h2 id="appointments-title">{t('org.request.panel')}</h2>
        <ErrorState
          message={t('org.request.failed')}
          error={queue.error}
          onRetry={() => void queue.refetch()}
        />
      </section>
    );
  }
  // Nothing to decide and nothing just decided: no card to scroll past.
  if (!queue.data.can_decide || (queue.data.items.length === 0 && !done)) return null;
  return (
    <section className="card wide" aria-labelledby="appointments-title">
      <h2 id="appointments-title">{t('org.request.panel')}</h2>
      {done ? <p role="status">{done}</p> : null}
      {queue.data.items.length === 0 ? (
        <EmptyState title={t('org.request.empty')} />
      ) : (
        <ol className="approval-list">
          {queue.data.items.map((item) => (
            <RequestItem key={item.id} item={item} onDone={setDone} />
          ))}
        </ol>
      )}
    </section>
  );
}
