import { SopView } from '@/features/catalogue';
import { useSession } from '@/features/session';

export function SopRoute() {
  const { data: session } = useSession();
  if (!session) return null;
  return <SopView canEdit={session.user.roles.includes('tenant_admin')} />;
}
