import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { addDayOff, getCalendar, removeDayOff } from '@/api/generated';
import type { CalendarOut, DayOffOut } from '@/api/generated';
import { Badge } from '@/components/ui/badge';
import { ScrollBox } from '@/components/ui/scroll-box';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { YearPicker } from '@/components/year-picker';
import { errorDetail, unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

/** "Senin-Kamis 08:00-15:00" style lines for a week of spans, days with equal hours joined. */
export function weekLines(hours: Record<string, string[][]>, dayName: (day: string) => string): string[] {
  const lines: { days: string[]; spans: string }[] = [];
  for (const [day, spans] of Object.entries(hours)) {
    const text = spans.map(([a, b]) => `${a ?? ''}–${b ?? ''}`).join(', ');
    const last = lines.at(-1);
    if (last && last.spans === text) last.days.push(day);
    else lines.push({ days: [day], spans: text });
  }
  return lines.map(({ days, spans }) => {
    const first = days[0] ?? '';
    const end = days.at(-1) ?? first;
    const label = days.length > 1 ? `${dayName(first)}–${dayName(end)}` : dayName(first);
    return `${label} ${spans}`;
  });
}

function RamadanLine({ calendar }: { calendar: CalendarOut }) {
  const { t } = useI18n();
  const ramadan = calendar.ramadan;
  if (!ramadan) return <p className="muted">{t('calendar.ramadan.none')}</p>;
  const hours = weekLines(ramadan.office_hours, (d) => t(`calendar.day.${d}` as 'calendar.day.monday'));
  return (
    <p>
      <strong>{t('calendar.ramadan')}</strong>{' '}
      {t('calendar.ramadan.range', { start: ramadan.start, end: ramadan.end })}{' '}
      {ramadan.estimated ? <Badge tone="warn">{t('calendar.estimated')}</Badge> : null}
      <br />
      <span className="muted">{hours.join('; ')}</span>
    </p>
  );
}

function kindOf(day: DayOffOut): string {
  return day.source === 'nasional' ? day.kind ?? 'libur_nasional' : 'kantor';
}

/** The office's working calendar for any year: national days (libur nasional, cuti bersama,
 * estimated ones marked), the Ramadan hours, and the office's own days off, which the tenant
 * admin adds and removes here. */
export function CalendarCard() {
  const { t } = useI18n();
  const ids = useId();
  const queryClient = useQueryClient();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const calendar = useQuery({
    queryKey: ['admin', 'calendar', year],
    queryFn: async ({ signal }) => unwrap(await getCalendar({ signal, query: { year } })),
    placeholderData: keepPreviousData,
  });
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'calendar'] });
  const add = useMutation({
    mutationFn: async () => unwrap(await addDayOff({ body: { date, name } })),
    onSuccess: async () => {
      setDate('');
      setName('');
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: async (id: string) => { unwrap(await removeDayOff({ path: { day_off_id: id } })); },
    onSuccess: refresh,
  });
  if (calendar.isPending) return <LoadingState />;
  if (calendar.isError) return <ErrorState message={t('admin.failed', { reason: '' })} error={calendar.error} />;
  const shown = calendar.data;
  return (
    <section className="card wide" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('admin.calendar', { year: shown.year })}</h2>
      <YearPicker value={year} onChange={setYear} />
      <RamadanLine calendar={shown} />
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          add.mutate();
        }}
      >
        <label htmlFor={`${ids}-date`}>{t('admin.calendar.date')}</label>
        <input id={`${ids}-date`} type="date" required value={date} onChange={(e) => { setDate(e.target.value); }} />
        <label htmlFor={`${ids}-name`}>{t('admin.calendar.name')}</label>
        <input id={`${ids}-name`} required minLength={2} value={name} onChange={(e) => { setName(e.target.value); }} />
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          {t('admin.calendar.add')}
        </button>
        {add.isError ? <p role="alert" className="error-text">{t('admin.failed', { reason: errorDetail(add.error) })}</p> : null}
      </form>
      <ScrollBox label={t('admin.calendar', { year: shown.year })}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('admin.calendar.date')}</th>
              <th scope="col">{t('admin.calendar.name')}</th>
              <th scope="col">{t('calendar.kind')}</th>
              <th scope="col">{t('admin.calendar.source')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.calendar.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.days_off.map((day) => (
              <tr key={`${day.date}-${day.name}`} data-kind={kindOf(day)}>
                <td>{day.date}</td>
                <td>
                  {day.name}{' '}
                  {day.estimated ? <Badge tone="warn">{t('calendar.estimated')}</Badge> : null}
                </td>
                <td>{t(`calendar.kind.${kindOf(day)}` as 'calendar.kind.kantor')}</td>
                <td>{t(`admin.calendar.source.${day.source}`)}</td>
                <td>
                  {day.id ? (
                    <button type="button" className="link-button" onClick={() => { if (day.id) remove.mutate(day.id); }}>
                      {t('admin.calendar.remove')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </section>
  );
}
