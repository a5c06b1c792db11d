import { useI18n } from '@/lib/i18n';

import { useSession } from '../hooks/use-session';

/** The signed-in user's office, for the app header; nothing when signed out. */
export function TenantName() {
  const { t } = useI18n();
  const { data: session } = useSession();
  if (!session) return null;
  return (
    <span className="tenant-name">
      <span className="visually-hidden">{t('app.tenantLabel')}: </span>
      {session.tenant.name}
    </span>
  );
}
