import { Badge } from '@/components/ui/badge';
import type { BadgeTone } from '@/components/ui/badge';
import { useI18n } from '@/lib/i18n';

export type Sla = 'on_track' | 'at_risk' | 'overdue' | 'no_standard' | 'done';

export const slaTone: Readonly<Record<Sla, BadgeTone>> = {
  on_track: 'info',
  at_risk: 'warn',
  overdue: 'fail',
  no_standard: 'neutral',
  done: 'ok',
};

/** The task's time status: on track, at risk (most of its allowance used), or overdue. */
export function SlaBadge({ sla }: { sla: Sla }) {
  const { t } = useI18n();
  return <Badge tone={slaTone[sla]}>{t(`work.sla.${sla}`)}</Badge>;
}
