import type { CheckResult } from '@/api/generated';
import { Badge } from '@/components/ui/badge';
import { useI18n } from '@/lib/i18n';

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
              <th scope="row">{check.name}</th>
              <td>
                <Badge tone={check.ok ? 'ok' : 'fail'}>
                  {check.ok ? t('health.check.ok') : t('health.check.fail')}
                </Badge>
              </td>
              <td className="detail">{check.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
