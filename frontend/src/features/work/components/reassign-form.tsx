import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { reassignTargets, reassignTask } from '@/api/generated';
import { errorDetail, unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import { workKeys } from '../api/work';

type Target = 'position' | 'person';

/** A leader moves the current step to another post within their reach, or delegates it to
 * one named holder of such a post, with a reason (audited; the server checks the reach). */
export function ReassignForm({ taskId }: { taskId: string }) {
  const { t } = useI18n();
  const ids = useId();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [target, setTarget] = useState<Target>('position');
  const [positionId, setPositionId] = useState('');
  const [userId, setUserId] = useState('');
  const [reason, setReason] = useState('');
  const targets = useQuery({
    queryKey: ['work', 'reassign-targets', taskId],
    queryFn: async ({ signal }) =>
      unwrap(await reassignTargets({ signal, path: { task_id: taskId } })),
  });
  const words = search.trim().toLowerCase();
  const posts = (targets.data ?? []).filter(
    (p) =>
      !words ||
      `${p.title} ${p.unit_name} ${p.holders.map((h) => h.name).join(' ')}`
        .toLowerCase()
        .includes(words) ||
      p.position_id === positionId,
  );
  const holders = targets.data?.find((p) => p.position_id === positionId)?.holders ?? [];
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
      <label htmlFor={`${ids}-search`}>{t('case.action.reassignSearch')}</label>
      <input
        id={`${ids}-search`}
        type="search"
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
        }}
      />
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
        {posts.map((p) => (
          <option key={p.position_id} value={p.position_id}>
            {p.title} — {p.unit_name}
            {p.holders.length ? ` (${p.holders.map((h) => h.name).join(', ')})` : ''}
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
            {holders.map((h) => (
              <option key={h.user_id} value={h.user_id}>
                {h.name}
                {h.kind === 'definitive' ? '' : ` (${h.kind.toUpperCase()})`}
              </option>
            ))}
          </select>
          {holders.length === 0 ? (
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
