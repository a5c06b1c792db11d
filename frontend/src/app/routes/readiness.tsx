import { ReadinessBoard } from '@/features/catalogue';
import { useSession } from '@/features/session';

export function ReadinessRoute() {
  const { data: session } = useSession();
  if (!session) return null;
  return <ReadinessBoard canEdit={session.user.roles.includes('tenant_admin')} />;
}
