import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { PositionOut, UnitOut } from '@/api/generated';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useI18n } from '@/lib/i18n';

import { positionsQueryOptions, unitsQueryOptions } from '../api/org';
import { officeToday } from '@/lib/office-date';

import { ancestorsOf, buildTree, kindLabel } from '../model';
import { CreatePositionForm, CreateUnitForm } from './create-forms';
import { PositionCard } from './position-card';
import { RenameForm } from './rename-form';
import { UnitTree } from './unit-tree';

const POSITION_ORDER = [
  'kepala_dinas',
  'sekretaris',
  'kabid',
  'kepala_uptd',
  'kasubbag',
  'kasubbag_tu',
  'kasi',
  'fungsional',
  'staf',
];

function positionRank(kind: string): number {
  const at = POSITION_ORDER.indexOf(kind);
  return at === -1 ? POSITION_ORDER.length : at;
}

type Editing = 'rename' | 'unit' | 'position' | null;

/** The selected unit: its facts, its positions with their holders, and the admin's edits. */
function UnitPanel({
  unit,
  parent,
  positions,
  allPositions,
  timeZone,
}: {
  unit: UnitOut;
  parent: UnitOut | null;
  positions: PositionOut[];
  allPositions: readonly PositionOut[];
  timeZone: string;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<Editing>(null);
  const today = officeToday(new Date(), timeZone);
  const titles = useMemo(() => new Map(allPositions.map((p) => [p.id, p.title])), [allPositions]);
  const done = () => {
    setEditing(null);
  };
  return (
    <section className="card org-panel" aria-labelledby="org-unit-title">
      <h2 id="org-unit-title">{unit.name}</h2>
      <p className="muted">
        {kindLabel(t, 'unit', unit.kind)} · {t('org.code')} <code>{unit.code}</code>
        {parent ? ` · ${t('org.unit.parent', { name: parent.name })}` : null}
        {unit.active ? null : ` · ${t('org.inactive')}`}
      </p>
      {unit.note ? <p className="org-note">{unit.note}</p> : null}
      <div className="button-row org-actions">
        <button
          type="button"
          className="button"
          aria-expanded={editing === 'position'}
          onClick={() => {
            setEditing(editing === 'position' ? null : 'position');
          }}
        >
          {t('org.position.create')}
        </button>
        <button
          type="button"
          className="button"
          aria-expanded={editing === 'unit'}
          onClick={() => {
            setEditing(editing === 'unit' ? null : 'unit');
          }}
        >
          {t('org.unit.create')}
        </button>
        <button
          type="button"
          className="link-button"
          aria-expanded={editing === 'rename'}
          aria-label={t('org.rename.named', { name: unit.name })}
          onClick={() => {
            setEditing(editing === 'rename' ? null : 'rename');
          }}
        >
          {t('org.rename')}
        </button>
      </div>
      {editing === 'rename' ? (
        <RenameForm kind="unit" id={unit.id} current={unit.name} onDone={done} />
      ) : null}
      {editing === 'unit' ? <CreateUnitForm parent={unit} onDone={done} /> : null}
      {editing === 'position' ? (
        <CreatePositionForm unit={unit} positions={allPositions} onDone={done} />
      ) : null}
      {positions.length === 0 ? (
        <EmptyState title={t('org.positions.empty')}>{t('org.positions.emptyHint')}</EmptyState>
      ) : (
        <div className="org-positions">
          {positions.map((position) => (
            <PositionCard
              key={position.id}
              position={position}
              supervisor={position.supervisor_id ? (titles.get(position.supervisor_id) ?? null) : null}
              today={today}
            />
          ))}
        </div>
      )}
    </section>
  );
}

function OrgStructure({ timeZone }: { timeZone: string }) {
  const { t } = useI18n();
  const units = useQuery(unitsQueryOptions());
  const positions = useQuery(positionsQueryOptions());
  const [params, setParams] = useSearchParams();
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());

  const unitList = units.data;
  const roots = useMemo(() => buildTree(unitList ?? []), [unitList]);
  const byUnit = useMemo(() => {
    const map = new Map<string, PositionOut[]>();
    for (const position of positions.data ?? []) {
      const list = map.get(position.unit_id) ?? [];
      list.push(position);
      map.set(position.unit_id, list);
    }
    for (const list of map.values()) {
      list.sort(
        (a, b) => positionRank(a.kind) - positionRank(b.kind) || a.title.localeCompare(b.title, 'id'),
      );
    }
    return map;
  }, [positions.data]);
  const counts = useMemo(
    () => new Map([...byUnit].map(([id, list]) => [id, list.length])),
    [byUnit],
  );

  if (units.isPending || positions.isPending) return <LoadingState label={t('org.loading')} />;
  if (units.isError || positions.isError) {
    return (
      <ErrorState
        message={t('org.failed')}
        error={units.error ?? positions.error}
        onRetry={() => {
          void units.refetch();
          void positions.refetch();
        }}
      />
    );
  }
  const all = units.data;
  if (all.length === 0) return <EmptyState title={t('org.empty')}>{t('org.emptyHint')}</EmptyState>;

  const wanted = params.get('unit');
  const selected =
    all.find((u) => u.code === wanted) ?? all.find((u) => u.id === roots[0]?.unit.id) ?? null;
  // Roots and the selected unit's ancestors start open; the person's own toggles win.
  const expanded = new Set<string>([
    ...roots.map((r) => r.unit.id),
    ...(selected ? ancestorsOf(all, selected.id) : []),
    ...opened,
  ]);
  for (const id of closed) expanded.delete(id);

  const toggle = (id: string, open: boolean) => {
    const add = (set: ReadonlySet<string>) => new Set([...set, id]);
    const drop = (set: ReadonlySet<string>) => new Set([...set].filter((x) => x !== id));
    setOpened(open ? add : drop);
    setClosed(open ? drop : add);
  };
  const select = (id: string) => {
    const unit = all.find((u) => u.id === id);
    if (!unit) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('unit', unit.code);
        return next;
      },
      { replace: true },
    );
  };
  const parent = selected?.parent_id ? (all.find((u) => u.id === selected.parent_id) ?? null) : null;

  return (
    <div className="org-layout">
      <section className="card org-tree-card" aria-labelledby="org-tree-title">
        <h2 id="org-tree-title">{t('org.tree.title')}</h2>
        <p className="muted org-hint" id="org-tree-hint">
          {t('org.tree.hint')}
        </p>
        <UnitTree
          roots={roots}
          selectedId={selected?.id ?? null}
          expanded={expanded}
          positionCounts={counts}
          onSelect={select}
          onToggle={toggle}
          labelledBy="org-tree-title"
        />
      </section>
      {selected ? (
        <UnitPanel
          timeZone={timeZone}
          key={selected.id}
          unit={selected}
          parent={parent}
          positions={byUnit.get(selected.id) ?? []}
          allPositions={positions.data}
        />
      ) : null}
    </div>
  );
}

/** The tenant admin's org structure: units as a tree, each unit's positions and who holds
 * them (definitive, Plt, Plh), with appointing and ending holders. */
export function OrgPage({ isAdmin, timeZone }: { isAdmin: boolean; timeZone: string }) {
  const { t } = useI18n();
  useDocumentTitle(t('org.title'));
  if (!isAdmin) return <ErrorState message={t('org.denied')} />;
  return (
    <section className="page" aria-labelledby="org-title">
      <p className="org-back">
        <Link to="/admin">{t('org.back')}</Link>
      </p>
      <h1 id="org-title">{t('org.title')}</h1>
      <p className="muted">{t('org.intro')}</p>
      <OrgStructure timeZone={timeZone} />
    </section>
  );
}
