import { StatusPage } from '@/features/health';
import { PlatformPage } from '@/features/platform';
import { useSession } from '@/features/session';

export function PlatformRoute() {
  const { data: session } = useSession();
  if (!session) return null;
  return <PlatformPage isPlatformAdmin={session.user.roles.includes('platform_admin')} />;
}

export function StatusRoute() {
  const { data: session } = useSession();
  if (!session) return null;
  return <StatusPage isPlatformAdmin={session.user.roles.includes('platform_admin')} />;
}
