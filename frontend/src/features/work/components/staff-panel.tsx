import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';

import { Pager } from '@/components/ui/pager';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useI18n } from '@/lib/i18n';

import { TASK_PAGE, myTasksQueryOptions } from '../api/work';
import { TaskTable } from './task-table';

/** The ya/tidak decisions waiting on me, then the rest of what is mine to do (sorted by due
 * time, optionally only what arrived today): each task in one list only. */
export function StaffPanel({ timeZone }: { timeZone: string }) {
  const { t } = useI18n();
  const [page, setPage] = useState(0);
  const [todayOnly, setTodayOnly] = useState(false);
  const mine = useQuery(myTasksQueryOptions({ noDecisions: true, today: todayOnly }, page));
  const decisions = useQuery(myTasksQueryOptions({ decisions: true }));
  return (
    <>
      {decisions.data && decisions.data.total > 0 ? (
        <section className="card wide decisions" aria-labelledby="decisions-title">
          <h2 id="decisions-title">
            {t('work.decisions.title')} ({decisions.data.total})
          </h2>
          <TaskTable
            tasks={decisions.data.items}
            timeZone={timeZone}
            caption={t('work.decisions.title')}
          />
        </section>
      ) : null}
      <section className="card wide" aria-labelledby="mine-title">
        <h2 id="mine-title">
          {t('work.mine.title')} {mine.data ? `(${mine.data.total})` : ''}
        </h2>
        <label className="check">
          <input
            type="checkbox"
            checked={todayOnly}
            onChange={(e) => {
              setTodayOnly(e.target.checked);
              setPage(0);
            }}
          />{' '}
          {t('work.mine.todayOnly')}
        </label>
        {mine.isPending ? <LoadingState /> : null}
        {mine.isError ? <ErrorState message={t('work.error')} error={mine.error} /> : null}
        {mine.data && mine.data.items.length === 0 ? (
          <EmptyState title={t('work.mine.empty')} />
        ) : null}
        {mine.data && mine.data.items.length > 0 ? (
          <TaskTable tasks={mine.data.items} timeZone={timeZone} caption={t('work.mine.title')} />
        ) : null}
        {mine.data ? (
          <Pager
            page={page}
            size={TASK_PAGE}
            total={mine.data.total}
            label={t('work.mine.pages')}
            onPage={setPage}
          />
        ) : null}
        <p>
          <Link to="/kasus">{t('cases.allMine')}</Link>
        </p>
      </section>
    </>
  );
}
