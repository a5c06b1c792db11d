import type { TenantPublic } from '@/api/generated';
import { useI18n } from '@/lib/i18n';

import { ssoLoginUrl } from '../api/public-tenants';

export function TenantSsoList({ tenants }: { tenants: readonly TenantPublic[] }) {
  const { t } = useI18n();
  return (
    <ul className="tenant-list" aria-label={t('auth.tenantsLabel')}>
      {tenants.map((tenant) => (
        <li key={tenant.slug} className="card tenant-card">
          {/* A real link: the browser leaves the SPA for the office's SSO. */}
          <a className="button button-primary tenant-sso" href={ssoLoginUrl(tenant.slug)}>
            {t('auth.ssoButton', { name: tenant.name })}
          </a>
          <p className="muted">{tenant.province}</p>
        </li>
      ))}
    </ul>
  );
}
