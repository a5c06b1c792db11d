import { Suspense } from 'react';
import { Link, NavLink, Outlet, useMatch } from 'react-router';

import { LanguageSwitch } from '@/components/language-switch';
import { LoadingState } from '@/components/ui/states';
import { NotificationBell } from '@/features/notifications';
import { TenantName, UserMenu, useSession } from '@/features/session';
import { useI18n } from '@/lib/i18n';

export function AppLayout() {
  const { t } = useI18n();
  const { data: session, isPending } = useSession();
  // The dashboard's own poll brings the bell's notifications: one request, not two.
  const onDashboard = useMatch('/') !== null;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <Link to="/" className="app-name">
            Alur
          </Link>
          <TenantName />
        </div>
        {/* Until the session is known the links it decides are left out altogether, so
            none of them moves when it arrives (the page below waits for it too). */}
        {isPending ? null : (
          <nav aria-label={t('app.mainNav')} className="main-nav">
            <NavLink to="/" end>
              {t('app.nav.home')}
            </NavLink>
            {session ? <NavLink to="/kasus">{t('cases.title')}</NavLink> : null}
            <NavLink to="/katalog">{t('catalogue.nav')}</NavLink>
            {session?.user.roles.includes('tenant_admin') ? (
              <NavLink to="/admin">{t('admin.nav')}</NavLink>
            ) : null}
            {session?.user.roles.includes('platform_admin') ? (
              <NavLink to="/platform">{t('platform.nav')}</NavLink>
            ) : null}
            {session?.user.roles.includes('platform_admin') ? (
              <NavLink to="/status">{t('app.nav.status')}</NavLink>
            ) : null}
          </nav>
        )}
        {isPending ? null : (
          <div className="header-tools">
            <LanguageSwitch />
            {session ? <NotificationBell poll={!onDashboard} /> : null}
            <UserMenu />
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {/* Nothing until the session is known (asked for while the script loaded): the
            header is only complete then, and a page drawn before it would move down as it
            grows. Pages other than the login and the dashboard load as chunks of their own. */}
        {isPending ? null : (
          <Suspense fallback={<LoadingState />}>
            <Outlet />
          </Suspense>
        )}
      </main>
    </>
  );
}
