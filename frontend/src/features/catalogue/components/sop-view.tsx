import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';

import { getSop } from '@/api/generated';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import type { MessageKey } from '@/lib/i18n';

import { ApprovalStatus } from '../approval/approval-status';
import { VersionDiff } from '../diff/version-diff';
import { DraftEditor } from '../editor/draft-editor';
import { Flowchart } from '../flowchart/flowchart';
import type { StepRow } from '../flowchart/flowchart';
import { SECTION_NAMES } from '../editor/document';
import { statusLabel } from '../status';


/** The SOP in its official form: identity block, the six sections and the flowchart. */
export function SopView({ canEdit = false }: { canEdit?: boolean }) {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const sop = useQuery({
    queryKey: ['catalogue', 'sop', id],
    queryFn: async ({ signal }) => unwrap(await getSop({ signal, path: { sop_id: id } })),
  });
  useDocumentTitle(sop.data?.title ?? t('catalogue.title'));
  if (sop.isPending) return <LoadingState />;
  if (sop.isError) return <ErrorState message={t('sop.error')} error={sop.error} />;
  const version =
    sop.data.versions.find((v) => v.status === 'published') ??
    sop.data.versions[sop.data.versions.length - 1];
  if (!version) return <ErrorState message={t('sop.error')} />;
  const doc = version.document;
  const identity = doc.identity;
  const steps: StepRow[] = doc.steps.map((s) => ({ ...s, waktu: s.waktu.raw }));
  return (
    <section className="page sop-view" aria-labelledby="sop-title">
      <div className="button-row no-print">
        <button type="button" className="button" onClick={() => { window.print(); }}>
          {t('sop.print')}
        </button>
      </div>
      <h1 id="sop-title">{doc.title}</h1>
      {canEdit ? <ApprovalStatus sop={sop.data} /> : null}
      {canEdit ? <DraftEditor sop={sop.data} /> : null}
      <VersionDiff sop={sop.data} />
      <p className="muted">
        {t('sop.version', { n: version.number, status: t(statusLabel(version.status)) })}
      </p>
      <table className="table sop-identity">
        <tbody>
          <tr><th scope="row">{t('sop.id.number')}</th><td>{identity.nomor_sop ?? '–'}</td></tr>
          <tr><th scope="row">{t('sop.id.made')}</th><td>{identity.tanggal_pembuatan.raw ?? '–'}</td></tr>
          <tr><th scope="row">{t('sop.id.revised')}</th><td>{identity.tanggal_revisi.raw ?? '–'}</td></tr>
          <tr><th scope="row">{t('sop.id.effective')}</th><td>{identity.tanggal_efektif.raw ?? '–'}</td></tr>
          <tr><th scope="row">{t('sop.id.approved')}</th><td>{identity.disahkan_oleh.raw ?? '–'}</td></tr>
          <tr><th scope="row">{t('sop.id.name')}</th><td>{doc.title}</td></tr>
        </tbody>
      </table>
      <div className="sop-sections">
        {SECTION_NAMES.map((name) => (
          <section key={name}>
            <h2>{t(`sop.sec.${name}` as MessageKey)}</h2>
            <ol>
              {doc.sections[name].map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ol>
          </section>
        ))}
      </div>
      <Flowchart
        steps={steps}
        columns={doc.performers}
        labels={{
          no: t('sop.flow.no'),
          activity: t('sop.flow.activity'),
          performers: t('sop.flow.performers'),
          quality: t('sop.flow.quality'),
          requirements: t('sop.flow.requirements'),
          time: t('sop.flow.time'),
          output: t('sop.flow.output'),
          notes: t('sop.flow.notes'),
        }}
      />
    </section>
  );
}
