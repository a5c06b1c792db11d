import type { MessageKey } from '@/lib/i18n';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The server writes how a task was routed in Indonesian (it is also the audit's record);
 * the parts people read on the case page are said again in the reader's language. */
export function vacancyWords(t: Translate, routing: string): string | null {
  const passed = /posisi (.+?) kosong, diteruskan ke (.+)$/.exec(routing);
  if (passed) return t('case.routing.vacant', { vacant: passed[1] ?? '', to: passed[2] ?? '' });
  const stuck = /posisi (.+?) kosong$/.exec(routing);
  return stuck ? t('case.routing.vacantNobody', { vacant: stuck[1] ?? '' }) : null;
}

export function movedWords(t: Translate, routing: string): string | null {
  const delegated = /^didelegasikan kepada (.+?): (.*)$/.exec(routing);
  if (delegated) {
    return t('case.routing.delegated', { who: delegated[1] ?? '', reason: delegated[2] ?? '' });
  }
  const moved = /^dialihkan ke (.+?): (.*)$/.exec(routing);
  return moved ? t('case.routing.moved', { to: moved[1] ?? '', reason: moved[2] ?? '' }) : null;
}
