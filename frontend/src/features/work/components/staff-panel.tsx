import { useQuery } from '@tanstack/react-query';

import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useI18n } from '@/lib/i18n';

import { myTasksQueryOptions } from '../api/work';
import { TaskTable } from './task-table';

/** What is mine to do (sorted by due time), and what arrived today. */
export function StaffPanel({ timeZone }: { timeZone: string }) {
  const { t } = useI18n();
  const mine = useQuery(myTasksQueryOptions(false));
  const today = useQuery(myTasksQueryOptions(true));
  return (
    <>
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
      </section>
      <section className="card" aria-labelledby="today-title">
        <h2 id="today-title">{t('work.today.title')}</h2>
        {today.data && today.data.items.length === 0 ? (
          <EmptyState title={t('work.today.empty')} />
        ) : (
          <ul className="plain-list">
            {today.data?.items.map((task) => (
              <li key={task.id}>
                <a href={`/kasus/${task.case_id}`}>{task.case_number}</a> — {task.activity}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
