import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { submitVersion } from '@/api/generated';
import type { VersionOut } from '@/api/generated';
import { unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import { approvalsQueryOptions } from './api';

export interface SubmitForApprovalProps {
  sopId: string;
  version: VersionOut;
  disabled: boolean;
  /** Saves the editor's unsaved edits first (throws when the save is refused). */
  saveFirst: () => Promise<void>;
  onDone: (message: string) => void;
  onError: (error: unknown) => void;
}

/** "Ajukan pengesahan" in the draft editor, when the office requires the head's approval:
 * the draft (saved first) becomes "Menunggu pengesahan" and is locked. Renders nothing for an
 * office that publishes directly. */
export function SubmitForApproval({
  sopId,
  version,
  disabled,
  saveFirst,
  onDone,
  onError,
}: SubmitForApprovalProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const queue = useQuery(approvalsQueryOptions());
  const submitting = useMutation({
    mutationFn: async () => {
      await saveFirst();
      return unwrap(await submitVersion({ path: { version_id: version.id } }));
    },
    onSuccess: async () => {
      onDone(t('approval.submitted'));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['catalogue', 'sop', sopId] }),
        queryClient.invalidateQueries({ queryKey: ['catalogue', 'approvals'] }),
      ]);
    },
    onError,
  });
  if (queue.data?.required === false) return null;
  return (
    <button
      type="button"
      className="button button-primary"
      disabled={disabled || submitting.isPending}
      onClick={() => {
        submitting.mutate();
      }}
    >
      {submitting.isPending ? t('approval.submitting') : t('approval.submit')}
    </button>
  );
}
