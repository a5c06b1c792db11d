/** The office's units and positions as the editor offers them: units in tree order with
 * their depth, positions grouped under their unit. (The org feature has its own tree; a
 * feature does not import another, so the few rules needed here are kept here.) */

import { queryOptions, useQuery } from '@tanstack/react-query';

import { listPositions, listUnits } from '@/api/generated';
import type { PositionOut, UnitOut } from '@/api/generated';
import { unwrap } from '@/lib/api-client';
import type { MessageKey } from '@/lib/i18n';

const PAGE = 200;

async function everyPage<T>(
  fetchPage: (offset: number) => Promise<{ items: T[]; total: number }>,
): Promise<T[]> {
  const rows: T[] = [];
  for (;;) {
    const page = await fetchPage(rows.length);
    rows.push(...page.items);
    if (page.items.length === 0 || rows.length >= page.total) return rows;
  }
}

const unitsQuery = () =>
  queryOptions({
    queryKey: ['catalogue', 'org', 'units'] as const,
    queryFn: ({ signal }): Promise<UnitOut[]> =>
      everyPage(async (offset) =>
        unwrap(await listUnits({ signal, query: { limit: PAGE, offset } })),
      ),
    staleTime: 60_000,
  });

const positionsQuery = () =>
  queryOptions({
    queryKey: ['catalogue', 'org', 'positions'] as const,
    queryFn: ({ signal }): Promise<PositionOut[]> =>
      everyPage(async (offset) =>
        unwrap(await listPositions({ signal, query: { limit: PAGE, offset } })),
      ),
    staleTime: 60_000,
  });

export const useUnits = () => useQuery(unitsQuery());
export const usePositions = () => useQuery(positionsQuery());

export interface UnitOption {
  unit: UnitOut;
  depth: number;
}

const UNIT_ORDER = ['dinas', 'sekretariat', 'sub_bagian', 'bidang', 'seksi', 'uptd'];
const rank = (kind: string) => {
  const at = UNIT_ORDER.indexOf(kind);
  return at === -1 ? UNIT_ORDER.length : at;
};

/** Active units depth-first: the Dinas, then its Sekretariat, Bidang, UPTD (each kind by
 * name), each followed by its sub-units. A unit whose parent is unknown becomes a root. */
export function unitOptions(units: readonly UnitOut[]): UnitOption[] {
  const active = units.filter((u) => u.active);
  const ids = new Set(active.map((u) => u.id));
  const children = new Map<string | null, UnitOut[]>();
  for (const unit of active) {
    const parent = unit.parent_id && ids.has(unit.parent_id) ? unit.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), unit]);
  }
  const out: UnitOption[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    const sorted = [...(children.get(parent) ?? [])].sort(
      (a, b) => rank(a.kind) - rank(b.kind) || a.name.localeCompare(b.name, 'id'),
    );
    for (const unit of sorted) {
      if (seen.has(unit.id)) continue;
      seen.add(unit.id);
      out.push({ unit, depth });
      walk(unit.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** A unit's name indented by its depth (non-breaking spaces survive in <option>). */
export const indented = (option: UnitOption) =>
  `${'\u00a0\u00a0\u00a0'.repeat(option.depth)}${option.unit.name}`;

export interface PositionGroup {
  unit: UnitOption;
  positions: PositionOut[];
}

/** Active positions under their units, in the units' tree order, each unit's by title. */
export function positionGroups(
  units: readonly UnitOut[],
  positions: readonly PositionOut[],
): PositionGroup[] {
  return unitOptions(units)
    .map((unit) => ({
      unit,
      positions: positions
        .filter((p) => p.active && p.unit_id === unit.unit.id)
        .sort((a, b) => a.title.localeCompare(b.title, 'id')),
    }))
    .filter((g) => g.positions.length > 0);
}

/** The kinds of post a rule "… of the owning unit" may name, most senior first. */
export const POSITION_KINDS = [
  'kepala_dinas',
  'sekretaris',
  'kabid',
  'kepala_uptd',
  'kasubbag',
  'kasubbag_tu',
  'kasi',
  'fungsional',
  'staf',
] as const;

export const positionKindKey = (kind: string): MessageKey | null =>
  (POSITION_KINDS as readonly string[]).includes(kind)
    ? (`org.positionKind.${kind}` as MessageKey)
    : null;
