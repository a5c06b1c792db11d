import { useI18n } from '@/lib/i18n';

import { useSession } from '../hooks/use-session';

/** Placeholder user menu: who is signed in. Sign-out arrives with the backend's endpoint. */
export function UserMenu() {
  const { t } = useI18n();
  const { data: session } = useSession();
  if (!session) return null;
  const { user } = session;

  return (
    <details className="user-menu">
      <summary>
        <span className="visually-hidden">{t('session.userMenu')}: </span>
        {user.name}
      </summary>
      <dl className="user-menu-panel">
        <dt>{t('session.nip')}</dt>
        <dd>{user.nip}</dd>
        <dt>{t('session.email')}</dt>
        <dd>{user.email}</dd>
        <dt>{t('session.roles')}</dt>
        <dd>{user.roles.length > 0 ? user.roles.join(', ') : t('session.rolesEmpty')}</dd>
      </dl>
    </details>
  );
}
