import { useSession } from '@/features/session';
import { CasePage } from '@/features/work';

export function CaseRoute() {
  const { data: session } = useSession();
  if (!session) return null;
  return <CasePage timeZone={session.tenant.time_zone} />;
}
