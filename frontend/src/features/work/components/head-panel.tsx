import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { ScrollBox } from '@/components/ui/scroll-box';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useI18n } from '@/lib/i18n';

import { drillHref } from '../api/cases';
import { performanceQueryOptions } from '../api/work';
import { BarChart } from './bar-chart';
import { formatMinutes, percent } from './format';
import { PeriodPicker } from '@/components/period-picker';
import { periodStart } from '@/lib/period';
import type { PeriodChoice } from '@/lib/period';
import { TrendChart } from './trend-chart';

/** The head of office's figures: on-time rate per unit and per SOP, and the steps most
 * often late against their standard, with the numbers behind every bar. */
export function HeadPanel({ timeZone }: { timeZone: string }) {
  const { t, lang } = useI18n();
  const [choice, setChoice] = useState<PeriodChoice>('month');
  const figures = useQuery(performanceQueryOptions(periodStart(choice, new Date(), timeZone)));
  const picker = <PeriodPicker value={choice} onChange={setChoice} />;
  if (figures.isPending || figures.isError) {
    return (
      <section className="card wide" aria-labelledby="head-title">
        <h2 id="head-title">{t('work.head.title')}</h2>
        {picker}
        {figures.isPending ? (
          <LoadingState />
        ) : (
          <ErrorState message={t('work.error')} error={figures.error} />
        )}
      </section>
    );
  }
  const data = figures.data;
  const empty = data.sops.length === 0;
  return (
    <section className="card wide" aria-labelledby="head-title">
      <h2 id="head-title">{t('work.head.title')}</h2>
      {picker}
      <p className="muted">{t('work.head.period', { start: data.start, end: data.end })}</p>
      <p>
        <strong>{t('work.head.escalations', { n: data.escalations })}</strong>
      </p>
      {empty ? <EmptyState title={t('work.head.empty')} /> : null}
      {!empty ? (
        <div className="grid">
          <div>
            <h3>{t('work.head.byUnit')}</h3>
            <BarChart
              title={t('work.head.byUnit')}
              bars={data.units.map((u) => ({
                label: u.unit_name,
                rate: u.on_time_rate,
                n: u.measured ?? 0,
                detail: `${t('work.head.started')} ${String(u.started)}, ${t('work.head.finished')} ${String(u.finished)}`,
                href: drillHref({ unit: u.unit_id }, u.unit_name, data),
              }))}
            />
          </div>
          <div>
            <h3>{t('work.head.bySop')}</h3>
            <BarChart
              title={t('work.head.bySop')}
              bars={data.sops.map((s) => ({
                label: `${s.sop_key} ${s.sop_title}`,
                rate: s.on_time_rate,
                n: s.measured ?? 0,
                detail: `${t('work.head.started')} ${String(s.started)}, ${t('work.head.finished')} ${String(s.finished)}`,
                href: drillHref({ sop: s.sop_id }, `${s.sop_key} ${s.sop_title}`, data),
              }))}
            />
          </div>
        </div>
      ) : null}
      {!empty ? (
        <div>
          <h3>{t('work.head.trend')}</h3>
          <TrendChart
            points={data.trend}
            title={t('work.head.trend')}
            escalationsLabel={t('work.head.escalationsShort')}
          />
          <details>
            <summary>{t('work.head.trendTable')}</summary>
            <ScrollBox label={t('work.head.trendTable')}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('work.head.week')}</th>
                    <th scope="col">{t('work.head.completedSteps')}</th>
                    <th scope="col">{t('work.head.onTime')}</th>
                    <th scope="col">{t('work.head.escalationsShort')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.trend.map((p) => (
                    <tr key={p.week}>
                      <td>{p.week}</td>
                      <td>{p.completed}</td>
                      <td>
                        {p.on_time_rate === null
                          ? '–'
                          : t('work.head.onTimeOf', { rate: percent(p.on_time_rate), n: p.measured ?? 0 })}
                      </td>
                      <td>{p.escalations}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollBox>
          </details>
        </div>
      ) : null}
      {!empty && data.most_overdue.length === 0 ? (
        <p className="muted">{t('work.head.slowest')}: –</p>
      ) : null}
      {!empty && data.most_overdue.length > 0 ? (
        <ScrollBox label={t('work.head.slowest')}>
          <table className="table">
            <caption>{t('work.head.slowest')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('case.sop')}</th>
                <th scope="col">{t('work.col.step')}</th>
                <th scope="col">{t('work.head.overdue')}</th>
                <th scope="col">{t('work.head.onTime')}</th>
                <th scope="col">{t('work.head.p90')}</th>
                <th scope="col">{t('work.head.standard')}</th>
              </tr>
            </thead>
            <tbody>
              {data.most_overdue.map((step) => (
                <tr key={`${step.sop_id}-${step.step_position}`}>
                  <td>{step.sop_title}</td>
                  <td>
                    {step.step_number ?? step.step_position} {step.activity}
                  </td>
                  <td>{step.overdue}</td>
                  <td>
                    {step.on_time_rate === null
                      ? '–'
                      : t('work.head.onTimeOf', {
                          rate: percent(step.on_time_rate),
                          n: step.measured ?? 0,
                        })}
                  </td>
                  <td>{step.p90_minutes === null ? '–' : formatMinutes(step.p90_minutes, lang)}</td>
                  <td>{step.waktu_raw || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : null}
    </section>
  );
}
