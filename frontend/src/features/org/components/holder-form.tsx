import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';

import type { AppointmentRequestOut, HolderOut, UserOut } from '@/api/generated';
import { errorDetail } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import { useAddHolder, useAppointUser, usersQueryOptions } from '../api/org';
import { HOLDER_KINDS, holderBody, kindLabel, validateHolder } from '../model';
import type { HolderDraft, HolderErrors, HolderKind } from '../model';

/** Wait until typing pauses before asking the API. */
function useDebounced(value: string, ms = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => {
      setSettled(value);
    }, ms);
    return () => {
      clearTimeout(timer);
    };
  }, [value, ms]);
  return settled;
}

/** Appoint a user to one position: definitive, or acting (Plt/Plh) for a date range. */
export function HolderForm({
  positionId,
  positionTitle,
  onDone,
}: {
  positionId: string;
  positionTitle: string;
  /** Called with the new holder once saved (or the request, when the post is above the
   * appointer's reach and waits for the head of office), or with nothing when cancelled. */
  onDone: (added?: HolderOut | AppointmentRequestOut) => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const users = useQuery(usersQueryOptions(q));
  const [draft, setDraft] = useState<HolderDraft>({
    userId: '',
    kind: 'plt',
    startsOn: '',
    endsOn: '',
  });
  const [chosenLabel, setChosenLabel] = useState('');
  const [errors, setErrors] = useState<HolderErrors>({});
  const add = useAddHolder(positionId);
  const userRef = useRef<HTMLSelectElement>(null);
  const startRef = useRef<HTMLInputElement>(null);
  const endRef = useRef<HTMLInputElement>(null);

  const set = (patch: Partial<HolderDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
  };

  const submit = () => {
    const found = validateHolder(draft);
    setErrors(found);
    const first = found.userId ? userRef : found.startsOn ? startRef : found.endsOn ? endRef : null;
    if (first) {
      first.current?.focus();
      return;
    }
    add.mutate(holderBody(draft), {
      onSuccess: (holder) => {
        onDone(holder);
      },
    });
  };

  const describe = (field: keyof HolderErrors, hint?: string) =>
    [errors[field] ? `${ids}-${field}-error` : '', hint ?? ''].filter(Boolean).join(' ') ||
    undefined;
  const fieldError = (field: keyof HolderErrors) => {
    const key = errors[field];
    return key ? (
      <p id={`${ids}-${field}-error`} role="alert" className="error-text">
        {t(key)}
      </p>
    ) : null;
  };

  const options = users.data?.items ?? [];
  const chosenMissing = draft.userId !== '' && !options.some((u) => u.id === draft.userId);

  return (
    <form
      className="form org-holder-form"
      aria-label={t('org.holder.formLabel', { position: positionTitle })}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={`${ids}-search`}>{t('org.holder.search')}</label>
      <input
        id={`${ids}-search`}
        type="search"
        autoComplete="off"
        value={search}
        aria-describedby={`${ids}-search-hint`}
        onChange={(e) => {
          setSearch(e.target.value);
        }}
      />
      <p id={`${ids}-search-hint`} className="muted org-hint" aria-live="polite">
        {users.isError
          ? t('org.holder.usersFailed', { reason: errorDetail(users.error) })
          : users.data
            ? users.data.total > options.length
              ? t('org.holder.usersSome', { shown: options.length, total: users.data.total })
              : t('org.holder.usersAll', { total: users.data.total })
            : t('common.loading')}
      </p>
      <label htmlFor={`${ids}-user`}>{t('org.holder.user')}</label>
      <select
        id={`${ids}-user`}
        ref={userRef}
        value={draft.userId}
        aria-invalid={errors.userId ? true : undefined}
        aria-describedby={describe('userId')}
        onChange={(e) => {
          set({ userId: e.target.value });
          setChosenLabel(e.target.selectedOptions[0]?.text ?? '');
        }}
      >
        <option value="">{t('org.holder.userPlaceholder')}</option>
        {chosenMissing ? <option value={draft.userId}>{chosenLabel}</option> : null}
        {options.map((user) => (
          <option key={user.id} value={user.id} disabled={!user.active}>
            {user.name} — {user.nip}
            {user.active ? '' : ` (${t('org.inactive')})`}
            {user.awaiting_sign_in ? ` (${t('org.person.awaiting')})` : ''}
          </option>
        ))}
      </select>
      {fieldError('userId')}
      <NewPersonForm
        onAdded={(user) => {
          set({ userId: user.id });
          setChosenLabel(`${user.name} — ${user.nip} (${t('org.person.awaiting')})`);
        }}
      />
      <fieldset className="org-kinds">
        <legend>{t('org.holder.kind')}</legend>
        {HOLDER_KINDS.map((kind: HolderKind) => (
          <label key={kind} className="inline">
            <input
              type="radio"
              name={`${ids}-kind`}
              value={kind}
              checked={draft.kind === kind}
              onChange={() => {
                set({ kind });
              }}
            />
            {kindLabel(t, 'holder', kind)}
          </label>
        ))}
      </fieldset>
      <p className="muted org-hint">{t('org.holder.kindHint')}</p>
      <div className="org-dates">
        <div>
          <label htmlFor={`${ids}-start`}>{t('org.holder.startsOn')}</label>
          <input
            id={`${ids}-start`}
            ref={startRef}
            type="date"
            value={draft.startsOn}
            required={draft.kind !== 'definitive'}
            aria-invalid={errors.startsOn ? true : undefined}
            aria-describedby={describe('startsOn')}
            onChange={(e) => {
              set({ startsOn: e.target.value });
            }}
          />
          {fieldError('startsOn')}
        </div>
        <div>
          <label htmlFor={`${ids}-end`}>
            {draft.kind === 'definitive' ? t('org.holder.endsOnOptional') : t('org.holder.endsOn')}
          </label>
          <input
            id={`${ids}-end`}
            ref={endRef}
            type="date"
            value={draft.endsOn}
            min={draft.startsOn || undefined}
            required={draft.kind !== 'definitive'}
            aria-invalid={errors.endsOn ? true : undefined}
            aria-describedby={describe('endsOn')}
            onChange={(e) => {
              set({ endsOn: e.target.value });
            }}
          />
          {fieldError('endsOn')}
        </div>
      </div>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          {t('org.holder.save')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            onDone();
          }}
        >
          {t('org.cancel')}
        </button>
      </div>
      {add.isError ? (
        <p role="alert" className="error-text">
          {t('org.holder.refused', { reason: errorDetail(add.error) })}
        </p>
      ) : null}
    </form>
  );
}

/** Someone not yet in Alur (a newcomer who has never signed in): added by NIP and name, then
 * chosen above; their first sign-in with that NIP is linked to this record. */
function NewPersonForm({ onAdded }: { onAdded: (user: UserOut) => void }) {
  const { t } = useI18n();
  const ids = useId();
  const [nip, setNip] = useState('');
  const [name, setName] = useState('');
  const appoint = useAppointUser();
  const problem = appoint.isError ? errorDetail(appoint.error) : '';
  return (
    <details className="org-new-person">
      <summary>{t('org.person.open')}</summary>
      <p className="muted org-hint">{t('org.person.hint')}</p>
      <label htmlFor={`${ids}-nip`}>{t('session.nip')}</label>
      <input
        id={`${ids}-nip`}
        inputMode="numeric"
        autoComplete="off"
        value={nip}
        aria-invalid={problem.includes('NIP') ? true : undefined}
        aria-describedby={problem ? `${ids}-error` : undefined}
        onChange={(e) => {
          setNip(e.target.value);
        }}
      />
      <label htmlFor={`${ids}-name`}>{t('org.person.name')}</label>
      <input
        id={`${ids}-name`}
        autoComplete="off"
        value={name}
        aria-invalid={problem.includes('nama') ? true : undefined}
        aria-describedby={problem ? `${ids}-error` : undefined}
        onChange={(e) => {
          setName(e.target.value);
        }}
      />
      {problem ? (
        <p id={`${ids}-error`} role="alert" className="error-text">
          {problem}
        </p>
      ) : null}
      {appoint.isSuccess ? (
        <p role="status">{t('org.person.added', { name: appoint.data.name })}</p>
      ) : null}
      <button
        type="button"
        className="button"
        disabled={appoint.isPending || !nip.trim() || !name.trim()}
        onClick={() => {
          appoint.mutate(
            { nip, name },
            {
              onSuccess: (user) => {
                onAdded(user);
              },
            },
          );
        }}
      >
        {t('org.person.add')}
      </button>
    </details>
  );
}
