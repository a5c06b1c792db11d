import { useId, useState } from 'react';
import type { SyntheticEvent } from 'react';
import { Link, useNavigate } from 'react-router';

import { ErrorState } from '@/components/ui/states';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { errorDetail, errorField } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import type { MessageKey } from '@/lib/i18n';

import { useCreateOffice } from '../api/offices';

export const TIME_ZONES: [string, MessageKey][] = [
  ['Asia/Jakarta', 'offices.zone.wib'],
  ['Asia/Makassar', 'offices.zone.wita'],
  ['Asia/Jayapura', 'offices.zone.wit'],
];
const SLUG = /^[a-z][a-z0-9-]{1,39}$/;
type Field = 'slug' | 'name' | 'short_name' | 'province' | 'hosts';

/** The checks the API makes, before sending; the API's own refusal is shown the same way. */
export function checkOffice(values: Record<Field, string>): Partial<Record<Field, MessageKey>> {
  const errors: Partial<Record<Field, MessageKey>> = {};
  if (!SLUG.test(values.slug)) errors.slug = 'offices.error.slug';
  for (const field of ['name', 'short_name', 'province'] as const) {
    if (values[field].trim().length < 3) errors[field] = 'offices.error.required';
  }
  const hosts = values.hosts.split(/[\s,]+/).filter(Boolean);
  if (hosts.some((h) => !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(h))) errors.hosts = 'offices.error.host';
  return errors;
}

function TextField({
  id,
  label,
  hint,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].join(' ').trim();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      />
      {hint ? (
        <p id={`${id}-hint`} className="muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="error-text">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A new office: who it is, where its clock runs, and the host names it answers on. Its IdP,
 * books, org and first admins follow on the office's own page. */
export function OfficeCreatePage({ isPlatformAdmin }: { isPlatformAdmin: boolean }) {
  const { t } = useI18n();
  useDocumentTitle(t('offices.new'));
  const ids = useId();
  const navigate = useNavigate();
  const create = useCreateOffice();
  const [values, setValues] = useState<Record<Field, string>>({
    slug: '',
    name: '',
    short_name: '',
    province: '',
    hosts: '',
  });
  const [zone, setZone] = useState('Asia/Jakarta');
  const [locale, setLocale] = useState<'id' | 'en'>('id');
  const [pengesahan, setPengesahan] = useState(true);
  const [errors, setErrors] = useState<Partial<Record<Field, MessageKey>>>({});
  if (!isPlatformAdmin) return <ErrorState message={t('platform.denied')} />;

  const serverField = errorField(create.error);
  const errorOf = (field: Field): string | undefined =>
    errors[field]
      ? t(errors[field])
      : serverField === field
        ? errorDetail(create.error)
        : undefined;
  const set = (field: Field) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const found = checkOffice(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(
      {
        slug: values.slug,
        name: values.name,
        short_name: values.short_name,
        province: values.province,
        time_zone: zone,
        locale,
        hosts: values.hosts.split(/[\s,]+/).filter(Boolean),
        pengesahan,
      },
      {
        onSuccess: (office) => {
          void navigate(`/platform/instansi/${office.slug}`);
        },
      },
    );
  };
  return (
    <section className="page" aria-labelledby="office-new-title">
      <p>
        <Link to="/platform">{t('offices.back')}</Link>
      </p>
      <h1 id="office-new-title">{t('offices.new')}</h1>
      <form className="card form" onSubmit={submit} noValidate>
        <TextField
          id={`${ids}-name`}
          label={t('offices.name')}
          value={values.name}
          onChange={set('name')}
          error={errorOf('name')}
        />
        <TextField
          id={`${ids}-short`}
          label={t('offices.shortName')}
          value={values.short_name}
          onChange={set('short_name')}
          error={errorOf('short_name')}
        />
        <TextField
          id={`${ids}-slug`}
          label={t('offices.slug')}
          hint={t('offices.slugHint')}
          value={values.slug}
          onChange={set('slug')}
          error={errorOf('slug')}
        />
        <TextField
          id={`${ids}-province`}
          label={t('offices.province')}
          value={values.province}
          onChange={set('province')}
          error={errorOf('province')}
        />
        <div className="field">
          <label htmlFor={`${ids}-zone`}>{t('offices.zone')}</label>
          <select
            id={`${ids}-zone`}
            value={zone}
            onChange={(e) => {
              setZone(e.target.value);
            }}
          >
            {TIME_ZONES.map(([value, label]) => (
              <option key={value} value={value}>
                {t(label)}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id={`${ids}-hosts`}
          label={t('offices.hosts')}
          hint={t('offices.hostsHint')}
          value={values.hosts}
          onChange={set('hosts')}
          error={errorOf('hosts')}
        />
        <div className="field">
          <label htmlFor={`${ids}-locale`}>{t('offices.locale')}</label>
          <select
            id={`${ids}-locale`}
            value={locale}
            onChange={(e) => {
              setLocale(e.target.value === 'en' ? 'en' : 'id');
            }}
          >
            <option value="id">Bahasa Indonesia</option>
            <option value="en">English</option>
          </select>
        </div>
        <div className="field field-check">
          <input
            id={`${ids}-pengesahan`}
            type="checkbox"
            checked={pengesahan}
            onChange={(e) => {
              setPengesahan(e.target.checked);
            }}
          />
          <label htmlFor={`${ids}-pengesahan`}>{t('offices.pengesahan')}</label>
        </div>
        <p className="muted">{t('offices.hoursNote')}</p>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {t('offices.create')}
          </button>
        </div>
        {create.isError && !serverField ? (
          <p role="alert" className="error-text">
            {errorDetail(create.error)}
          </p>
        ) : null}
      </form>
    </section>
  );
}
