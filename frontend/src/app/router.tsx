import { createBrowserRouter } from 'react-router';
import type { RouteObject } from 'react-router';

import { LoginPage } from '@/features/auth';
import { CataloguePage } from '@/features/catalogue';
import { StatusPage } from '@/features/health';
import { DashboardPage, RedirectIfSignedIn, RequireSession } from '@/features/session';

import { AppLayout } from './layout';
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
      { path: '/status', element: <StatusPage /> },
      {
        path: '/',
        element: <RequireSession />,
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'katalog', element: <CataloguePage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
