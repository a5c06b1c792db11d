import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router';

import { startCase } from '@/api/generated';
import type { TenantAdminOut } from '@/api/generated';
import { errorDetail, unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import { publishedSopsQueryOptions, tenantAdminsQueryOptions } from '../api/work';


const adminName = (admin: TenantAdminOut) =>
  admin.position ? `${admin.name} (${admin.position})` : admin.name;

/** Start a case from one of the office's published SOPs, then open it. With none published
 * the form stays disabled and says why, and whom to ask (the office's tenant admins). */
export function StartCaseForm() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const ids = useId();
  const sops = useQuery(publishedSopsQueryOptions());
  const none = sops.isSuccess && sops.data.items.length === 0;
  const admins = useQuery({ ...tenantAdminsQueryOptions(), enabled: none });
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
  const reasonId = `${ids}-none`;
  const why = none ? { disabled: true, 'aria-describedby': reasonId } : {};
  const reason = admins.isPending
    ? t('work.start.noSops')
    : admins.data && admins.data.length > 0
      ? t('work.start.noSopsAsk', { names: admins.data.map(adminName).join(', ') })
      : t('work.start.noSopsNoAdmin');
  return (
    <form
      className="form"
      onSubmit={onSubmit}
      aria-labelledby={`${ids}-title`}
      aria-describedby={none ? reasonId : undefined}
    >
      <h2 id={`${ids}-title`}>{t('work.start.title')}</h2>
      {none ? (
        <p id={reasonId} className="muted">
          {reason}
        </p>
      ) : null}
      <label htmlFor={`${ids}-sop`}>{t('work.start.sop')}</label>
      <select
        id={`${ids}-sop`}
        required
        {...why}
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
        {...why}
        value={subject}
        onChange={(event) => {
          setSubject(event.target.value);
        }}
      />
      <label htmlFor={`${ids}-reference`}>{t('work.start.reference')}</label>
      <input
        id={`${ids}-reference`}
        maxLength={300}
        {...why}
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
      <button
        type="submit"
        className="button button-primary"
        disabled={start.isPending || none}
        aria-describedby={none ? reasonId : undefined}
      >
        {t('work.start.submit')}
      </button>
    </form>
  );
}
