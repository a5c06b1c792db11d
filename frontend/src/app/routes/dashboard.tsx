import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';

import type { Dashboard } from '@/api/generated';
import { PendingApprovals } from '@/features/catalogue/dashboard';
import { NOTIFICATIONS_QUERY_KEY } from '@/features/notifications';
import { PendingAppointments } from '@/features/org/dashboard';
import { DashboardPage } from '@/features/session';
import { WorkPanels } from '@/features/work/dashboard';

/** The home page: who I am, and the work panels. The dashboard's one poll also brings the
 * bell's notifications; they go to the bell's query (which does not poll on this page). */
export function DashboardRoute() {
  const queryClient = useQueryClient();
  const onPoll = useCallback(
    (dashboard: Dashboard) => {
      queryClient.setQueryData(NOTIFICATIONS_QUERY_KEY, dashboard.notifications);
    },
    [queryClient],
  );
  return (
    <DashboardPage
      work={(timeZone, positions) => (
        <WorkPanels
          timeZone={timeZone}
          head={
            <>
              <PendingApprovals />
              <PendingAppointments />
            </>
          }
          after={positions}
          onPoll={onPoll}
        />
      )}
    />
  );
}
