import { createBrowserRouter } from 'react-router';
import type { RouteObject } from 'react-router';

import { LoginPage } from '@/features/auth';
import { PendingApprovals } from '@/features/catalogue';
import { PendingAppointments } from '@/features/org';
import { DashboardPage, RedirectIfSignedIn, RequireSession } from '@/features/session';
import { WorkPanels } from '@/features/work';

import { AppLayout } from './layout';
import { AdminRoute } from './routes/admin';
import { CatalogueRoute } from './routes/catalogue';
import { OrgRoute } from './routes/org';
import { ReadinessRoute } from './routes/readiness';
import { PlatformRoute, StatusRoute } from './routes/platform';
import { SopRoute } from './routes/sop';
import { CaseListRoute, CaseRoute } from './routes/case';
import { NotFoundPage } from './routes/not-found';

export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    children: [
      {
        path: '/login',
        element: (
          <RedirectIfSignedIn>
            <LoginPage />
          </RedirectIfSignedIn>
        ),
      },
      {
        path: '/',
        element: <RequireSession />,
        children: [
          {
            index: true,
            element: (
              <DashboardPage
                work={(timeZone) => (
                  <WorkPanels
                    timeZone={timeZone}
                    head={
                      <>
                        <PendingApprovals />
                        <PendingAppointments />
                      </>
                    }
                  />
                )}
              />
            ),
          },
          { path: 'katalog', element: <CatalogueRoute /> },
          { path: 'kasus', element: <CaseListRoute /> },
          { path: 'kasus/:id', element: <CaseRoute /> },
          { path: 'katalog/kesiapan', element: <ReadinessRoute /> },
          { path: 'katalog/:id', element: <SopRoute /> },
          { path: 'admin', element: <AdminRoute /> },
          { path: 'admin/organisasi', element: <OrgRoute /> },
          { path: 'platform', element: <PlatformRoute /> },
          { path: 'status', element: <StatusRoute /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
