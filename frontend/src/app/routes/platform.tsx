import { StatusPage } from '@/features/health';
import { OfficeCreatePage, OfficeSetupPage, PlatformPage } from '@/features/platform';
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

export function OfficeCreateRoute() {
  const { data: session } = useSession();
  if (!session) return null;
  return <OfficeCreatePage isPlatformAdmin={session.user.roles.includes('platform_admin')} />;
}

export function OfficeSetupRoute() {
  const { data: session } = useSession();
  if (!session) return null;
  return <OfficeSetupPage isPlatformAdmin={session.user.roles.includes('platform_admin')} />;
}
