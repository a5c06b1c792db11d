import { CataloguePage } from '@/features/catalogue';
import { useSession } from '@/features/session';

export function CatalogueRoute() {
  const { data: session } = useSession();
  if (!session) return null;
  return <CataloguePage canEdit={session.user.roles.includes('tenant_admin')} />;
}
