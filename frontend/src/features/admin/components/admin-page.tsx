import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';

import { getEscalationSettings, monitoringForm, saveEscalationSettings } from '@/api/generated';
import { ScrollBox } from '@/components/ui/scroll-box';
import type { EscalationSettings, MonitoringRow } from '@/api/generated';
import { PeriodPicker } from '@/components/period-picker';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { errorDetail, unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import { periodStart } from '@/lib/period';
import type { PeriodChoice } from '@/lib/period';

import { CalendarCard } from './calendar-card';
import { monitoringCsv } from './monitoring-csv';


function EscalationCard() {
  const settings = useQuery({
    queryKey: ['admin', 'escalation'],
    queryFn: async ({ signal }) => unwrap(await getEscalationSettings({ signal })),
  });
  if (settings.isPending) return <LoadingState />;
  if (settings.isError) return <ErrorState message={errorDetail(settings.error)} error={settings.error} />;
  return <EscalationForm initial={settings.data} />;
}

function EscalationForm({ initial }: { initial: EscalationSettings }) {
  const { t } = useI18n();
  const ids = useId();
  const [enabled, setEnabled] = useState(initial.enabled ?? true);
  const [remind, setRemind] = useState(initial.remind_at_risk ?? true);
  const [allowance, setAllowance] = useState(
    typeof initial.further_allowance === 'number' ? String(initial.further_allowance) : '',
  );
  const [levels, setLevels] = useState(String(initial.max_levels ?? 6));
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await saveEscalationSettings({
          body: {
            enabled,
            remind_at_risk: remind,
            further_allowance: allowance ? Number(allowance) : 'step',
            max_levels: Number(levels),
          },
        }),
      ),
  });
  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('admin.escalation')}</h2>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <label className="inline">
          <input type="checkbox" checked={enabled} onChange={(e) => { setEnabled(e.target.checked); }} />
          {t('admin.escalation.enabled')}
        </label>
        <label className="inline">
          <input type="checkbox" checked={remind} onChange={(e) => { setRemind(e.target.checked); }} />
          {t('admin.escalation.remind')}
        </label>
        <label htmlFor={`${ids}-allowance`}>{t('admin.escalation.allowance')}</label>
        <input id={`${ids}-allowance`} type="number" min={1} max={43200} value={allowance} onChange={(e) => { setAllowance(e.target.value); }} />
        <label htmlFor={`${ids}-levels`}>{t('admin.escalation.levels')}</label>
        <input id={`${ids}-levels`} type="number" min={1} max={10} required value={levels} onChange={(e) => { setLevels(e.target.value); }} />
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {t('admin.save')}
        </button>
        {save.isSuccess ? <p role="status">{t('admin.saved')}</p> : null}
        {save.isError ? <p role="alert" className="error-text">{t('admin.failed', { reason: errorDetail(save.error) })}</p> : null}
      </form>
    </section>
  );
}

function MonitoringCard({ timeZone }: { timeZone: string }) {
  const { t } = useI18n();
  const ids = useId();
  const [choice, setChoice] = useState<PeriodChoice>('month');
  const start = periodStart(choice, new Date(), timeZone);
  const form = useQuery({
    queryKey: ['admin', 'monitoring', start],
    queryFn: async ({ signal }) => unwrap(await monitoringForm({ signal, query: { start } })),
    placeholderData: keepPreviousData,
  });
  const verdict = (row: MonitoringRow) =>
    row.berjalan_baik === null
      ? t('admin.monitoring.noData')
      : row.berjalan_baik
        ? t('admin.monitoring.good')
        : t('admin.monitoring.notGood');
  const download = () => {
    if (!form.data) return;
    const csv = monitoringCsv(
      form.data.rows,
      [
        t('admin.monitoring.col.no'),
        t('admin.monitoring.col.procedure'),
        t('admin.monitoring.col.assessment'),
        t('admin.monitoring.col.notes'),
        t('admin.monitoring.col.action'),
      ],
      verdict,
    );
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `monitoring-sop-${form.data.start}-${form.data.end}.csv`;
    link.click();
    URL.revokeObjectURL(url);
  };
  if (form.isPending) return <LoadingState />;
  if (form.isError) return <ErrorState message={t('admin.failed', { reason: '' })} error={form.error} />;
  return (
    <section className="card wide" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('admin.monitoring')}</h2>
      <PeriodPicker value={choice} onChange={setChoice} />
      <p className="muted">{t('work.head.period', { start: form.data.start, end: form.data.end })}</p>
      <p className="muted">
        {t('admin.monitoring.minimum', {
          n: form.data.min_finished ?? 0,
          threshold: `${String(Math.round(form.data.threshold * 100))}%`,
        })}
      </p>
      <button type="button" className="button" onClick={download}>
        {t('admin.monitoring.export')}
      </button>
      <ScrollBox label={t('admin.monitoring')}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('admin.monitoring.col.no')}</th>
              <th scope="col">{t('admin.monitoring.col.procedure')}</th>
              <th scope="col">{t('admin.monitoring.col.assessment')}</th>
              <th scope="col">{t('admin.monitoring.col.notes')}</th>
              <th scope="col">{t('admin.monitoring.col.action')}</th>
            </tr>
          </thead>
          <tbody>
            {form.data.rows.map((row) => (
              <tr key={row.sop_id}>
                <td>{row.no}</td>
                <td>
                  {row.sop_key} {row.prosedur}
                </td>
                <td>{verdict(row)}</td>
                <td>{row.catatan}</td>
                <td>{row.tindakan}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </section>
  );
}

/** The tenant admin's office settings: working calendar, escalation, and the Permenpan
 * monitoring form prefilled from the period's runs. */
export function AdminPage({ isAdmin, timeZone }: { isAdmin: boolean; timeZone: string }) {
  const { t } = useI18n();
  useDocumentTitle(t('admin.title'));
  if (!isAdmin) return <ErrorState message={t('admin.denied')} />;
  return (
    <section className="page" aria-labelledby="admin-title">
      <h1 id="admin-title">{t('admin.title')}</h1>
      <p>
        <Link to="/admin/organisasi">{t('org.nav')}</Link>
      </p>
      <p>
        <Link to="/katalog/kesiapan">{t('readiness.nav')}</Link>
      </p>
      <div className="grid">
        <EscalationCard />
        <CalendarCard />
        <MonitoringCard timeZone={timeZone} />
      </div>
    </section>
  );
}
