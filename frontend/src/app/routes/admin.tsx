import { AdminPage } from '@/features/admin';
import { useSession } from '@/features/session';

export function AdminRoute() {
  const { data: session } = useSession();
  if (!session) return null;
  return (
    <AdminPage
      isAdmin={session.user.roles.includes('tenant_admin')}
      timeZone={session.tenant.time_zone}
    />
  );
}
