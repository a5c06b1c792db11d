import { Link } from 'react-router';

import type { TaskPage } from '@/api/generated';
import { Pager } from '@/components/ui/pager';
import { EmptyState } from '@/components/ui/states';
import { useI18n } from '@/lib/i18n';

import { TASK_PAGE } from '../api/work';
import { TaskTable } from './task-table';

/** The ya/tidak decisions waiting on me, then the rest of what is mine to do (sorted by due
 * time, optionally only what arrived today): each task in one list only. The pages come from
 * the dashboard's one read (WorkPanels). */
export function StaffPanel({
  decisions,
  mine,
  timeZone,
  page,
  todayOnly,
  onPage,
  onTodayOnly,
}: {
  decisions: TaskPage;
  mine: TaskPage;
  timeZone: string;
  page: number;
  todayOnly: boolean;
  onPage: (page: number) => void;
  onTodayOnly: (todayOnly: boolean) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      {decisions.total > 0 ? (
        <section className="card wide decisions" aria-labelledby="decisions-title">
          <h2 id="decisions-title">
            {t('work.decisions.title')} ({decisions.total})
          </h2>
          <TaskTable
            tasks={decisions.items}
            timeZone={timeZone}
            caption={t('work.decisions.title')}
          />
        </section>
      ) : null}
      <section className="card wide" aria-labelledby="mine-title">
        <h2 id="mine-title">
          {t('work.mine.title')} ({mine.total})
        </h2>
        <label className="check">
          <input
            type="checkbox"
            checked={todayOnly}
            onChange={(e) => {
              onTodayOnly(e.target.checked);
            }}
          />{' '}
          {t('work.mine.todayOnly')}
        </label>
        {mine.items.length === 0 ? (
          <EmptyState title={t('work.mine.empty')} />
        ) : (
          <TaskTable tasks={mine.items} timeZone={timeZone} caption={t('work.mine.title')} />
        )}
        <Pager
          page={page}
          size={TASK_PAGE}
          total={mine.total}
          label={t('work.mine.pages')}
          onPage={onPage}
        />
        <p>
          <Link to="/kasus">{t('cases.allMine')}</Link>
        </p>
      </section>
    </>
  );
}
