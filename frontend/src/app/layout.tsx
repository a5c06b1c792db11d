import { Link, NavLink, Outlet } from 'react-router';

import { LanguageSwitch } from '@/components/language-switch';
import { NotificationBell } from '@/features/notifications';
import { TenantName, UserMenu, useSession } from '@/features/session';
import { useI18n } from '@/lib/i18n';

export function AppLayout() {
  const { t } = useI18n();
  const { data: session } = useSession();
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
        <div className="header-tools">
          <LanguageSwitch />
          {session ? <NotificationBell /> : null}
          <UserMenu />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
