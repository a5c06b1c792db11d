import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { Pager } from '@/components/ui/pager';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useI18n } from '@/lib/i18n';

import { TASK_PAGE, unitTasksQueryOptions } from '../api/work';
import { TaskTable } from './task-table';

/** A supervisor's view: the open tasks of the units they lead, who holds them, escalations. */
export function TeamPanel({ timeZone }: { timeZone: string }) {
  const { t } = useI18n();
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(0);
  const team = useQuery(unitTasksQueryOptions(overdue, page));
  return (
    <section className="card wide" aria-labelledby="team-title">
      <h2 id="team-title">
        {t('work.team.title')} {team.data ? `(${team.data.total})` : ''}
      </h2>
      <label className="inline">
        <input
          type="checkbox"
          checked={overdue}
          onChange={(event) => {
            setOverdue(event.target.checked);
            setPage(0);
          }}
        />{' '}
        {t('work.team.overdueOnly')}
      </label>
      {team.isPending ? <LoadingState /> : null}
      {team.isError ? <ErrorState message={t('work.error')} error={team.error} /> : null}
      {team.data && team.data.items.length === 0 ? (
        <EmptyState title={t(overdue ? 'work.team.emptyOverdue' : 'work.team.empty')} />
      ) : null}
      {team.data && team.data.items.length > 0 ? (
        <TaskTable
          tasks={team.data.items}
          timeZone={timeZone}
          caption={t('work.team.title')}
          showEscalation
        />
      ) : null}
      {team.data ? (
        <Pager
          page={page}
          size={TASK_PAGE}
          total={team.data.total}
          label={t('work.team.pages')}
          onPage={setPage}
        />
      ) : null}
    </section>
  );
}
