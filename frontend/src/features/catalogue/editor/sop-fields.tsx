import { useId } from 'react';

import { useI18n } from '@/lib/i18n';
import type { MessageKey } from '@/lib/i18n';

import { DATE_FIELDS, SECTION_NAMES } from './document';
import type { EditableSop, Provenance, SopDocument } from './document';
import { LabelRow } from './provenance-badge';
import type { Finding } from './server-errors';

function WarningList({ warnings }: { warnings: string[] }) {
  const { t } = useI18n();
  if (warnings.length === 0) return null;
  return (
    <div className="editor-warnings editor-wide">
      <p>{t('editor.warnings.here')}</p>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
    </div>
  );
}

/** The SOP's identity block and its six sections, each field with its provenance and the
 * import warnings about them. */
export function SopFields({
  value,
  onChange,
  built,
  warnings,
  findings,
}: {
  value: EditableSop;
  onChange: (next: EditableSop) => void;
  /** The document as it will be saved (for each field's provenance). */
  built: SopDocument;
  warnings: { identity: string[]; sections: string[] };
  findings: Finding[];
}) {
  const { t } = useI18n();
  const ids = useId();
  const identity = built.identity;
  const text = (
    id: string,
    label: string,
    current: string,
    set: (v: string) => EditableSop,
    provenance: Provenance | null | undefined,
    required = false,
  ) => (
    <div className="editor-field" key={id}>
      <LabelRow htmlFor={`${ids}-${id}`} label={label} provenance={provenance} />
      <input
        id={`${ids}-${id}`}
        value={current}
        required={required}
        onChange={(e) => {
          onChange(set(e.target.value));
        }}
      />
    </div>
  );
  const count = warnings.identity.length + warnings.sections.length + findings.length;
  return (
    <details className="editor-sop" open={findings.length > 0 ? true : undefined}>
      <summary>
        {t('editor.sopFields')}
        {count > 0 ? ` (${t('editor.warnings.count', { n: count })})` : ''}
      </summary>
      {findings.length > 0 ? (
        <p className="error-text">
          {findings.map((f) => t('editor.server.here', { reason: f.reason })).join(' ')}
        </p>
      ) : null}
      <fieldset className="editor-grid">
        <legend className="visually-hidden">{t('editor.identity')}</legend>
        <WarningList warnings={warnings.identity} />
        {text(
          'title',
          t('sop.id.name'),
          value.title,
          (v) => ({ ...value, title: v }),
          identity.provenance.title,
          true,
        )}
        {text(
          'nomor',
          t('sop.id.number'),
          value.nomor,
          (v) => ({ ...value, nomor: v }),
          identity.provenance.nomor_sop,
        )}
        {DATE_FIELDS.map((field) =>
          text(
            field,
            t(
              field === 'tanggal_pembuatan'
                ? 'sop.id.made'
                : field === 'tanggal_revisi'
                  ? 'sop.id.revised'
                  : 'sop.id.effective',
            ),
            value.dates[field],
            (v) => ({ ...value, dates: { ...value.dates, [field]: v } }),
            identity[field].provenance,
          ),
        )}
        {text(
          'sp',
          t('editor.signer.position'),
          value.signer.position,
          (v) => ({ ...value, signer: { ...value.signer, position: v } }),
          identity.disahkan_oleh.provenance,
        )}
        {text(
          'sn',
          t('editor.signer.name'),
          value.signer.name,
          (v) => ({ ...value, signer: { ...value.signer, name: v } }),
          identity.disahkan_oleh.provenance,
        )}
        {text(
          'nip',
          t('editor.signer.nip'),
          value.signer.nip,
          (v) => ({ ...value, signer: { ...value.signer, nip: v } }),
          identity.disahkan_oleh.provenance,
        )}
      </fieldset>
      <fieldset className="editor-grid">
        <legend>{t('editor.sections')}</legend>
        <WarningList warnings={warnings.sections} />
        {SECTION_NAMES.map((name) => (
          <div className="editor-field" key={name}>
            <LabelRow
              htmlFor={`${ids}-s-${name}`}
              label={t(`sop.sec.${name}` as MessageKey)}
              provenance={built.sections.provenance[name]}
            />
            <textarea
              id={`${ids}-s-${name}`}
              rows={4}
              aria-describedby={`${ids}-lines`}
              value={value.sections[name]}
              onChange={(e) => {
                onChange({ ...value, sections: { ...value.sections, [name]: e.target.value } });
              }}
            />
          </div>
        ))}
        <p id={`${ids}-lines`} className="muted editor-hint">
          {t('editor.oneLine')}
        </p>
      </fieldset>
    </details>
  );
}
