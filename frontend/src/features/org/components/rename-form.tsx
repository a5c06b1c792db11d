import { useEffect, useId, useRef, useState } from 'react';

import { errorDetail } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import { useUpdatePosition, useUpdateUnit } from '../api/org';

/** Rename a unit or retitle a position (PATCH). The API wants 2-300 characters. */
export function RenameForm({
  kind,
  id,
  current,
  onDone,
}: {
  kind: 'unit' | 'position';
  id: string;
  current: string;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  const [name, setName] = useState(current);
  const [error, setError] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const unit = useUpdateUnit();
  const position = useUpdatePosition();
  const save = kind === 'unit' ? unit : position;

  useEffect(() => {
    input.current?.focus();
  }, []);

  return (
    <form
      className="form org-rename"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const cleaned = name.trim();
        if (cleaned.length < 2 || cleaned.length > 300) {
          setError(true);
          input.current?.focus();
          return;
        }
        setError(false);
        const done = { onSuccess: onDone };
        if (kind === 'unit') unit.mutate({ id, patch: { name: cleaned } }, done);
        else position.mutate({ id, patch: { title: cleaned } }, done);
      }}
    >
      <label htmlFor={`${ids}-name`}>
        {kind === 'unit' ? t('org.rename.unitLabel') : t('org.rename.positionLabel')}
      </label>
      <input
        id={`${ids}-name`}
        ref={input}
        value={name}
        maxLength={300}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${ids}-error` : undefined}
        onChange={(e) => {
          setName(e.target.value);
        }}
      />
      {error ? (
        <p id={`${ids}-error`} role="alert" className="error-text">
          {t('org.error.nameLength')}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {t('org.save')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('org.cancel')}
        </button>
      </div>
      {save.isError ? (
        <p role="alert" className="error-text">
          {t('org.saveFailed', { reason: errorDetail(save.error) })}
        </p>
      ) : null}
    </form>
  );
}
