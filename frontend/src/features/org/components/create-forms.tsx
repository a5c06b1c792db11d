import { useEffect, useId, useRef, useState } from 'react';

import type { PositionCreate, PositionOut, UnitCreate, UnitOut } from '@/api/generated';
import { errorDetail } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import type { MessageKey } from '@/lib/i18n';

import { useCreatePosition, useCreateUnit } from '../api/org';
import { POSITION_KINDS, UNIT_KINDS, kindLabel } from '../model';

const CODE = /^[a-z0-9][a-z0-9-]{0,119}$/;

type Errors = Partial<Record<'code' | 'name' | 'supervisor', MessageKey>>;

/** The API's rules for a new unit or position, checked before sending. */
export function validateNew(code: string, name: string, supervisor?: string): Errors {
  const errors: Errors = {};
  if (!CODE.test(code)) errors.code = 'org.error.code';
  const cleaned = name.trim();
  if (cleaned.length < 2 || cleaned.length > 300) errors.name = 'org.error.nameLength';
  if (supervisor !== undefined && !supervisor) errors.supervisor = 'org.error.supervisor';
  return errors;
}

function FieldError({ id, error }: { id: string; error: MessageKey | undefined }) {
  const { t } = useI18n();
  return error ? (
    <p id={id} role="alert" className="error-text">
      {t(error)}
    </p>
  ) : null;
}

/** The two fields every new unit and position has: its name and its code. */
function NameAndCode({
  ids,
  nameLabel,
  name,
  setName,
  code,
  setCode,
  errors,
}: {
  ids: string;
  nameLabel: MessageKey;
  name: string;
  setName: (value: string) => void;
  code: string;
  setCode: (value: string) => void;
  errors: Errors;
}) {
  const { t } = useI18n();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    first.current?.focus();
  }, []);
  return (
    <>
      <label htmlFor={`${ids}-name`}>{t(nameLabel)}</label>
      <input
        id={`${ids}-name`}
        ref={first}
        value={name}
        aria-invalid={errors.name ? true : undefined}
        aria-describedby={errors.name ? `${ids}-name-error` : undefined}
        onChange={(e) => {
          setName(e.target.value);
        }}
      />
      <FieldError id={`${ids}-name-error`} error={errors.name} />
      <label htmlFor={`${ids}-code`}>{t('org.code')}</label>
      <input
        id={`${ids}-code`}
        value={code}
        aria-invalid={errors.code ? true : undefined}
        aria-describedby={`${ids}-code-hint${errors.code ? ` ${ids}-code-error` : ''}`}
        onChange={(e) => {
          setCode(e.target.value);
        }}
      />
      <p id={`${ids}-code-hint`} className="muted org-hint">
        {t('org.codeHint')}
      </p>
      <FieldError id={`${ids}-code-error`} error={errors.code} />
    </>
  );
}

/** Create and cancel, and the API's refusal when there is one. */
function CreateButtons({
  label,
  pending,
  error,
  onDone,
}: {
  label: MessageKey;
  pending: boolean;
  error: Error | null;
  onDone: () => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={pending}>
          {t(label)}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('org.cancel')}
        </button>
      </div>
      {error ? (
        <p role="alert" className="error-text">
          {t('org.saveFailed', { reason: errorDetail(error) })}
        </p>
      ) : null}
    </>
  );
}

/** A new unit under the selected one (a Dinas has only one, so that kind is not offered). */
export function CreateUnitForm({ parent, onDone }: { parent: UnitOut; onDone: () => void }) {
  const { t } = useI18n();
  const ids = useId();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<UnitCreate['kind']>('seksi');
  const [errors, setErrors] = useState<Errors>({});
  const create = useCreateUnit();
  return (
    <form
      className="form org-create"
      aria-label={t('org.unit.createLabel', { parent: parent.name })}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const found = validateNew(code, name);
        setErrors(found);
        if (Object.keys(found).length > 0) return;
        create.mutate(
          { code, name: name.trim(), kind, parent_id: parent.id },
          { onSuccess: onDone },
        );
      }}
    >
      <NameAndCode
        ids={ids}
        nameLabel="org.unit.name"
        name={name}
        setName={setName}
        code={code}
        setCode={setCode}
        errors={errors}
      />
      <label htmlFor={`${ids}-kind`}>{t('org.kind')}</label>
      <select
        id={`${ids}-kind`}
        value={kind}
        onChange={(e) => {
          setKind(e.target.value as UnitCreate['kind']);
        }}
      >
        {UNIT_KINDS.filter((k) => k !== 'dinas').map((k) => (
          <option key={k} value={k}>
            {kindLabel(t, 'unit', k)}
          </option>
        ))}
      </select>
      <CreateButtons
        label="org.unit.create"
        pending={create.isPending}
        error={create.error}
        onDone={onDone}
      />
    </form>
  );
}

/** A new position in the selected unit, with the supervisor its work escalates to. */
export function CreatePositionForm({
  unit,
  positions,
  onDone,
}: {
  unit: UnitOut;
  positions: readonly PositionOut[];
  onDone: () => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  const [code, setCode] = useState('');
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<PositionCreate['kind']>('staf');
  const [supervisor, setSupervisor] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const create = useCreatePosition();
  const candidates = [...positions].sort((a, b) => a.title.localeCompare(b.title, 'id'));
  return (
    <form
      className="form org-create"
      aria-label={t('org.position.createLabel', { unit: unit.name })}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const found = validateNew(code, title, supervisor);
        setErrors(found);
        if (Object.keys(found).length > 0) return;
        create.mutate(
          { code, title: title.trim(), kind, unit_id: unit.id, supervisor_id: supervisor },
          { onSuccess: onDone },
        );
      }}
    >
      <NameAndCode
        ids={ids}
        nameLabel="org.position.title"
        name={title}
        setName={setTitle}
        code={code}
        setCode={setCode}
        errors={errors}
      />
      <label htmlFor={`${ids}-kind`}>{t('org.kind')}</label>
      <select
        id={`${ids}-kind`}
        value={kind}
        onChange={(e) => {
          setKind(e.target.value as PositionCreate['kind']);
        }}
      >
        {POSITION_KINDS.filter((k) => k !== 'kepala_dinas').map((k) => (
          <option key={k} value={k}>
            {kindLabel(t, 'position', k)}
          </option>
        ))}
      </select>
      <label htmlFor={`${ids}-supervisor`}>{t('org.position.supervisorLabel')}</label>
      <select
        id={`${ids}-supervisor`}
        value={supervisor}
        aria-invalid={errors.supervisor ? true : undefined}
        aria-describedby={errors.supervisor ? `${ids}-supervisor-error` : undefined}
        onChange={(e) => {
          setSupervisor(e.target.value);
        }}
      >
        <option value="">{t('org.position.supervisorPlaceholder')}</option>
        {candidates.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </select>
      <FieldError id={`${ids}-supervisor-error`} error={errors.supervisor} />
      <CreateButtons
        label="org.position.create"
        pending={create.isPending}
        error={create.error}
        onDone={onDone}
      />
    </form>
  );
}
