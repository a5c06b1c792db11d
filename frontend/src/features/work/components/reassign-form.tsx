import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { listPositions, reassignTask } from '@/api/generated';
import { errorDetail, unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import { workKeys } from '../api/work';

/** A supervisor moves the current step to another position, with a reason (audited). */
export function ReassignForm({ taskId }: { taskId: string }) {
  const { t } = useI18n();
  const ids = useId();
  const queryClient = useQueryClient();
  const positions = useQuery({
    queryKey: ['work', 'positions'],
    queryFn: async ({ signal }) => unwrap(await listPositions({ signal, query: { limit: 200 } })),
  });
  const [positionId, setPositionId] = useState('');
  const [reason, setReason] = useState('');
  const move = useMutation({
    mutationFn: async () =>
      unwrap(
        await reassignTask({ path: { task_id: taskId }, body: { position_id: positionId, reason } }),
      ),
    onSuccess: async () => {
      setReason('');
      await queryClient.invalidateQueries({ queryKey: workKeys.all });
    },
  });
  return (
    <fieldset>
      <legend>{t('case.action.reassign')}</legend>
      <label htmlFor={`${ids}-position`}>{t('case.action.reassignPosition')}</label>
      <select
        id={`${ids}-position`}
        value={positionId}
        onChange={(e) => {
          setPositionId(e.target.value);
        }}
      >
        <option value="" />
        {positions.data?.items.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </select>
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
        disabled={!positionId || reason.trim().length < 3 || move.isPending}
        onClick={() => {
          move.mutate();
        }}
      >
        {t('case.action.reassignSubmit')}
      </button>
      {move.isError ? (
        <p role="alert" className="error-text">
          {t('case.action.failed', { reason: errorDetail(move.error) })}
        </p>
      ) : null}
    </fieldset>
  );
}
