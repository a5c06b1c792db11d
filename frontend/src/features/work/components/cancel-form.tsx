import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';

import { cancelCase } from '@/api/generated';
import { errorDetail, unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import { workKeys } from '../api/work';

/** Cancelling ends the case for good, so it takes a reason and a second, explicit yes. */
export function CancelForm({ caseId, number }: { caseId: string; number: string }) {
  const { t } = useI18n();
  const ids = useId();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [touched, setTouched] = useState(false);
  const cancel = useMutation({
    mutationFn: async () =>
      unwrap(await cancelCase({ path: { case_id: caseId }, body: { reason: reason.trim() } })),
    onSuccess: async () => {
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: workKeys.all });
    },
  });
  const tooShort = reason.trim().length < 3;
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) keep.current?.focus(); // the submit button just left the page
  }, [confirming]);
  return (
    <details className="cancel-case">
      <summary>{t('case.cancel.title')}</summary>
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (!tooShort) setConfirming(true);
        }}
      >
        <label htmlFor={`${ids}-reason`}>{t('case.cancel.reason')}</label>
        <input
          id={`${ids}-reason`}
          value={reason}
          aria-invalid={touched && tooShort}
          aria-describedby={touched && tooShort ? `${ids}-error` : undefined}
          onChange={(e) => {
            setReason(e.target.value);
            setConfirming(false);
          }}
        />
        {touched && tooShort ? (
          <p id={`${ids}-error`} role="alert" className="error-text">
            {t('case.cancel.tooShort')}
          </p>
        ) : null}
        {confirming ? (
          <div role="alertdialog" aria-labelledby={`${ids}-confirm`} className="confirm">
            <p id={`${ids}-confirm`}>{t('case.cancel.confirm', { number })}</p>
            <div className="button-row">
              <button
                type="button"
                className="button button-danger"
                disabled={cancel.isPending}
                onClick={() => {
                  cancel.mutate();
                }}
              >
                {t('case.cancel.yes')}
              </button>
              <button
                type="button"
                className="button"
                ref={keep}
                onClick={() => {
                  setConfirming(false);
                }}
              >
                {t('case.cancel.no')}
              </button>
            </div>
          </div>
        ) : (
          <button type="submit" className="button">
            {t('case.cancel.submit')}
          </button>
        )}
        {cancel.isError ? (
          <p role="alert" className="error-text">
            {t('case.action.failed', { reason: errorDetail(cancel.error) })}
          </p>
        ) : null}
      </form>
    </details>
  );
}
