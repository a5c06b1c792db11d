import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ChangeEvent } from 'react';

import { documentLink } from '@/api/generated';
import type { DocumentOut } from '@/api/generated';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/states';
import { errorDetail, unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import { uploadDocument } from '../api/upload';
import { workKeys } from '../api/work';

const tone = { quarantine: 'neutral', available: 'ok', rejected: 'fail' } as const;

export function CaseDocuments({
  caseId,
  documents,
  taskId,
  canUpload,
}: {
  caseId: string;
  documents: DocumentOut[];
  taskId: string | null;
  canUpload: boolean;
}) {
  const { t } = useI18n();
  const ids = useId();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<{ name: string; percent: number } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setFailure(null);
    setProgress({ name: file.name, percent: 0 });
    try {
      await uploadDocument(caseId, file, taskId, (percent) => { setProgress({ name: file.name, percent }); },
      );
      await queryClient.invalidateQueries({ queryKey: workKeys.case(caseId) });
    } catch (error) {
      setFailure(errorDetail(error));
    } finally {
      setProgress(null);
    }
  };
  const download = async (documentId: string) => {
    const link = unwrap(await documentLink({ path: { document_id: documentId } }));
    window.location.assign(link.url);
  };

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('case.documents')}</h2>
      {documents.length === 0 ? <EmptyState title={t('case.documents.empty')} /> : null}
      <ul className="plain-list">
        {documents.map((doc) => {
          const status = doc.status as keyof typeof tone;
          return (
            <li key={doc.id} data-document={doc.name}>
              <strong>{doc.name}</strong> v{doc.version}{' '}
              <Badge tone={tone[status]}>{t(`case.documents.status.${status}`)}</Badge>
              {doc.reason ? <span className="muted"> {doc.reason}</span> : null}
              {doc.status === 'available' ? (
                <button type="button" className="link-button" onClick={() => void download(doc.id)}>
                  {t('case.documents.download')}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {canUpload ? (
        <>
          <label htmlFor={`${ids}-file`}>{t('case.documents.upload')}</label>
          <input id={`${ids}-file`} type="file" onChange={(event) => void onFile(event)} />
        </>
      ) : null}
      {progress ? (
        <div role="status">
          {t('case.documents.uploading', progress)}
          <progress max={100} value={progress.percent} />
        </div>
      ) : null}
      {failure ? (
        <p role="alert" className="error-text">
          {t('case.documents.failed', { reason: failure })}
        </p>
      ) : null}
    </section>
  );
}
