import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';

import {
  addNationalDay,
  confirmNationalDay,
  getNationalCalendar,
  moveNationalDay,
  removeNationalDay,
  setNationalRamadan,
} from '@/api/generated';
import type { NationalChangeOut, NationalDayOut, NationalYearOut } from '@/api/generated';
import { Badge } from '@/components/ui/badge';
import { ScrollBox } from '@/components/ui/scroll-box';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { YearPicker } from '@/components/year-picker';
import { errorDetail, unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

type Kind = NationalDayOut['kind'];
type Pending = { action: 'move' | 'remove' | 'confirm'; day: NationalDayOut };

const KEY = ['platform', 'national'] as const;

function useYear(year: number) {
  return useQuery({
    queryKey: [...KEY, year],
    queryFn: async ({ signal }) => unwrap(await getNationalCalendar({ signal, query: { year } })),
    placeholderData: keepPreviousData,
  });
}

/** Every change answers with the year as it now stands; store it and refresh the offices. */
function useCorrection<T>(send: (input: T) => Promise<NationalYearOut>, done: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async (year) => {
      queryClient.setQueryData([...KEY, year.year], year);
      done();
      await queryClient.invalidateQueries({ queryKey: ['admin', 'calendar'] });
    },
  });
}

function ChangeForm({ pending, onDone }: { pending: Pending; onDone: () => void }) {
  const { t } = useI18n();
  const ids = useId();
  const [reason, setReason] = useState('');
  const [newDate, setNewDate] = useState(pending.day.date);
  const change = useCorrection(async () => {
    const date = pending.day.date;
    if (pending.action === 'move') {
      return unwrap(await moveNationalDay({ body: { date, new_date: newDate, reason } }));
    }
    if (pending.action === 'remove') return unwrap(await removeNationalDay({ body: { date, reason } }));
    return unwrap(await confirmNationalDay({ body: { date, reason } }));
  }, onDone);
  return (
    <form
      className="form"
      aria-label={t('national.pending', { action: t(`national.${pending.action}`), date: pending.day.date })}
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate(undefined);
      }}
    >
      <p>
        <strong>{t(`national.${pending.action}`)}</strong> {pending.day.date} · {pending.day.name}
      </p>
      {pending.action === 'move' ? (
        <>
          <label htmlFor={`${ids}-new`}>{t('national.newDate')}</label>
          <input id={`${ids}-new`} type="date" required value={newDate} onChange={(e) => { setNewDate(e.target.value); }} />
        </>
      ) : null}
      <label htmlFor={`${ids}-reason`}>{t('national.reason')}</label>
      <input id={`${ids}-reason`} required minLength={5} maxLength={500} value={reason} onChange={(e) => { setReason(e.target.value); }} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={change.isPending}>
          {t('national.submit')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('national.cancel')}
        </button>
      </div>
      {change.isError ? <p role="alert" className="error-text">{errorDetail(change.error)}</p> : null}
    </form>
  );
}

function AddForm({ year }: { year: number }) {
  const { t } = useI18n();
  const ids = useId();
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<Kind>('libur_nasional');
  const [name, setName] = useState('');
  const [reason, setReason] = useState('');
  const add = useCorrection(
    async () => unwrap(await addNationalDay({ body: { date, kind, name, reason } })),
    () => {
      setDate('');
      setName('');
      setReason('');
    },
  );
  return (
    <form
      className="form"
      aria-label={t('national.add')}
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(undefined);
      }}
    >
      <label htmlFor={`${ids}-date`}>{t('admin.calendar.date')}</label>
      <input
        id={`${ids}-date`}
        type="date"
        required
        min={`${String(year)}-01-01`}
        max={`${String(year)}-12-31`}
        value={date}
        onChange={(e) => { setDate(e.target.value); }}
      />
      <label htmlFor={`${ids}-kind`}>{t('calendar.kind')}</label>
      <select id={`${ids}-kind`} value={kind} onChange={(e) => { setKind(e.target.value as Kind); }}>
        <option value="libur_nasional">{t('calendar.kind.libur_nasional')}</option>
        <option value="cuti_bersama">{t('calendar.kind.cuti_bersama')}</option>
      </select>
      <label htmlFor={`${ids}-name`}>{t('admin.calendar.name')}</label>
      <input id={`${ids}-name`} required minLength={2} maxLength={200} value={name} onChange={(e) => { setName(e.target.value); }} />
      <label htmlFor={`${ids}-reason`}>{t('national.reason')}</label>
      <input id={`${ids}-reason`} required minLength={5} maxLength={500} value={reason} onChange={(e) => { setReason(e.target.value); }} />
      <button type="submit" className="button button-primary" disabled={add.isPending}>
        {t('national.add')}
      </button>
      {add.isError ? <p role="alert" className="error-text">{errorDetail(add.error)}</p> : null}
    </form>
  );
}

function RamadanForm({ data }: { data: NationalYearOut }) {
  const { t } = useI18n();
  const ids = useId();
  const [start, setStart] = useState(data.ramadan?.start ?? '');
  const [end, setEnd] = useState(data.ramadan?.end ?? '');
  const [confirmed, setConfirmed] = useState(data.ramadan ? !data.ramadan.estimated : false);
  const [reason, setReason] = useState('');
  const save = useCorrection(
    async () =>
      unwrap(
        await setNationalRamadan({
          body: { year: data.year, start, end, reason, estimated: !confirmed },
        }),
      ),
    () => { setReason(''); },
  );
  return (
    <form
      className="form"
      aria-label={t('national.ramadan.save')}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(undefined);
      }}
    >
      <p>
        <strong>{t('calendar.ramadan')}</strong>{' '}
        {data.ramadan ? t('calendar.ramadan.range', { start: data.ramadan.start, end: data.ramadan.end }) : '–'}{' '}
        {data.ramadan?.estimated ? <Badge tone="warn">{t('calendar.estimated')}</Badge> : null}
      </p>
      <label htmlFor={`${ids}-start`}>{t('national.ramadan.start')}</label>
      <input id={`${ids}-start`} type="date" required value={start} onChange={(e) => { setStart(e.target.value); }} />
      <label htmlFor={`${ids}-end`}>{t('national.ramadan.end')}</label>
      <input id={`${ids}-end`} type="date" required value={end} onChange={(e) => { setEnd(e.target.value); }} />
      <label className="inline">
        <input type="checkbox" checked={confirmed} onChange={(e) => { setConfirmed(e.target.checked); }} />
        {t('national.ramadan.confirmed')}
      </label>
      <label htmlFor={`${ids}-reason`}>{t('national.reason')}</label>
      <input id={`${ids}-reason`} required minLength={5} maxLength={500} value={reason} onChange={(e) => { setReason(e.target.value); }} />
      <button type="submit" className="button button-primary" disabled={save.isPending}>
        {t('national.ramadan.save')}
      </button>
      {save.isError ? <p role="alert" className="error-text">{errorDetail(save.error)}</p> : null}
    </form>
  );
}

function describe(value: NationalChangeOut['before']): string {
  if (!value) return '–';
  const date = typeof value.date === 'string' ? value.date : '';
  const range = typeof value.start === 'string' && typeof value.end === 'string' ? `${value.start}–${value.end}` : '';
  const name = typeof value.name === 'string' ? value.name : '';
  return [date || range, name].filter(Boolean).join(' ');
}

function ChangeLog({ changes }: { changes: NationalChangeOut[] }) {
  const { t, lang } = useI18n();
  if (changes.length === 0) return <p className="muted">{t('national.changes.empty')}</p>;
  const when = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <ScrollBox label={t('national.changes')}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('national.col.at')}</th>
            <th scope="col">{t('national.col.actor')}</th>
            <th scope="col">{t('national.col.action')}</th>
            <th scope="col">{t('national.col.beforeAfter')}</th>
            <th scope="col">{t('national.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={`${c.at}-${c.action}-${c.date ?? ''}`}>
              <td>{when.format(new Date(c.at))}</td>
              <td className="muted">{c.actor_label}</td>
              <td>{t(`national.action.${c.action}` as 'national.action.national.day_added')}</td>
              <td>
                {describe(c.before)} → {describe(c.after)}
              </td>
              <td>{c.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

function YearView({ data }: { data: NationalYearOut }) {
  const { t } = useI18n();
  const [pending, setPending] = useState<Pending | null>(null);
  return (
    <>
      <p>
        <span className="muted">{t('national.source', { source: data.source })}</span>{' '}
        {data.skb ? null : <Badge tone="warn">{t('national.noSkb')}</Badge>}{' '}
        {data.corrected ? <Badge tone="info">{t('national.corrected')}</Badge> : null}
      </p>
      {data.days.length === 0 ? <EmptyState title={t('national.empty')} /> : null}
      {data.days.length > 0 ? (
        <ScrollBox label={t('national.title')}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('admin.calendar.date')}</th>
                <th scope="col">{t('admin.calendar.name')}</th>
                <th scope="col">{t('calendar.kind')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.calendar.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.days.map((day) => (
                <tr key={day.date} data-kind={day.kind}>
                  <td>{day.date}</td>
                  <td>
                    {day.name} {day.estimated ? <Badge tone="warn">{t('calendar.estimated')}</Badge> : null}
                  </td>
                  <td>{t(`calendar.kind.${day.kind}`)}</td>
                  <td>
                    {(['move', 'remove', ...(day.estimated ? ['confirm' as const] : [])] as const).map((action) => (
                      <button
                        key={action}
                        type="button"
                        className="link-button"
                        aria-label={t('national.pending', { action: t(`national.${action}`), date: day.date })}
                        onClick={() => { setPending({ action, day }); }}
                      >
                        {t(`national.${action}`)}
                      </button>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : null}
      {pending ? (
        <ChangeForm
          key={`${pending.action}-${pending.day.date}`}
          pending={pending}
          onDone={() => { setPending(null); }}
        />
      ) : null}
      <AddForm year={data.year} />
      <RamadanForm key={`${String(data.year)}-${data.ramadan?.start ?? ''}-${String(data.ramadan?.estimated)}`} data={data} />
      <h3>{t('national.changes')}</h3>
      <ChangeLog changes={data.changes} />
    </>
  );
}

function NationalYear() {
  const { t } = useI18n();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const shown = useYear(year);
  return (
    <>
      <p className="muted">{t('national.intro')}</p>
      <YearPicker value={year} onChange={setYear} />
      {shown.isPending ? <LoadingState /> : null}
      {shown.isError ? <ErrorState message={t('national.title')} error={shown.error} /> : null}
      {shown.data ? <YearView data={shown.data} /> : null}
    </>
  );
}

/** The platform admin's national calendar: any year's libur nasional, cuti bersama and
 * Ramadan hours, estimated dates marked, each correction made with a reason and listed.
 * Folded until opened, so the operations page loads without it. */
export function NationalCalendarSection() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <section className="card" aria-labelledby="national-title">
      <details
        onToggle={(e) => {
          setOpen(e.currentTarget.open);
        }}
      >
        <summary>
          <h2 id="national-title" className="inline">
            {t('national.title')}
          </h2>
        </summary>
        {open ? <NationalYear /> : null}
      </details>
    </section>
  );
}
