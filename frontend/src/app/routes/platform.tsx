import { PlatformPage } from '@/features/platform';
import { useSession } from '@/features/session';

export function PlatformRoute() {
  const { data: session } = useSession();
  if (!session) return null;
  return <PlatformPage isPlatformAdmin={session.user.roles.includes('platform_admin')} />;
}
