import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';

import { getSop } from '@/api/generated';
import type { BookImportResult, SopSummary } from '@/api/generated';
import { Badge } from '@/components/ui/badge';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import type { MessageKey } from '@/lib/i18n';

import type { PerformerColumn } from '../editor/document';
import { EDITOR_ANCHOR } from '../editor/draft-editor';

type Translate = ReturnType<typeof useI18n>['t'];

/** Warnings about performer columns or steps without one: fixed in the draft editor. */
export const isPerformerWarning = (warning: string) => /pelaksana/i.test(warning);

const PROVENANCE: Record<string, MessageKey> = {
  read: 'import.prov.read',
  inferred: 'import.prov.inferred',
  suggested: 'import.prov.suggested',
  missing: 'import.prov.missing',
  edited: 'import.prov.edited',
};

export function describeRule(column: PerformerColumn, t: Translate): string {
  const rule = column.rule;
  switch (rule.kind) {
    case 'position':
      return t('import.rule.position', { code: rule.code ?? '—' });
    case 'position_of_unit':
      return t('import.rule.ofUnit', {
        kind: rule.position_kind ?? '—',
        unit:
          rule.unit === 'owning'
            ? t('import.rule.owning')
            : rule.unit === 'case'
              ? t('import.rule.case')
              : (rule.unit ?? '—'),
      });
    case 'external':
      return t('import.rule.external', { party: rule.party ?? column.header });
    default:
      return t('import.rule.unresolved');
  }
}

/** The performer columns the importer mapped (or could not), loaded when opened. */
function Performers({ sopId }: { sopId: string }) {
  const { t } = useI18n();
  const sop = useQuery({
    queryKey: ['catalogue', 'sop', sopId],
    queryFn: async ({ signal }) => unwrap(await getSop({ signal, path: { sop_id: sopId } })),
  });
  if (sop.isPending) return <LoadingState />;
  if (sop.isError) return <ErrorState message={t('sop.error')} error={sop.error} />;
  const version = sop.data.versions[sop.data.versions.length - 1];
  const doc = version?.document;
  if (!doc) return null;
  const unassigned = doc.steps.filter((s) => s.performer === null).length;
  return (
    <>
      {doc.performers.length === 0 ? (
        <p>{t('import.noColumns')}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t('import.performers')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.col.column')}</th>
              <th scope="col">{t('import.col.rule')}</th>
              <th scope="col">{t('import.col.provenance')}</th>
            </tr>
          </thead>
          <tbody>
            {doc.performers.map((column) => (
              <tr key={column.key}>
                <th scope="row">{column.header}</th>
                <td>
                  {column.rule.kind === 'unresolved' ? (
                    <Badge tone="warn">{describeRule(column, t)}</Badge>
                  ) : (
                    describeRule(column, t)
                  )}
                </td>
                <td>{t(PROVENANCE[column.provenance] ?? 'import.prov.read')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        {unassigned > 0
          ? t('import.unassigned', { n: unassigned, total: doc.steps.length })
          : t('import.allAssigned')}
      </p>
    </>
  );
}

function PerformerDetails({ sopId }: { sopId: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <details
      onToggle={(e) => {
        setOpen(e.currentTarget.open);
      }}
    >
      <summary>{t('import.performers')}</summary>
      {open ? <Performers sopId={sopId} /> : null}
    </details>
  );
}

function SopName({ sopKey, sop }: { sopKey: string; sop: SopSummary | undefined }) {
  if (!sop) return <span>{sopKey}</span>;
  return (
    <Link to={`/katalog/${sop.id}`}>
      {sopKey} — {sop.title}
    </Link>
  );
}

function Warnings({
  warnings,
  sop,
  t,
}: {
  warnings: string[];
  sop: SopSummary | undefined;
  t: Translate;
}) {
  if (warnings.length === 0) return <p className="muted">{t('import.noWarnings')}</p>;
  return (
    <ul className="import-warnings">
      {warnings.map((warning, i) => (
        <li key={i}>
          {warning}
          {sop && isPerformerWarning(warning) ? (
            <>
              {' '}
              <Link to={`/katalog/${sop.id}#${EDITOR_ANCHOR}`}>{t('import.assign')}</Link>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** What an imported book gave: the new drafts (with links), the SOPs skipped because the
 * catalogue has them, the book's warnings and each SOP's, and where performers are missing. */
export function ImportReview({
  result,
  book,
  index,
}: {
  result: BookImportResult;
  book: string;
  index: Map<string, SopSummary> | undefined;
}) {
  const { t } = useI18n();
  const ids = useId();
  const warningCount =
    result.book_warnings.length +
    result.created.reduce((n, key) => n + (result.sop_warnings[key]?.length ?? 0), 0);
  return (
    <section className="import-review" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>{t('import.review', { book })}</h3>
      <p role="status">
        {t('import.summary', {
          created: result.created.length,
          skipped: result.skipped_existing.length,
          warnings: warningCount,
        })}
      </p>

      {result.book_warnings.length > 0 ? (
        <>
          <h4>{t('import.bookWarnings')}</h4>
          <ul className="import-warnings">
            {result.book_warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </>
      ) : null}

      <h4>{t('import.created', { n: result.created.length })}</h4>
      {result.created.length === 0 ? (
        <p>{t('import.noneCreated')}</p>
      ) : (
        <ul className="import-list">
          {result.created.map((key) => {
            const sop = index?.get(key);
            const warnings = result.sop_warnings[key] ?? [];
            return (
              <li key={key} className="import-sop">
                <p className="import-sop-title">
                  <SopName sopKey={key} sop={sop} />{' '}
                  <Badge tone={warnings.length > 0 ? 'warn' : 'ok'}>
                    {t('catalogue.warnings', { n: warnings.length })}
                  </Badge>
                </p>
                <Warnings warnings={warnings} sop={sop} t={t} />
                {sop ? <PerformerDetails sopId={sop.id} /> : null}
              </li>
            );
          })}
        </ul>
      )}

      <h4>{t('import.skipped', { n: result.skipped_existing.length })}</h4>
      {result.skipped_existing.length === 0 ? (
        <p>{t('import.noneSkipped')}</p>
      ) : (
        <>
          <p className="muted">{t('import.skippedHint')}</p>
          <ul className="import-list">
            {result.skipped_existing.map((key) => {
              const sop = index?.get(key);
              const warnings = result.sop_warnings[key] ?? [];
              return (
                <li key={key} className="import-sop">
                  <SopName sopKey={key} sop={sop} />
                  {warnings.length > 0 ? (
                    <details>
                      <summary>{t('import.bookSaid', { n: warnings.length })}</summary>
                      <ul className="import-warnings">
                        {warnings.map((w, i) => (
                          <li key={i}>{w}</li>
                        ))}
                      </ul>
                    </details>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
