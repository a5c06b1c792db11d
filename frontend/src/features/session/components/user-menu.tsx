import { useState } from 'react';

import { useI18n } from '@/lib/i18n';

import { signOut, signOutEverywhere } from '../api/logout';
import { useSession } from '../hooks/use-session';

/** Who is signed in, and the way out: from this browser, or from every device at once. */
export function UserMenu({
  navigate = (url: string) => {
    window.location.assign(url);
  },
}: {
  navigate?: (url: string) => void;
}) {
  const { t } = useI18n();
  const { data: session } = useSession();
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!session) return null;
  const { user } = session;

  const onSignOut = async (action: () => Promise<string>) => {
    setBusy(true);
    setFailed(false);
    try {
      navigate(await action());
    } catch {
      setFailed(true);
      setBusy(false);
    }
  };

  return (
    <details className="user-menu">
      <summary>
        <span className="visually-hidden">{t('session.userMenu')}: </span>
        {user.name}
      </summary>
      <div className="user-menu-panel">
        <dl>
          <dt>{t('session.nip')}</dt>
          <dd>{user.nip}</dd>
          <dt>{t('session.email')}</dt>
          <dd>{user.email}</dd>
          <dt>{t('session.roles')}</dt>
          <dd>{user.roles.length > 0 ? user.roles.join(', ') : t('session.rolesEmpty')}</dd>
        </dl>
        <div className="user-menu-actions">
          <button type="button" onClick={() => void onSignOut(signOut)} disabled={busy}>
            {t('session.logout')}
          </button>
          <button type="button" onClick={() => void onSignOut(signOutEverywhere)} disabled={busy}>
            {t('session.logoutEverywhere')}
          </button>
        </div>
        {failed && <p role="alert">{t('session.logoutFailed')}</p>}
      </div>
    </details>
  );
}
