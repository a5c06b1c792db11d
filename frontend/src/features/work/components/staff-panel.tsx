import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';

import { Pager } from '@/components/ui/pager';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useI18n } from '@/lib/i18n';

import { TASK_PAGE, myTasksQueryOptions } from '../api/work';
import { TaskTable } from './task-table';

/** What is mine to do (sorted by due time), the ya/tidak decisions waiting on me, and what
 * arrived today. */
export function StaffPanel({ timeZone }: { timeZone: string }) {
  const { t } = useI18n();
  const [page, setPage] = useState(0);
  const mine = useQuery(myTasksQueryOptions({}, page));
  const today = useQuery(myTasksQueryOptions({ today: true }));
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
      <section className="card" aria-labelledby="today-title">
        <h2 id="today-title">{t('work.today.title')}</h2>
        {today.data && today.data.items.length === 0 ? (
          <EmptyState title={t('work.today.empty')} />
        ) : (
          <ul className="plain-list">
            {today.data?.items.map((task) => (
              <li key={task.id}>
                <Link to={`/kasus/${task.case_id}`}>{task.case_number}</Link> — {task.activity}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
