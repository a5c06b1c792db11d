import type { ReactNode } from 'react';

import type { MePosition } from '@/api/generated';

import { EmptyState } from '@/components/ui/states';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useI18n } from '@/lib/i18n';

import { useSession } from '../hooks/use-session';

/** The signed-in person's home: who they are, and the work panels the app composes in
 * (`work`, given the office's time zone and the card of the person's positions, to show below
 * the panels once they are in: nothing then moves as they load). */
export function DashboardPage({
  work,
}: {
  work?: (timeZone: string, positions: ReactNode) => ReactNode;
}) {
  const { t } = useI18n();
  const { data: session } = useSession();
  useDocumentTitle(t('app.nav.home'));
  if (!session) return null; // RequireSession renders this page only with a session.

  const { user, tenant } = session;
  const positionsCard = <Positions positions={user.positions} />;
  return (
    <section className="page" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('session.welcome', { name: user.name })}</h1>
      <p className="muted">
        {t('app.tenantLabel')}: <strong>{tenant.name}</strong>
      </p>
      {work ? work(tenant.time_zone, positionsCard) : positionsCard}
    </section>
  );
}

/** The positions the person holds today (from /api/me). */
function Positions({ positions }: { positions: MePosition[] }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="positions-title">
      <h2 id="positions-title">{t('session.positions.title')}</h2>
      {positions.length === 0 ? (
        <EmptyState title={t('session.positions.empty')} />
      ) : (
        <ul className="plain-list">
          {positions.map((position) => (
            <li key={position.code}>
              <strong>{position.title}</strong>
              <br />
              <span className="muted">{position.unit_name || position.unit}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
