import type { ReactNode } from 'react';

import { ApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

export function LoadingState({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="state state-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children ? <p className="state-hint">{children}</p> : null}
    </div>
  );
}

export function ErrorState({
  message,
  error,
  onRetry,
}: {
  message: string;
  error?: unknown;
  onRetry?: () => void;
}) {
  const { t } = useI18n();
  const status = error instanceof ApiError ? error.status : undefined;
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{message}</p>
      {status !== undefined ? (
        <p className="state-hint">{t('common.errorDetail', { status })}</p>
      ) : null}
      {/* Without a way to ask again, trying again means loading the page again. */}
      <button
        type="button"
        className="button"
        onClick={
          onRetry ??
          (() => {
            window.location.reload();
          })
        }
      >
        {t('common.retry')}
      </button>
    </div>
  );
}
