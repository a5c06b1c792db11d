import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';

import { VacantPosts } from './vacant-posts';

import type {
  BulkAcceptResult,
  ReadinessBlockers,
  ReadinessItem,
  SharedColumn,
} from '@/api/generated';
import { Badge } from '@/components/ui/badge';
import type { BadgeTone } from '@/components/ui/badge';
import { Pager } from '@/components/ui/pager';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { errorDetail } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import type { MessageKey } from '@/lib/i18n';

import {
  READINESS_PAGE_SIZE,
  acceptInBatches,
  linkColumn,
  readinessQueryOptions,
} from '../api/readiness';
import type { ReadinessQuery, ReadinessStatus } from '../api/readiness';
import { unitNamesQueryOptions } from '../api/units';
import { ColumnPicker } from '../editor/column-picker';
import type { PerformerColumn } from '../editor/document';

type Translate = ReturnType<typeof useI18n>['t'];

const STATUS_TEXT: Record<Exclude<ReadinessStatus, ''>, MessageKey> = {
  runnable: 'readiness.status.runnable',
  needs_review: 'readiness.status.needs_review',
  incomplete: 'readiness.status.incomplete',
  published: 'readiness.status.published',
};
const STATUS_TONE: Record<Exclude<ReadinessStatus, ''>, BadgeTone> = {
  runnable: 'ok',
  needs_review: 'warn',
  incomplete: 'fail',
  published: 'ok',
};
const CHIPS: Exclude<ReadinessStatus, ''>[] = ['needs_review', 'runnable', 'incomplete', 'published'];

/** What stands between one SOP and running, in the admin's words. */
export function blockerLines(b: ReadinessBlockers, t: Translate): string[] {
  const lines: string[] = [];
  if (b.no_steps) lines.push(t('readiness.blocker.noSteps'));
  if (b.content === 'missing') lines.push(t('readiness.blocker.contentMissing'));
  if (b.content === 'partial') lines.push(t('readiness.blocker.contentPartial'));
  if (b.steps_without_performer > 0) {
    lines.push(
      b.steps_with_suggestion === null
        ? t('readiness.blocker.noPerformer', { n: b.steps_without_performer })
        : t('readiness.blocker.noPerformerSuggested', {
            n: b.steps_without_performer,
            m: b.steps_with_suggestion,
          }),
    );
  }
  if (b.unlinked_columns.length > 0) {
    lines.push(
      t('readiness.blocker.unlinked', {
        n: b.unlinked_columns.length,
        headers: b.unlinked_columns.map((h) => `“${h}”`).join(', '),
      }),
    );
  }
  if (b.unit_unset) lines.push(t('readiness.blocker.unit'));
  if (b.steps_without_waktu > 0) {
    lines.push(t('readiness.blocker.noWaktu', { n: b.steps_without_waktu }));
  }
  if (b.warnings > 0) lines.push(t('readiness.blocker.warnings', { n: b.warnings }));
  return lines;
}

function SopCard({
  item,
  unitName,
  selected,
  onSelect,
}: {
  item: ReadinessItem;
  unitName: string | undefined;
  selected: boolean;
  onSelect: (on: boolean) => void;
}) {
  const { t } = useI18n();
  const lines = blockerLines(item.blockers, t);
  const draft = item.version_status === 'draft';
  return (
    <li className="card readiness-card">
      <div className="readiness-card-head">
        {draft ? (
          <input
            type="checkbox"
            checked={selected}
            aria-label={t('readiness.select', { key: item.key, title: item.title })}
            onChange={(e) => {
              onSelect(e.target.checked);
            }}
          />
        ) : null}
        <div>
          <p className="readiness-card-title">
            <span className="muted">{item.key}</span>{' '}
            <Link to={`/katalog/${item.id}`}>{item.title}</Link>
          </p>
          <p className="muted">
            {item.unit_code ? (unitName ?? item.unit_code) : t('readiness.noUnit')}
            {' · '}
            {item.version_status === 'submitted'
              ? t('readiness.submitted', { n: item.version_number })
              : t('readiness.version', { n: item.version_number })}
          </p>
        </div>
        <Badge tone={STATUS_TONE[item.status]}>{t(STATUS_TEXT[item.status])}</Badge>
      </div>
      {lines.length > 0 ? (
        <ul className="readiness-blockers">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : item.status === 'runnable' ? (
        <p>{t('readiness.ready')}</p>
      ) : null}
      <p>
        <Link to={`/katalog/${item.id}`}>
          {t('readiness.openEditor', { key: item.key })}
        </Link>
      </p>
    </li>
  );
}

function AcceptSummary({ result }: { result: BulkAcceptResult }) {
  const { t } = useI18n();
  const notDone = result.results.filter((r) => r.outcome !== 'done');
  return (
    <>
      <p>
        {t('readiness.accept.done', {
          done: result.done,
          skipped: result.skipped,
          missing: result.not_found,
        })}
      </p>
      {notDone.length > 0 ? (
        <ul>
          {notDone.map((r) => (
            <li key={r.sop_id}>
              {r.key ?? t('readiness.accept.unknownSop')}: {r.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** Link one header, in every draft that has it, to a rule chosen with the editor's picker. */
function LinkColumnPanel({
  columns,
  onLinked,
}: {
  columns: readonly SharedColumn[];
  onLinked: () => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  const [header, setHeader] = useState('');
  const [column, setColumn] = useState<PerformerColumn | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const chosen = columns.find((c) => c.header === header);
  const rule = column?.rule;
  const complete =
    rule !== undefined &&
    ((rule.kind === 'position' && !!rule.code) ||
      (rule.kind === 'position_of_unit' && !!rule.position_kind) ||
      (rule.kind === 'external' && !!rule.party?.trim()));

  if (columns.length === 0) return null;
  return (
    <section className="card readiness-link" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('readiness.link.title')}</h2>
      <p className="muted">{t('readiness.link.hint')}</p>
      <div className="editor-field">
        <label htmlFor={`${ids}-header`}>{t('readiness.link.header')}</label>
        <select
          id={`${ids}-header`}
          value={header}
          onChange={(e) => {
            setHeader(e.target.value);
            setMessage(null);
            setColumn(
              e.target.value
                ? {
                    key: 'bulk',
                    header: e.target.value,
                    rule: { kind: 'position', code: null },
                    provenance: 'missing',
                  }
                : null,
            );
          }}
        >
          <option value="">{t('editor.column.positionNone')}</option>
          {columns.map((c) => (
            <option key={c.header} value={c.header}>
              {t('readiness.link.option', {
                header: c.header,
                drafts: c.drafts,
                unlinked: c.unlinked,
              })}
            </option>
          ))}
        </select>
      </div>
      {column && chosen ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!complete) return;
            setBusy(true);
            setMessage(null);
            linkColumn(column.header, column.rule)
              .then((result) => {
                const drafts = new Set(result.changed.map((c) => c.sop_id)).size;
                setMessage({
                  text: t('readiness.link.done', {
                    header: column.header,
                    n: drafts,
                    same: result.unchanged,
                  }),
                  error: false,
                });
                onLinked();
              })
              .catch((error: unknown) => {
                setMessage({ text: errorDetail(error), error: true });
              })
              .finally(() => {
                setBusy(false);
              });
          }}
        >
          <ColumnPicker
            key={column.header}
            column={column}
            original={undefined}
            onChange={setColumn}
          />
          <button type="submit" className="button" disabled={!complete || busy} aria-busy={busy}>
            {t('readiness.link.submit', { header: column.header, n: chosen.drafts })}
          </button>
        </form>
      ) : null}
      {message ? (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : ''}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}

/** The tenant admin's readiness board: every SOP with its status and what blocks it, the
 * suggestions of many SOPs accepted at once, and a column header linked in every draft. */
export function ReadinessBoard({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  useDocumentTitle(t('readiness.title'));
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [query, setQuery] = useState<ReadinessQuery>({ status: '', unit: '', q: '', page: 0 });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [progress, setProgress] = useState<{ handled: number; of: number } | null>(null);
  const [result, setResult] = useState<BulkAcceptResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const board = useQuery({ ...readinessQueryOptions(query), enabled: canEdit });
  const unitNames = useQuery({ ...unitNamesQueryOptions(), enabled: canEdit }).data ?? {};

  if (!canEdit) return <ErrorState message={t('readiness.denied')} />;

  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: ['catalogue'] }).catch(() => undefined);
  const counts = board.data?.counts;
  const all = counts
    ? counts.runnable + counts.needs_review + counts.incomplete + counts.published
    : 0;
  const items = board.data?.items ?? [];
  const drafts = items.filter((i) => i.version_status === 'draft');
  const allOnPage = drafts.length > 0 && drafts.every((i) => selected.has(i.id));
  const running = progress !== null;
  const select = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  const accept = () => {
    const chosen = [...selected];
    setResult(null);
    setFailure(null);
    setProgress({ handled: 0, of: chosen.length });
    acceptInBatches(chosen, (handled) => {
      setProgress({ handled, of: chosen.length });
    })
      .then((answer) => {
        setResult(answer);
        setSelected(new Set());
      })
      .catch((error: unknown) => {
        setFailure(errorDetail(error));
      })
      .finally(() => {
        setProgress(null);
        void refresh();
      });
  };

  return (
    <section className="page readiness" aria-labelledby="readiness-title">
      <p>
        <Link to="/katalog">{t('readiness.back')}</Link>
      </p>
      <h1 id="readiness-title">{t('readiness.title')}</h1>
      <p className="muted">{t('readiness.intro')}</p>
      <VacantPosts />

      <div className="readiness-chips" role="group" aria-label={t('readiness.filterStatus')}>
        <button
          type="button"
          className="button button-small"
          aria-pressed={query.status === ''}
          onClick={() => {
            setQuery({ ...query, status: '', page: 0 });
          }}
        >
          {t('readiness.status.all', { n: all })}
        </button>
        {CHIPS.map((status) => (
          <button
            key={status}
            type="button"
            className="button button-small"
            aria-pressed={query.status === status}
            onClick={() => {
              setQuery({ ...query, status, page: 0 });
            }}
          >
            {t('readiness.chip', { label: t(STATUS_TEXT[status]), n: counts?.[status] ?? 0 })}
          </button>
        ))}
      </div>

      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ ...query, q: text, page: 0 });
        }}
      >
        <label htmlFor="readiness-q">{t('catalogue.search')}</label>
        <input
          id="readiness-q"
          type="search"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
          }}
        />
        <label htmlFor="readiness-unit">{t('readiness.unit')}</label>
        <select
          id="readiness-unit"
          value={query.unit}
          onChange={(e) => {
            setQuery({ ...query, unit: e.target.value, page: 0 });
          }}
        >
          <option value="">{t('readiness.unitAll')}</option>
          {Object.entries(unitNames)
            .sort((a, b) => a[1].localeCompare(b[1]))
            .map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
        </select>
        <button type="submit" className="button">
          {t('catalogue.searchButton')}
        </button>
      </form>

      <div className="readiness-bulk">
        <label>
          <input
            type="checkbox"
            checked={allOnPage}
            disabled={drafts.length === 0 || running}
            onChange={(e) => {
              const next = new Set(selected);
              for (const d of drafts) {
                if (e.target.checked) next.add(d.id);
                else next.delete(d.id);
              }
              setSelected(next);
            }}
          />{' '}
          {t('readiness.selectPage')}
        </label>
        <span>{t('readiness.selected', { n: selected.size })}</span>
        <button
          type="button"
          className="button"
          disabled={selected.size === 0 || running}
          aria-busy={running}
          onClick={accept}
        >
          {t('readiness.accept')}
        </button>
      </div>
      <div role="status" aria-live="polite" className="readiness-progress">
        {progress ? (
          <p>{t('readiness.accept.progress', { n: progress.handled, of: progress.of })}</p>
        ) : result ? (
          <AcceptSummary result={result} />
        ) : null}
      </div>
      {failure ? (
        <p role="alert" className="error-text">
          {t('readiness.accept.failed', { reason: failure })}
        </p>
      ) : null}

      {board.isPending ? (
        <LoadingState />
      ) : board.isError ? (
        <ErrorState
          message={t('readiness.error')}
          error={board.error}
          onRetry={() => void board.refetch()}
        />
      ) : items.length === 0 ? (
        all === 0 && query.q === '' && query.unit === '' ? (
          <EmptyState title={t('readiness.empty')}>
            <Link to="/katalog">{t('readiness.emptyHint')}</Link>
          </EmptyState>
        ) : (
          <EmptyState title={t('readiness.emptyFilter')} />
        )
      ) : (
        <>
          <p aria-live="polite">{t('catalogue.count', { total: board.data.total })}</p>
          <ul className="readiness-list" aria-label={t('readiness.list')}>
            {items.map((item) => (
              <SopCard
                key={item.id}
                item={item}
                unitName={item.unit_code ? unitNames[item.unit_code] : undefined}
                selected={selected.has(item.id)}
                onSelect={(on) => {
                  select(item.id, on);
                }}
              />
            ))}
          </ul>
          <Pager
            page={query.page}
            size={READINESS_PAGE_SIZE}
            total={board.data.total}
            label={t('catalogue.pages')}
            onPage={(page) => {
              setQuery((q) => ({ ...q, page }));
            }}
          />
        </>
      )}

      {board.data ? (
        <LinkColumnPanel columns={board.data.columns} onLinked={() => void refresh()} />
      ) : null}
    </section>
  );
}
