import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';

import { markNotificationsRead, myNotifications } from '@/api/generated';
import type { NotificationPage } from '@/api/generated';
import { unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

/** The bell's query: the latest notifications. A page that already polls them (the
 * dashboard's one request) puts its answer here with `setQueryData` and turns `poll` off. */
export const NOTIFICATIONS_QUERY_KEY = ['notifications'] as const;
const KEY = NOTIFICATIONS_QUERY_KEY;

/** The bell: unread count in its name, the latest notifications, mark all as read. With
 * `poll` off it asks for nothing itself and shows what the page put in its query. */
export function NotificationBell({ poll = true }: { poll?: boolean }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: KEY,
    queryFn: async ({ signal }) => unwrap(await myNotifications({ signal, query: { limit: 10 } })),
    enabled: poll,
    refetchInterval: poll ? 30_000 : false,
  });
  const markAll = useMutation({
    mutationFn: async () => unwrap(await markNotificationsRead({ body: {} })),
    onSuccess: () => {
      // Shown read at once, also when the bell does not poll itself.
      const readAt = new Date().toISOString();
      queryClient.setQueryData<NotificationPage>(KEY, (page) =>
        page
          ? {
              ...page,
              unread: 0,
              items: page.items.map((n) => ({ ...n, read_at: n.read_at ?? readAt })),
            }
          : page,
      );
      return queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  const unread = list.data?.unread ?? 0;
  return (
    <details className="user-menu bell">
      {/* Named by its own words (the count is the only visible part of them), so what a
          screen reader says and what a voice user reads on screen agree. */}
      <summary>
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" className="bell-icon">
          <path d="M12 2a6 6 0 0 0-6 6v4l-2 3v1h16v-1l-2-3V8a6 6 0 0 0-6-6zm0 20a3 3 0 0 0 3-3H9a3 3 0 0 0 3 3z" />
        </svg>
        <span className="visually-hidden">{t('bell.before')} </span>
        {unread > 0 ? <span className="bell-count">{unread}</span> : null}
        <span className="visually-hidden">
          {unread > 0 ? ` ${t('bell.unread')}` : t('bell.none')}
        </span>
      </summary>
      <div className="user-menu-panel">
        <h2 className="bell-title">{t('bell.title')}</h2>
        {list.data && list.data.items.length === 0 ? <p>{t('bell.empty')}</p> : null}
        <ul className="plain-list">
          {list.data?.items.map((n) => (
            <li key={n.id} className={n.read_at ? 'muted' : undefined}>
              {n.link ? <Link to={n.link}>{n.title}</Link> : <strong>{n.title}</strong>}
              <br />
              <span className="muted">{n.body}</span>
            </li>
          ))}
        </ul>
        {unread > 0 ? (
          <button type="button" onClick={() => { markAll.mutate(); }} disabled={markAll.isPending}>
            {t('bell.markAll')}
          </button>
        ) : null}
      </div>
    </details>
  );
}
