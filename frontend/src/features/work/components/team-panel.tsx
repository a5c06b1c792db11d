import type { TaskPage } from '@/api/generated';
import { Pager } from '@/components/ui/pager';
import { EmptyState } from '@/components/ui/states';
import { useI18n } from '@/lib/i18n';

import { TASK_PAGE } from '../api/work';
import { TaskTable } from './task-table';

/** A supervisor's view: the open tasks of the units they lead, who holds them, escalations.
 * The page comes from the dashboard's one read (WorkPanels). */
export function TeamPanel({
  team,
  timeZone,
  page,
  overdue,
  onPage,
  onOverdue,
}: {
  team: TaskPage;
  timeZone: string;
  page: number;
  overdue: boolean;
  onPage: (page: number) => void;
  onOverdue: (overdue: boolean) => void;
}) {
  const { t } = useI18n();
  return (
    <section className="card wide" aria-labelledby="team-title">
      <h2 id="team-title">
        {t('work.team.title')} ({team.total})
      </h2>
      <label className="inline">
        <input
          type="checkbox"
          checked={overdue}
          onChange={(event) => {
            onOverdue(event.target.checked);
          }}
        />{' '}
        {t('work.team.overdueOnly')}
      </label>
      {team.items.length === 0 ? (
        <EmptyState title={t(overdue ? 'work.team.emptyOverdue' : 'work.team.empty')} />
      ) : (
        <TaskTable
          tasks={team.items}
          timeZone={timeZone}
          caption={t('work.team.title')}
          showEscalation
        />
      )}
      <Pager
        page={page}
        size={TASK_PAGE}
        total={team.total}
        label={t('work.team.pages')}
        onPage={onPage}
      />
    </section>
  );
}
