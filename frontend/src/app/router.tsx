import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import type { RouteObject } from 'react-router';

import { LoginPage } from '@/features/auth';
import { RedirectIfSignedIn, RequireSession } from '@/features/session';

import { AppLayout } from './layout';
import { DashboardRoute } from './routes/dashboard';
import { NotFoundPage } from './routes/not-found';

// The login page and the dashboard (where everyone lands) are in the first bundle; every
// other page is a chunk of its own, fetched when it is first opened (AppLayout's Suspense
// shows a placeholder meanwhile).
const AdminRoute = lazy(() => import('./routes/admin').then((m) => ({ default: m.AdminRoute })));
const CatalogueRoute = lazy(() =>
  import('./routes/catalogue').then((m) => ({ default: m.CatalogueRoute })),
);
const OrgRoute = lazy(() => import('./routes/org').then((m) => ({ default: m.OrgRoute })));
const ReadinessRoute = lazy(() =>
  import('./routes/readiness').then((m) => ({ default: m.ReadinessRoute })),
);
const PlatformRoute = lazy(() =>
  import('./routes/platform').then((m) => ({ default: m.PlatformRoute })),
);
const OfficeCreateRoute = lazy(() =>
  import('./routes/platform').then((m) => ({ default: m.OfficeCreateRoute })),
);
const OfficeSetupRoute = lazy(() =>
  import('./routes/platform').then((m) => ({ default: m.OfficeSetupRoute })),
);
const StatusRoute = lazy(() =>
  import('./routes/platform').then((m) => ({ default: m.StatusRoute })),
);
const SopRoute = lazy(() => import('./routes/sop').then((m) => ({ default: m.SopRoute })));
const CaseListRoute = lazy(() =>
  import('./routes/case').then((m) => ({ default: m.CaseListRoute })),
);
const CaseRoute = lazy(() => import('./routes/case').then((m) => ({ default: m.CaseRoute })));

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
          { index: true, element: <DashboardRoute /> },
          { path: 'katalog', element: <CatalogueRoute /> },
          { path: 'kasus', element: <CaseListRoute /> },
          { path: 'kasus/:id', element: <CaseRoute /> },
          { path: 'katalog/kesiapan', element: <ReadinessRoute /> },
          { path: 'katalog/:id', element: <SopRoute /> },
          { path: 'admin', element: <AdminRoute /> },
          { path: 'admin/organisasi', element: <OrgRoute /> },
          { path: 'platform', element: <PlatformRoute /> },
          { path: 'platform/instansi/baru', element: <OfficeCreateRoute /> },
          { path: 'platform/instansi/:slug', element: <OfficeSetupRoute /> },
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
