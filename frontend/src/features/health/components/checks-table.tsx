import type { CheckResult } from '@/api/generated';
import { Badge } from '@/components/ui/badge';
import { useI18n } from '@/lib/i18n';

/** A part's name in the reader's words: "database" and "idp:kaltim" are codes. */
function partName(name: string, t: ReturnType<typeof useI18n>['t']): string {
  if (name.startsWith('idp:')) return t('health.part.idp', { office: name.slice(4) });
  if (name === 'database') return t('health.part.database');
  if (name === 'redis') return t('health.part.redis');
  if (name === 's3') return t('health.part.s3');
  return name;
}

export function ChecksTable({ checks }: { checks: readonly CheckResult[] }) {
  const { t } = useI18n();
  return (
    <div className="table-scroll" role="region" aria-label={t('health.caption')} tabIndex={0}>
      <table className="table">
        <caption>{t('health.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('health.col.name')}</th>
            <th scope="col">{t('health.col.status')}</th>
            <th scope="col">{t('health.col.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((check) => (
            <tr key={check.name}>
              <th scope="row">{partName(check.name, t)}</th>
              <td>
                <Badge tone={check.ok ? 'ok' : 'fail'}>
                  {check.ok ? t('health.check.ok') : t('health.check.fail')}
                </Badge>
              </td>
              <td className="detail">
                {/* The server's own words, kept for the operator, marked as English. */}
                <span lang="en">{check.detail}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
