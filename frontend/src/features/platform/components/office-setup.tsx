import { useId, useState } from 'react';
import type { ReactNode, SyntheticEvent } from 'react';
import { Link, useParams } from 'react-router';

import type { BookImportResult, JobOut, OfficeOut } from '@/api/generated';
import { Badge } from '@/components/ui/badge';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { errorDetail, errorField } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import {
  exportLink,
  exportStatus,
  startExport,
  useConnectIdp,
  useNameAdmin,
  useOffice,
  useOfficeBook,
  useOfficeStatus,
} from '../api/offices';
import { OrgSkeletonReview } from './org-skeleton-review';

function Step({
  id,
  title,
  done,
  children,
}: {
  id: string;
  title: string;
  done: boolean;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <section className="card office-step" aria-labelledby={id}>
      <h2 id={id}>
        {title}{' '}
        <Badge tone={done ? 'ok' : 'warn'}>{t(done ? 'offices.step.done' : 'offices.step.todo')}</Badge>
      </h2>
      {children}
    </section>
  );
}

function Refusal({ error }: { error: unknown }) {
  return error ? (
    <p role="alert" className="error-text">
      {errorDetail(error)}
    </p>
  ) : null;
}

function IdpForm({ office }: { office: OfficeOut }) {
  const { t } = useI18n();
  const ids = useId();
  const connect = useConnectIdp(office.slug);
  const [issuer, setIssuer] = useState(office.idp_issuer);
  const [clientId, setClientId] = useState(office.idp_client_id || `alur-${office.slug}`);
  const [secret, setSecret] = useState('');
  if (office.origin === 'file') return <p className="muted">{t('offices.idp.file')}</p>;
  const field = errorField(connect.error);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    connect.mutate(
      { issuer, client_id: clientId, client_secret: secret },
      {
        onSuccess: () => {
          setSecret('');
        },
      },
    );
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <label htmlFor={`${ids}-issuer`}>{t('offices.idp.issuer')}</label>
      <input
        id={`${ids}-issuer`}
        type="url"
        value={issuer}
        placeholder="https://sso.example.go.id/realms/dinas"
        aria-invalid={field === 'issuer' ? true : undefined}
        onChange={(e) => {
          setIssuer(e.target.value);
        }}
      />
      <label htmlFor={`${ids}-client`}>{t('offices.idp.clientId')}</label>
      <input
        id={`${ids}-client`}
        value={clientId}
        aria-invalid={field === 'client_id' ? true : undefined}
        onChange={(e) => {
          setClientId(e.target.value);
        }}
      />
      <label htmlFor={`${ids}-secret`}>{t('offices.idp.secret')}</label>
      <input
        id={`${ids}-secret`}
        type="password"
        autoComplete="off"
        value={secret}
        aria-describedby={`${ids}-secret-hint`}
        aria-invalid={field === 'client_secret' ? true : undefined}
        onChange={(e) => {
          setSecret(e.target.value);
        }}
      />
      <p id={`${ids}-secret-hint`} className="muted">
        {t(office.idp_secret_stored ? 'offices.idp.secretStored' : 'offices.idp.secretHint')}
      </p>
      <p className="muted">
        {t('offices.idp.redirect', { url: `${window.location.origin}/auth/${office.slug}/callback` })}
      </p>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={connect.isPending}>
          {t(connect.isPending ? 'offices.idp.checking' : 'offices.idp.connect')}
        </button>
      </div>
      {connect.isSuccess ? <p role="status">{t('offices.idp.connected')}</p> : null}
      <Refusal error={connect.error} />
    </form>
  );
}

function BookUpload({ office }: { office: OfficeOut }) {
  const { t } = useI18n();
  const ids = useId();
  const upload = useOfficeBook(office.slug);
  const [results, setResults] = useState<{ name: string; result: BookImportResult }[]>([]);
  return (
    <div>
      <p>{t('offices.books.count', { sops: office.sops })}</p>
      <label htmlFor={`${ids}-book`}>{t('offices.books.choose')}</label>
      <input
        id={`${ids}-book`}
        type="file"
        accept=".txt,text/plain"
        disabled={upload.isPending}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          upload.mutate(file, {
            onSuccess: (result) => {
              setResults((r) => [...r, { name: file.name, result }]);
            },
          });
          e.target.value = '';
        }}
      />
      {upload.isPending ? <LoadingState /> : null}
      <Refusal error={upload.error} />
      {results.map(({ name, result }) => (
        <p key={name} role="status">
          {t('offices.books.imported', {
            name,
            created: result.created.length,
            warnings:
              result.book_warnings.length +
              Object.values(result.sop_warnings).reduce((n, w) => n + w.length, 0),
          })}
        </p>
      ))}
    </div>
  );
}

function Admins({ office }: { office: OfficeOut }) {
  const { t } = useI18n();
  const ids = useId();
  const name = useNameAdmin(office.slug);
  const [nip, setNip] = useState('');
  const [person, setPerson] = useState('');
  const field = errorField(name.error);
  return (
    <div>
      {office.admins.length === 0 ? (
        <p>{t('offices.admins.none')}</p>
      ) : (
        <ul>
          {office.admins.map((a) => (
            <li key={a.id}>
              {a.name} · {a.nip} ·{' '}
              {t(a.signed_in ? 'offices.admins.signedIn' : 'offices.admins.waiting')}
            </li>
          ))}
        </ul>
      )}
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          name.mutate(
            { nip: nip.replace(/\s+/g, ''), name: person },
            {
              onSuccess: () => {
                setNip('');
                setPerson('');
              },
            },
          );
        }}
      >
        <label htmlFor={`${ids}-nip`}>NIP</label>
        <input
          id={`${ids}-nip`}
          inputMode="numeric"
          value={nip}
          aria-invalid={field === 'nip' ? true : undefined}
          onChange={(e) => {
            setNip(e.target.value);
          }}
        />
        <label htmlFor={`${ids}-name`}>{t('offices.admins.name')}</label>
        <input
          id={`${ids}-name`}
          value={person}
          aria-invalid={field === 'name' ? true : undefined}
          onChange={(e) => {
            setPerson(e.target.value);
          }}
        />
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={name.isPending}>
            {t('offices.admins.add')}
          </button>
        </div>
        <Refusal error={name.error} />
      </form>
    </div>
  );
}

function StatusAndExport({ office }: { office: OfficeOut }) {
  const { t } = useI18n();
  const ids = useId();
  const change = useOfficeStatus(office.slug);
  const [reason, setReason] = useState('');
  const [job, setJob] = useState<JobOut | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const [link, setLink] = useState<string | null>(null);
  const suspended = office.status === 'suspended';
  const runExport = async () => {
    setExportError(null);
    setLink(null);
    try {
      let current = await startExport(office.slug);
      setJob(current);
      const deadline = Date.now() + 10 * 60 * 1000;
      while (!['done', 'dead'].includes(current.status) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        current = await exportStatus(office.slug, current.id);
        setJob(current);
      }
      if (current.status === 'done') setLink((await exportLink(office.slug, current.id)).url);
    } catch (error) {
      setExportError(error);
    }
  };
  return (
    <div>
      <p>
        {t(suspended ? 'offices.status.suspended' : 'offices.status.active')}
        {suspended && office.status_reason ? ` — ${office.status_reason}` : ''}
      </p>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          change.mutate(
            { suspend: !suspended, reason },
            {
              onSuccess: () => {
                setReason('');
              },
            },
          );
        }}
      >
        <label htmlFor={`${ids}-reason`}>{t('offices.status.reason')}</label>
        <input
          id={`${ids}-reason`}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
          }}
        />
        <div className="button-row">
          <button
            type="submit"
            className={suspended ? 'button button-primary' : 'button button-danger'}
            disabled={change.isPending}
          >
            {t(suspended ? 'offices.status.resume' : 'offices.status.suspend')}
          </button>
        </div>
        <Refusal error={change.error} />
      </form>
      <h3>{t('offices.export')}</h3>
      <p className="muted">{t('offices.export.what')}</p>
      <button
        type="button"
        className="button"
        disabled={job !== null && !['done', 'dead'].includes(job.status)}
        onClick={() => {
          void runExport();
        }}
      >
        {t('offices.export.start')}
      </button>
      {job ? (
        <p role="status">
          {t('offices.export.progress', { status: job.status, progress: job.progress ?? 0 })}
        </p>
      ) : null}
      {link ? (
        <p>
          <a href={link} download>
            {t('offices.export.download')}
          </a>
        </p>
      ) : null}
      <Refusal error={exportError} />
    </div>
  );
}

/** One office, set up in order: its IdP, its books, its org from the books, its first tenant
 * admins; then suspend, resume or export it. Each step says whether it is done. */
export function OfficeSetupPage({ isPlatformAdmin }: { isPlatformAdmin: boolean }) {
  const { t } = useI18n();
  const { slug = '' } = useParams();
  const office = useOffice(slug);
  useDocumentTitle(office.data ? office.data.short_name : t('offices.title'));
  if (!isPlatformAdmin) return <ErrorState message={t('platform.denied')} />;
  if (office.isPending) return <LoadingState />;
  if (office.isError) return <ErrorState message={t('offices.title')} error={office.error} />;
  const o = office.data;
  return (
    <section className="page" aria-labelledby="office-title">
      <p>
        <Link to="/platform">{t('offices.back')}</Link>
      </p>
      <h1 id="office-title">{o.name}</h1>
      <p>
        <Badge tone={o.status === 'active' ? 'ok' : 'warn'}>
          {t(o.status === 'active' ? 'offices.status.activeShort' : 'offices.status.suspendedShort')}
        </Badge>{' '}
        <span className="muted">
          {o.slug} · {o.province} · {o.time_zone}
          {o.hosts.length > 0 ? ` · ${o.hosts.join(', ')}` : ''}
        </span>
      </p>
      <Step id="step-idp" title={t('offices.step.idp')} done={Boolean(o.idp_issuer && o.idp_secret_stored)}>
        <IdpForm office={o} />
      </Step>
      <Step id="step-books" title={t('offices.step.books')} done={o.sops > 0}>
        <BookUpload office={o} />
      </Step>
      <Step id="step-org" title={t('offices.step.org')} done={o.units > 0}>
        {o.units > 0 ? (
          <p>{t('offices.org.has', { units: o.units, positions: o.positions })}</p>
        ) : (
          <OrgSkeletonReview slug={o.slug} drafts={o.sops} />
        )}
      </Step>
      <Step id="step-admins" title={t('offices.step.admins')} done={o.admins.length > 0}>
        <Admins office={o} />
      </Step>
      <section className="card office-step" aria-labelledby="step-status">
        <h2 id="step-status">{t('offices.step.status')}</h2>
        <StatusAndExport office={o} />
      </section>
    </section>
  );
}
