import { useSession } from '@/features/session';
import { CaseListPage, CasePage } from '@/features/work';

export function CaseRoute() {
  const { data: session } = useSession();
  if (!session) return null;
  return <CasePage timeZone={session.tenant.time_zone} />;
}

export function CaseListRoute() {
  const { data: session } = useSession();
  if (!session) return null;
  return (
    <CaseListPage
      timeZone={session.tenant.time_zone}
      admin={session.user.roles.includes('tenant_admin')}
    />
  );
}
