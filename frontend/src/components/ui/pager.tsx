import { useEffect } from 'react';

import { useI18n } from '@/lib/i18n';

/** Previous/next through a paginated list; hidden when everything fits on one page. When
 * the list shrinks under the reader (work done, a job retried), it steps back to the last
 * page rather than leave them on an empty one. */
export function Pager({
  page,
  size,
  total,
  label,
  onPage,
}: {
  page: number;
  size: number;
  total: number;
  label: string;
  onPage: (page: number) => void;
}) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / size));
  useEffect(() => {
    if (page >= pages) onPage(pages - 1);
  }, [page, pages, onPage]);
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button
        type="button"
        className="button"
        disabled={page === 0}
        onClick={() => {
          onPage(page - 1);
        }}
      >
        {t('common.prev')}
      </button>
      <span>{t('common.pageOf', { page: page + 1, pages })}</span>
      <button
        type="button"
        className="button"
        disabled={page + 1 >= pages}
        onClick={() => {
          onPage(page + 1);
        }}
      >
        {t('common.next')}
      </button>
    </nav>
  );
}
