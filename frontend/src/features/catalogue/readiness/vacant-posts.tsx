import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link } from 'react-router';

import { vacantPosts } from '@/api/generated';
import { ErrorState } from '@/components/ui/states';
import { unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

/** Posts the SOPs in force route to and nobody holds today: their steps go to the post
 * above until someone is appointed. */
export function VacantPosts() {
  const { t } = useI18n();
  const ids = useId();
  const posts = useQuery({
    queryKey: ['readiness', 'vacant-posts'],
    queryFn: async ({ signal }) => unwrap(await vacantPosts({ signal })),
  });
  if (posts.isPending) return null;
  if (posts.isError) return <ErrorState message={t('vacant.error')} error={posts.error} />;
  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('vacant.title', { n: posts.data.length })}</h2>
      {posts.data.length === 0 ? (
        <p className="muted">{t('vacant.none')}</p>
      ) : (
        <>
          <p className="muted">{t('vacant.intro')}</p>
          <ul className="plain-list">
            {posts.data.map((post) => (
              <li key={post.position_id}>
                <strong>{post.title}</strong>
                {post.unit_name ? ` — ${post.unit_name}` : null}
                <br />
                <span className="muted">
                  {t('vacant.sops', { n: post.sops.length, keys: post.sops.join(', ') })}
                </span>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/admin/organisasi">{t('vacant.appoint')}</Link>
          </p>
        </>
      )}
    </section>
  );
}
