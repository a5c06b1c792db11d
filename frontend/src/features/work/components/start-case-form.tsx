import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router';

import { startCase } from '@/api/generated';
import { errorDetail, unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import { publishedSopsQueryOptions } from '../api/work';


/** Start a case from one of the office's published SOPs, then open it. */
export function StartCaseForm() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const ids = useId();
  const sops = useQuery(publishedSopsQueryOptions());
  const [sopId, setSopId] = useState('');
  const [subject, setSubject] = useState('');
  const [reference, setReference] = useState('');
  const start = useMutation({
    mutationFn: async () =>
      unwrap(await startCase({ body: { sop_id: sopId, subject, reference } })),
    onSuccess: (created) => navigate(`/kasus/${created.id}`),
  });
  const onSubmit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    start.mutate();
  };
  const items = sops.data?.items ?? [];
  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('work.start.title')}</h2>
      {sops.isSuccess && items.length === 0 ? (
        <p className="muted">{t('work.start.noSops')}</p>
      ) : null}
      <label htmlFor={`${ids}-sop`}>{t('work.start.sop')}</label>
      <select
        id={`${ids}-sop`}
        required
        value={sopId}
        onChange={(event) => {
          setSopId(event.target.value);
        }}
      >
        <option value="">{t('work.start.sopPick')}</option>
        {items.map((sop) => (
          <option key={sop.id} value={sop.id}>
            {sop.key} — {sop.title}
          </option>
        ))}
      </select>
      <label htmlFor={`${ids}-subject`}>{t('work.start.subject')}</label>
      <input
        id={`${ids}-subject`}
        required
        minLength={3}
        maxLength={500}
        value={subject}
        onChange={(event) => {
          setSubject(event.target.value);
        }}
      />
      <label htmlFor={`${ids}-reference`}>{t('work.start.reference')}</label>
      <input
        id={`${ids}-reference`}
        maxLength={300}
        value={reference}
        onChange={(event) => {
          setReference(event.target.value);
        }}
      />
      {start.isError ? (
        <p role="alert" className="error-text">
          {t('work.start.failed', { reason: errorDetail(start.error) })}
        </p>
      ) : null}
      <button type="submit" className="button button-primary" disabled={start.isPending}>
        {t('work.start.submit')}
      </button>
    </form>
  );
}
