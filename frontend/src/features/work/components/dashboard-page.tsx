import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';

import { scopeQueryOptions } from '../api/work';
import { HeadPanel } from './head-panel';
import { StaffPanel } from './staff-panel';
import { StartCaseForm } from './start-case-form';
import { TeamPanel } from './team-panel';

/** The dashboard grows with the position: everyone sees their own work; a Kasi or Kasubbag
 * (and above) their units' work; the head of office the office's figures. */
export function WorkPanels({ timeZone, head }: { timeZone: string; head?: ReactNode }) {
  const scope = useQuery(scopeQueryOptions());
  const level = scope.data?.level ?? 'own';
  return (
    <div className="grid" data-level={level}>
      {level === 'office' ? head : null /* the app's head-only panels (pengesahan) */}
      {level === 'office' ? <HeadPanel timeZone={timeZone} /> : null}
      {level !== 'own' ? <TeamPanel timeZone={timeZone} /> : null}
      <StaffPanel timeZone={timeZone} />
      <section className="card">
        <StartCaseForm />
      </section>
    </div>
  );
}
