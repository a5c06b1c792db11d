import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';

import type { HolderOut, PositionOut } from '@/api/generated';
import { Badge } from '@/components/ui/badge';
import type { BadgeTone } from '@/components/ui/badge';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { errorDetail } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import type { Language, MessageKey } from '@/lib/i18n';

import { holdersQueryOptions, useEndHolder, useRemoveHolder } from '../api/org';
import { holderStatus, kindLabel } from '../model';
import type { HolderStatus } from '../model';
import { isRequest, PostRequests } from './appointment-requests';
import { HolderForm } from './holder-form';
import { RenameForm } from './rename-form';

const STATUS_TONE: Record<HolderStatus, BadgeTone> = {
  current: 'ok',
  upcoming: 'neutral',
  ended: 'warn',
};

/** A plain date from the API (YYYY-MM-DD), written the way the reader's language does. */
export function formatDate(value: string, lang: Language): string {
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(date);
}

/** A current holder is ended on a date (kept on record); a planned appointment is cancelled
 * and an ended one's record can be removed (the audit log keeps both). */
function HolderItem({
  holder,
  today,
  positionId,
  onRemoved,
  onEnded,
}: {
  holder: HolderOut;
  today: string;
  positionId: string;
  onRemoved: (holder: HolderOut) => void;
  onEnded: (holder: HolderOut) => void;
}) {
  const { t, lang } = useI18n();
  const ids = useId();
  const [confirming, setConfirming] = useState(false);
  const [endsOn, setEndsOn] = useState(today);
  const remove = useRemoveHolder(positionId, () => {
    onRemoved(holder);
  });
  const end = useEndHolder(positionId);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const endRef = useRef<HTMLButtonElement>(null);
  const status = holderStatus(holder, today);
  const ending = status === 'current';
  const kind = kindLabel(t, 'holder', holder.kind);
  const from = holder.starts_on ? formatDate(holder.starts_on, lang) : t('org.holder.noDate');
  const until = holder.ends_on ? formatDate(holder.ends_on, lang) : t('org.holder.openEnded');
  const badDate = ending && (!endsOn || (!!holder.starts_on && endsOn < holder.starts_on));
  const failure = remove.isError ? remove.error : end.isError ? end.error : null;
  const opener: { label: MessageKey; who: MessageKey } = ending
    ? { label: 'org.holder.end', who: 'org.holder.endWho' }
    : status === 'upcoming'
      ? { label: 'org.holder.cancelPlanned', who: 'org.holder.cancelPlannedWho' }
      : { label: 'org.holder.delete', who: 'org.holder.deleteWho' };

  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
  }, [confirming]);

  const stopConfirming = () => {
    setConfirming(false);
    remove.reset();
    end.reset();
    // Put focus back where the person was, not at the top of the page.
    setTimeout(() => endRef.current?.focus(), 0);
  };

  return (
    <li className="org-holder" data-holder={holder.user_nip} data-kind={holder.kind} data-status={status}>
      <div className="org-holder-main">
        <span className="org-holder-name">{holder.user_name}</span>
        <span className="muted">
          {t('org.holder.nip')} {holder.user_nip}
        </span>
      </div>
      <div className="org-holder-facts">
        <Badge tone={holder.kind === 'definitive' ? 'neutral' : 'warn'}>{kind}</Badge>
        <span>{t('org.holder.period', { from, until })}</span>
        <Badge tone={STATUS_TONE[status]}>{t(`org.holder.status.${status}`)}</Badge>
      </div>
      {confirming ? (
        <div className="org-confirm" role="group" aria-labelledby={`${ids}-confirm`}>
          <p id={`${ids}-confirm`}>
            {t(ending ? 'org.holder.confirmEnd' : 'org.holder.confirm', {
              name: holder.user_name,
              kind,
            })}
          </p>
          {ending ? (
            <>
              <label htmlFor={`${ids}-ends`}>{t('org.holder.endsOnLast')}</label>
              <input
                id={`${ids}-ends`}
                type="date"
                value={endsOn}
                min={holder.starts_on ?? undefined}
                aria-invalid={badDate}
                onChange={(e) => {
                  setEndsOn(e.target.value);
                }}
              />
              {badDate ? (
                <p role="alert" className="error-text">
                  {t('org.holder.error.endBeforeStart')}
                </p>
              ) : null}
            </>
          ) : null}
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              disabled={remove.isPending || end.isPending || badDate}
              onClick={() => {
                if (ending) {
                  end.mutate(
                    { holderId: holder.id, endsOn },
                    {
                      onSuccess: () => {
                        setConfirming(false);
                        onEnded(holder);
                      },
                    },
                  );
                } else {
                  remove.mutate(holder.id);
                }
              }}
            >
              {t(ending ? 'org.holder.confirmYes' : 'org.holder.confirmRemoveYes')}
            </button>
            <button type="button" className="button" ref={cancelRef} onClick={stopConfirming}>
              {t('org.cancel')}
            </button>
          </div>
          {failure ? (
            <p role="alert" className="error-text">
              {t('org.holder.removeFailed', { reason: errorDetail(failure) })}
            </p>
          ) : null}
        </div>
      ) : (
        <button
          type="button"
          className="button org-holder-end"
          ref={endRef}
          aria-label={t(opener.who, { name: holder.user_name, kind })}
          onClick={() => {
            setConfirming(true);
          }}
        >
          {t(opener.label)}
        </button>
      )}
    </li>
  );
}

/** One position: what it is, who holds it (definitive, Plt, Plh, with their dates), and the
 * admin's appoint and end actions. */
export function PositionCard({
  position,
  supervisor,
  today,
}: {
  position: PositionOut;
  supervisor: string | null;
  today: string;
}) {
  const { t } = useI18n();
  const ids = useId();
  const holders = useQuery(holdersQueryOptions(position.id));
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [notice, setNotice] = useState('');
  const addRef = useRef<HTMLButtonElement>(null);
  const backToAdd = () => {
    setTimeout(() => addRef.current?.focus(), 0);
  };

  return (
    <article className="org-position" aria-labelledby={`${ids}-title`} data-position={position.code}>
      <header className="org-position-head">
        <h3 id={`${ids}-title`}>{position.title}</h3>
        <p className="muted org-position-meta">
          {kindLabel(t, 'position', position.kind)} · {t('org.code')} <code>{position.code}</code>
          {supervisor ? ` · ${t('org.position.supervisor', { name: supervisor })}` : null}
          {position.active ? null : ` · ${t('org.inactive')}`}
        </p>
      </header>
      {renaming ? (
        <RenameForm
          kind="position"
          id={position.id}
          current={position.title}
          onDone={() => {
            setRenaming(false);
          }}
        />
      ) : null}
      <h4 className="visually-hidden">{t('org.holders.title', { position: position.title })}</h4>
      {holders.isPending ? <LoadingState label={t('org.holders.loading')} /> : null}
      {holders.isError ? (
        <ErrorState
          message={t('org.holders.failed')}
          error={holders.error}
          onRetry={() => void holders.refetch()}
        />
      ) : null}
      {holders.data && holders.data.length === 0 ? (
        <EmptyState title={t('org.holders.empty')} />
      ) : null}
      {holders.data && holders.data.length > 0 ? (
        <ul className="org-holders" aria-label={t('org.holders.title', { position: position.title })}>
          {holders.data.map((holder) => (
            <HolderItem
              key={holder.id}
              holder={holder}
              today={today}
              positionId={position.id}
              onEnded={(ended) => {
                setNotice(
                  t('org.holder.ended', {
                    name: ended.user_name,
                    kind: kindLabel(t, 'holder', ended.kind),
                  }),
                );
              }}
              onRemoved={(gone) => {
                setNotice(
                  t('org.holder.removed', {
                    name: gone.user_name,
                    kind: kindLabel(t, 'holder', gone.kind),
                  }),
                );
                backToAdd();
              }}
            />
          ))}
        </ul>
      ) : null}
      <PostRequests positionId={position.id} />
      {adding ? (
        <HolderForm
          positionId={position.id}
          positionTitle={position.title}
          onDone={(added) => {
            setAdding(false);
            if (added && isRequest(added)) {
              setNotice(
                t('org.request.sent', {
                  name: added.user_name,
                  kind: kindLabel(t, 'holder', added.kind),
                  reason: added.reason,
                }),
              );
            } else if (added) {
              setNotice(
                t('org.holder.added', {
                  name: added.user_name,
                  kind: kindLabel(t, 'holder', added.kind),
                }),
              );
            }
            backToAdd();
          }}
        />
      ) : (
        <div className="button-row org-actions">
          <button
            type="button"
            className="button"
            ref={addRef}
            aria-label={t('org.holder.addTo', { position: position.title })}
            onClick={() => {
              setAdding(true);
            }}
          >
            {t('org.holder.add')}
          </button>
          {renaming ? null : (
            <button
              type="button"
              className="link-button"
              aria-label={t('org.rename.named', { name: position.title })}
              onClick={() => {
                setRenaming(true);
              }}
            >
              {t('org.rename')}
            </button>
          )}
        </div>
      )}
      <p role="status" className="visually-hidden">
        {notice}
      </p>
    </article>
  );
}
