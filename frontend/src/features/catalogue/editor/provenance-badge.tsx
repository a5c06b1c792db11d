import { useI18n } from '@/lib/i18n';
import type { MessageKey } from '@/lib/i18n';

import type { Provenance } from './document';

const TEXT: Record<Provenance, MessageKey> = {
  read: 'import.prov.read',
  inferred: 'import.prov.inferred',
  suggested: 'import.prov.suggested',
  missing: 'import.prov.missing',
  edited: 'import.prov.edited',
};

/** Where a value came from — read from the book, inferred, suggested, missing, or edited
 * by hand — as a small label next to the field. */
export function ProvenanceBadge({ value }: { value: Provenance | null | undefined }) {
  const { t } = useI18n();
  if (!value) return null;
  const key = (TEXT as Partial<Record<string, MessageKey>>)[value];
  if (!key) return null;
  return (
    <span className={`prov prov-${value}`} data-provenance={value}>
      <span className="visually-hidden">{t('editor.prov.label')}:</span> {t(key)}
    </span>
  );
}

/** A field's label with its provenance beside it. */
export function LabelRow({
  htmlFor,
  label,
  provenance,
}: {
  htmlFor: string;
  label: string;
  provenance?: Provenance | null;
}) {
  return (
    <span className="editor-label-row">
      <label htmlFor={htmlFor}>{label}</label>
      <ProvenanceBadge value={provenance} />
    </span>
  );
}
