import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';

import { suggestPerformers } from '@/api/generated';
import type { PerformerSuggestion } from '@/api/generated';
import { unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

export const suggestionsKey = (versionId: string) =>
  ['catalogue', 'suggestions', versionId] as const;

/** The performers the suggestion engine proposes for the draft's steps that have none
 * (GET /api/catalogue/versions/{id}/suggestions), by step position. Nothing is stored until
 * the admin accepts. */
export function useSuggestions(versionId: string) {
  const query = useQuery({
    queryKey: suggestionsKey(versionId),
    queryFn: async ({ signal }) =>
      unwrap(await suggestPerformers({ signal, path: { version_id: versionId } })),
    retry: false,
  });
  const list: PerformerSuggestion[] = Array.isArray(query.data?.suggestions)
    ? query.data.suggestions
    : [];
  const byPosition = new Map(list.map((s) => [s.position, s]));
  return { query, byPosition, count: list.length };
}

const percent = (confidence: number) => Math.round(confidence * 100);

/** One step's suggested performer, its confidence, the reasons (folded), and accepting it. */
export function StepSuggestion({
  suggestion,
  n,
  onAccept,
}: {
  suggestion: PerformerSuggestion;
  n: string;
  onAccept: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="editor-suggestion">
      <p>
        {t('editor.suggest.step', {
          header: suggestion.header,
          pct: percent(suggestion.confidence),
        })}
      </p>
      {suggestion.reasons.length > 0 ? (
        <details>
          <summary>{t('editor.suggest.reasons', { n })}</summary>
          <ul>
            {suggestion.reasons.map((reason, i) => (
              <li key={i}>{reason}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <button type="button" className="button" onClick={onAccept}>
        {t('editor.suggest.accept', { n })}
      </button>
    </div>
  );
}

/** "Terima semua saran": every suggestion becomes the draft's (POST accept-suggestions), after
 * asking to save first when the editor holds unsaved changes. */
export function AcceptAllSuggestions({
  count,
  dirty,
  busy,
  onAcceptAll,
}: {
  count: number;
  dirty: boolean;
  busy: boolean;
  onAcceptAll: () => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  const [asking, setAsking] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) cancel.current?.focus();
  }, [asking]);
  if (count === 0) return null;
  const close = () => {
    setAsking(false);
    opener.current?.focus();
  };
  return (
    <div className="editor-suggest-all">
      <p>{t('editor.suggest.count', { n: count })}</p>
      <button
        ref={opener}
        type="button"
        className="button"
        disabled={busy}
        aria-expanded={dirty ? asking : undefined}
        onClick={() => {
          if (dirty) setAsking(true);
          else onAcceptAll();
        }}
      >
        {t('editor.suggest.acceptAll')}
      </button>
      {asking ? (
        <div
          role="group"
          aria-labelledby={`${ids}-ask`}
          className="editor-confirm"
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
        >
          <p id={`${ids}-ask`}>{t('editor.suggest.dirty')}</p>
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setAsking(false);
                onAcceptAll();
              }}
            >
              {t('editor.suggest.saveAndAccept')}
            </button>
            <button ref={cancel} type="button" className="button" onClick={close}>
              {t('editor.cancel')}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
