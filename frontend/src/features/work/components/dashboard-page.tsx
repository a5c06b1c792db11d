import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';

import type { Dashboard } from '@/api/generated';
import { ErrorState } from '@/components/ui/states';
import { useI18n } from '@/lib/i18n';
import { periodStart } from '@/lib/period';

import {
  FIRST_DASHBOARD_VIEW,
  dashboardQueryOptions,
  performanceQueryOptions,
  publishedSopsQueryOptions,
} from '../api/work';
import type { DashboardView } from '../api/work';
import { HeadPanel } from './head-panel';
import { StaffPanel } from './staff-panel';
import { StartCaseForm } from './start-case-form';
import { TeamPanel } from './team-panel';

/** The dashboard grows with the position: everyone sees their own work; a Kasi or Kasubbag
 * (and above) their units' work; the head of office the office's figures.
 *
 * One request (/api/dashboard) brings, and every 30 s refreshes, what the panels list; the
 * bell's notifications come with it (`onPoll` hands them to the app). Until the first answer
 * (and the head's figures, and the SOPs to start a case from) is in, one placeholder stands
 * for all of it, and `after` (what the page shows below the panels) waits too: the panels then
 * appear at once, and nothing on screen moves as they arrive. */
export function WorkPanels({
  timeZone,
  head,
  after,
  onPoll,
}: {
  timeZone: string;
  head?: ReactNode;
  after?: ReactNode;
  onPoll?: (dashboard: Dashboard) => void;
}) {
  const { t } = useI18n();
  const [view, setView] = useState<DashboardView>(FIRST_DASHBOARD_VIEW);
  const board = useQuery(dashboardQueryOptions(view));
  const level = board.data?.level;
  // Asked for alongside, so the head's panel opens with its figures (HeadPanel reads the
  // same query from the cache).
  const figures = useQuery({
    ...performanceQueryOptions(periodStart('month', new Date(), timeZone)),
    enabled: level === 'office',
  });
  const sops = useQuery(publishedSopsQueryOptions());

  const data = board.data;
  useEffect(() => {
    if (data && onPoll) onPoll(data);
  }, [data, onPoll]);

  if (board.isError && !data) {
    return (
      <div className="grid">
        <section className="card wide">
          <ErrorState
            message={t('work.error')}
            error={board.error}
            onRetry={() => void board.refetch()}
          />
        </section>
        {after}
      </div>
    );
  }
  if (!data || (level === 'office' && figures.isPending) || sops.isPending) {
    return <DashboardSkeleton label={t('common.loading')} />;
  }
  return (
    <div className="grid" data-level={data.level}>
      {data.level === 'office' ? <HeadPanel timeZone={timeZone} /> : null}
      {data.level === 'office' ? head : null /* the app's head-only panels (pengesahan) */}
      {data.team ? (
        <TeamPanel
          team={data.team}
          timeZone={timeZone}
          page={view.teamPage}
          overdue={view.teamOverdue}
          onPage={(teamPage) => {
            setView((v) => ({ ...v, teamPage }));
          }}
          onOverdue={(teamOverdue) => {
            setView((v) => ({ ...v, teamOverdue, teamPage: 0 }));
          }}
        />
      ) : null}
      <StaffPanel
        decisions={data.decisions}
        mine={data.mine}
        timeZone={timeZone}
        page={view.page}
        todayOnly={view.today}
        onPage={(page) => {
          setView((v) => ({ ...v, page }));
        }}
        onTodayOnly={(today) => {
          setView((v) => ({ ...v, today, page: 0 }));
        }}
      />
      <section className="card">
        <StartCaseForm />
      </section>
      {after}
    </div>
  );
}

/** Stands for the panels until their first answer: as tall as the screen, so nothing below
 * it is in view when the panels replace it. */
function DashboardSkeleton({ label }: { label: string }) {
  return (
    <div className="grid dashboard-skeleton" role="status" aria-busy="true">
      <span className="visually-hidden">{label}</span>
      <div className="card wide skeleton-card" aria-hidden="true">
        <div className="skeleton-line skeleton-title" />
        <div className="skeleton-line" />
        <div className="skeleton-line" />
        <div className="skeleton-line" />
      </div>
      <div className="card wide skeleton-card" aria-hidden="true">
        <div className="skeleton-line skeleton-title" />
        <div className="skeleton-line" />
        <div className="skeleton-line" />
      </div>
    </div>
  );
}
