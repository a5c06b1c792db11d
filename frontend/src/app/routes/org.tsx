import { OrgPage } from '@/features/org';
import { useSession } from '@/features/session';

export function OrgRoute() {
  const { data: session } = useSession();
  if (!session) return null;
  return <OrgPage
      isAdmin={session.user.roles.includes('tenant_admin')}
      timeZone={session.tenant.time_zone}
    />;
}
