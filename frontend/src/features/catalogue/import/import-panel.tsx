import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { SyntheticEvent } from 'react';
import { Link } from 'react-router';

import { LoadingState } from '@/components/ui/states';
import { errorDetail } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import { MAX_BOOK_BYTES, sopIndexQueryOptions, uploadBook, uploadDocument } from '../api/imports';
import { ImportReview } from './import-review';

function useFileField() {
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  return { file, setFile, problem, setProblem };
}

/** A labelled file chooser whose problem (none chosen, too large) is announced beside it. */
function FileInput({
  id,
  label,
  accept,
  describedBy,
  field,
}: {
  id: string;
  label: string;
  accept: string;
  describedBy?: string;
  field: ReturnType<typeof useFileField>;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        accept={accept}
        aria-describedby={describedBy}
        aria-invalid={field.problem !== null}
        onChange={(e) => {
          field.setFile(e.target.files?.[0] ?? null);
          field.setProblem(null);
        }}
      />
      {field.problem ? (
        <p role="alert" className="error-text">
          {field.problem}
        </p>
      ) : null}
    </>
  );
}

/** "Impor buku SOP": the book's text becomes drafts, then the review of its warnings. */
function BookForm() {
  const { t } = useI18n();
  const ids = useId();
  const queryClient = useQueryClient();
  const field = useFileField();
  const upload = useMutation({
    mutationFn: uploadBook,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['catalogue', 'sops'] }),
  });
  const index = useQuery({ ...sopIndexQueryOptions(), enabled: upload.isSuccess });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!field.file) {
      field.setProblem(t('import.pickFile'));
      return;
    }
    if (field.file.size > MAX_BOOK_BYTES) {
      field.setProblem(t('import.tooLarge'));
      return;
    }
    field.setProblem(null);
    upload.mutate(field.file);
  };
  return (
    <>
      <form className="form import-form" onSubmit={submit} aria-busy={upload.isPending} noValidate>
        <h3>{t('import.book.title')}</h3>
        <p className="muted" id={`${ids}-hint`}>
          {t('import.book.hint')}
        </p>
        <FileInput
          id={`${ids}-file`}
          label={t('import.book.file')}
          accept=".txt,.md,text/plain"
          describedBy={`${ids}-hint`}
          field={field}
        />
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={upload.isPending}>
            {t('import.book.submit')}
          </button>
        </div>
      </form>
      {upload.isPending ? (
        <LoadingState label={t('import.pending', { name: upload.variables.name })} />
      ) : null}
      {upload.isError ? (
        <p role="alert" className="error-text">
          {t('import.failed', { reason: errorDetail(upload.error) })}
        </p>
      ) : null}
      {upload.isSuccess ? (
        <ImportReview result={upload.data} book={upload.variables.name} index={index.data} />
      ) : null}
    </>
  );
}

/** One exported SOP document (YAML or JSON) as a new draft. */
function DocumentForm() {
  const { t } = useI18n();
  const ids = useId();
  const queryClient = useQueryClient();
  const field = useFileField();
  const upload = useMutation({
    mutationFn: uploadDocument,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['catalogue'] }),
  });
  return (
    <form
      className="form import-form"
      aria-busy={upload.isPending}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!field.file) {
          field.setProblem(t('import.pickFile'));
          return;
        }
        field.setProblem(null);
        upload.mutate(field.file);
      }}
    >
      <h3>{t('import.doc.title')}</h3>
      <FileInput
        id={`${ids}-file`}
        label={t('import.doc.file')}
        accept=".yaml,.yml,.json,application/json,application/yaml"
        field={field}
      />
      <div className="button-row">
        <button type="submit" className="button" disabled={upload.isPending}>
          {t('import.doc.submit')}
        </button>
      </div>
      {upload.isPending ? <LoadingState /> : null}
      {upload.isError ? (
        <p role="alert" className="error-text">
          {t('import.failed', { reason: errorDetail(upload.error) })}
        </p>
      ) : null}
      {upload.isSuccess ? (
        <p role="status">
          {t('import.doc.done', { n: upload.data.number })}{' '}
          <Link to={`/katalog/${upload.data.sop_id}`}>{t('sop.open')}</Link>
        </p>
      ) : null}
    </form>
  );
}

/** The tenant admin's import panel on the catalogue page, closed until asked for. */
export function ImportPanel() {
  const { t } = useI18n();
  const ids = useId();
  const [open, setOpen] = useState(false);
  return (
    <section className="card wide import-panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>
        <button
          type="button"
          className="link-button"
          aria-expanded={open}
          aria-controls={`${ids}-body`}
          onClick={() => {
            setOpen(!open);
          }}
        >
          {t('import.title')}
        </button>
      </h2>
      {open ? (
        <div id={`${ids}-body`}>
          <BookForm />
          <DocumentForm />
        </div>
      ) : null}
    </section>
  );
}
