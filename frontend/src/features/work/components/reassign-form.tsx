import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { listHolders, listPositions, reassignTask } from '@/api/generated';
import { errorDetail, unwrap } from '@/lib/api-client';
import { officeToday } from '@/lib/office-date';
import { useI18n } from '@/lib/i18n';

import { workKeys } from '../api/work';

type Target = 'position' | 'person';

/** Holders serving today in the office's own calendar (an appointment that has ended or
 * not yet begun is not offered). */
function current<H extends { starts_on?: string | null; ends_on?: string | null }>(
  holders: H[],
  today: string,
): H[] {
  return holders.filter(
    (h) => (!h.starts_on || h.starts_on <= today) && (!h.ends_on || h.ends_on >= today),
  );
}

/** A supervisor moves the current step to another position, or delegates it to one named
 * holder of a position, with a reason (audited; the server checks the chain of command). */
export function ReassignForm({ taskId, timeZone }: { taskId: string; timeZone: string }) {
  const { t } = useI18n();
  const ids = useId();
  const queryClient = useQueryClient();
  const today = officeToday(new Date(), timeZone);
  const [target, setTarget] = useState<Target>('position');
  const [positionId, setPositionId] = useState('');
  const [userId, setUserId] = useState('');
  const [reason, setReason] = useState('');
  const positions = useQuery({
    queryKey: ['work', 'positions'],
    queryFn: async ({ signal }) => unwrap(await listPositions({ signal, query: { limit: 200 } })),
  });
  const holders = useQuery({
    queryKey: ['work', 'holders', positionId],
    queryFn: async ({ signal }) =>
      unwrap(await listHolders({ signal, path: { position_id: positionId } })),
    enabled: target === 'person' && positionId !== '',
  });
  const move = useMutation({
    mutationFn: async () =>
      unwrap(
        await reassignTask({
          path: { task_id: taskId },
          body:
            target === 'person'
              ? { user_id: userId, reason }
              : { position_id: positionId, reason },
        }),
      ),
    onSuccess: async () => {
      setReason('');
      setUserId('');
      await queryClient.invalidateQueries({ queryKey: workKeys.all });
    },
  });
  const chosen = target === 'person' ? userId !== '' : positionId !== '';
  return (
    <fieldset>
      <legend>{t('case.action.reassign')}</legend>
      <fieldset className="inline-choices">
        <legend>{t('case.action.reassignTo')}</legend>
        {(['position', 'person'] as const).map((choice) => (
          <label key={choice} className="inline">
            <input
              type="radio"
              name={`${ids}-target`}
              value={choice}
              checked={target === choice}
              onChange={() => {
                setTarget(choice);
                setUserId('');
              }}
            />{' '}
            {t(choice === 'position' ? 'case.action.toPosition' : 'case.action.toPerson')}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${ids}-position`}>{t('case.action.reassignPosition')}</label>
      <select
        id={`${ids}-position`}
        value={positionId}
        onChange={(e) => {
          setPositionId(e.target.value);
          setUserId('');
        }}
      >
        <option value="" />
        {positions.data?.items.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </select>
      {target === 'person' && positionId ? (
        <>
          <label htmlFor={`${ids}-person`}>{t('case.action.reassignPerson')}</label>
          <select
            id={`${ids}-person`}
            value={userId}
            onChange={(e) => {
              setUserId(e.target.value);
            }}
          >
            <option value="" />
            {current(holders.data ?? [], today).map((h) => (
              <option key={h.id} value={h.user_id}>
                {h.user_name}
                {h.kind === 'definitive' ? '' : ` (${h.kind.toUpperCase()})`}
              </option>
            ))}
          </select>
          {holders.data && current(holders.data, today).length === 0 ? (
            <p className="muted">{t('case.action.reassignNoHolders')}</p>
          ) : null}
        </>
      ) : null}
      <label htmlFor={`${ids}-reason`}>{t('case.action.reassignReason')}</label>
      <input
        id={`${ids}-reason`}
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
        }}
      />
      <button
        type="button"
        className="button"
        disabled={!chosen || reason.trim().length < 3 || move.isPending}
        onClick={() => {
          move.mutate();
        }}
      >
        {t('case.action.reassignSubmit')}
      </button>
      {move.isSuccess ? (
        <p role="status" className="muted">
          {t('case.action.reassigned')}
        </p>
      ) : null}
      {move.isError ? (
        <p role="alert" className="error-text">
          {t('case.action.failed', { reason: errorDetail(move.error) })}
        </p>
      ) : null}
    </fieldset>
  );
}
