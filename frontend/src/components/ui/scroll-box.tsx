import type { ReactNode } from 'react';

import { useI18n } from '@/lib/i18n';

/** A box that scrolls sideways on a narrow screen (a wide table): reachable and scrollable
 * by keyboard, and named for screen readers ("Tabel: …", apart from its section's name). */
export function ScrollBox({
  children,
  label,
  className = 'table-wrap',
}: {
  children: ReactNode;
  label?: string;
  className?: string;
}) {
  const { t } = useI18n();
  // tabIndex: a scroll region must take focus to be scrolled by keyboard.
  return (
    <div className={className} tabIndex={0} role="region" aria-label={label ? t('common.tableOf', { name: label }) : t('common.scrollBox')}>
      {children}
    </div>
  );
}
