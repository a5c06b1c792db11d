/** The org screen's rules that need no React: the unit tree, keyboard moves in it, holder
 * dates and the add-holder form's checks. */
import type { HolderCreate, HolderOut, UnitOut } from '@/api/generated';
import type { MessageKey } from '@/lib/i18n';

export type UnitNode = { unit: UnitOut; depth: number; parentId: string | null; children: UnitNode[] };

const UNIT_ORDER = ['dinas', 'sekretariat', 'sub_bagian', 'bidang', 'seksi', 'uptd'];

function rank(kind: string): number {
  const at = UNIT_ORDER.indexOf(kind);
  return at === -1 ? UNIT_ORDER.length : at;
}

/** Units nested under their parents: the Dinas first, then Sekretariat, Bidang, UPTD, each
 * kind in name order. A unit whose parent is missing becomes a root rather than vanishing. */
export function buildTree(units: readonly UnitOut[]): UnitNode[] {
  const ids = new Set(units.map((u) => u.id));
  const byParent = new Map<string | null, UnitOut[]>();
  for (const unit of units) {
    const parent = unit.parent_id && ids.has(unit.parent_id) ? unit.parent_id : null;
    const siblings = byParent.get(parent) ?? [];
    siblings.push(unit);
    byParent.set(parent, siblings);
  }
  const seen = new Set<string>();
  const grow = (parent: string | null, depth: number): UnitNode[] =>
    (byParent.get(parent) ?? [])
      .filter((u) => !seen.has(u.id))
      .sort((a, b) => rank(a.kind) - rank(b.kind) || a.name.localeCompare(b.name, 'id'))
      .map((unit) => {
        seen.add(unit.id);
        return { unit, depth, parentId: parent, children: grow(unit.id, depth + 1) };
      });
  return grow(null, 1);
}

/** The nodes a keyboard user can reach: every root, and the children of expanded nodes. */
export function visibleNodes(roots: readonly UnitNode[], expanded: ReadonlySet<string>): UnitNode[] {
  const out: UnitNode[] = [];
  const walk = (nodes: readonly UnitNode[]) => {
    for (const node of nodes) {
      out.push(node);
      if (node.children.length > 0 && expanded.has(node.unit.id)) walk(node.children);
    }
  };
  walk(roots);
  return out;
}

export type TreeMove =
  | { focus: string }
  | { expand: string }
  | { collapse: string }
  | { select: string }
  | null;

/** What a key does in the tree (WAI-ARIA tree view pattern), from the focused node. */
export function treeKey(
  key: string,
  focusedId: string,
  roots: readonly UnitNode[],
  expanded: ReadonlySet<string>,
): TreeMove {
  const visible = visibleNodes(roots, expanded);
  const at = visible.findIndex((n) => n.unit.id === focusedId);
  const node = visible[at];
  if (!node) return null;
  const focus = (target: UnitNode | undefined): TreeMove => (target ? { focus: target.unit.id } : null);
  switch (key) {
    case 'ArrowDown':
      return focus(visible[at + 1]);
    case 'ArrowUp':
      return focus(visible[at - 1]);
    case 'Home':
      return focus(visible[0]);
    case 'End':
      return focus(visible[visible.length - 1]);
    case 'ArrowRight':
      if (node.children.length === 0) return null;
      return expanded.has(node.unit.id) ? focus(node.children[0]) : { expand: node.unit.id };
    case 'ArrowLeft':
      if (node.children.length > 0 && expanded.has(node.unit.id)) return { collapse: node.unit.id };
      return node.parentId ? { focus: node.parentId } : null;
    case 'Enter':
    case ' ':
      return { select: node.unit.id };
    default:
      return null;
  }
}

/** The ids of a node's ancestors, so a selected unit can be shown opened up. */
export function ancestorsOf(units: readonly UnitOut[], id: string): string[] {
  const parent = new Map(units.map((u) => [u.id, u.parent_id]));
  const out: string[] = [];
  let current = parent.get(id) ?? null;
  while (current && !out.includes(current)) {
    out.push(current);
    current = parent.get(current) ?? null;
  }
  return out;
}

export type HolderStatus = 'current' | 'upcoming' | 'ended';

export function holderStatus(holder: Pick<HolderOut, 'starts_on' | 'ends_on'>, today: string): HolderStatus {
  if (holder.starts_on && holder.starts_on > today) return 'upcoming';
  if (holder.ends_on && holder.ends_on < today) return 'ended';
  return 'current';
}

export const HOLDER_KINDS = ['definitive', 'plt', 'plh'] as const;
export type HolderKind = (typeof HOLDER_KINDS)[number];

export type HolderDraft = { userId: string; kind: HolderKind; startsOn: string; endsOn: string };
export type HolderErrors = Partial<Record<'userId' | 'startsOn' | 'endsOn', MessageKey>>;

/** The form's own checks, the same the API makes (so the message comes before the request):
 * a user is chosen; a Plt/Plh has both dates; the end is not before the start. */
export function validateHolder(draft: HolderDraft): HolderErrors {
  const errors: HolderErrors = {};
  if (!draft.userId) errors.userId = 'org.holder.error.user';
  if (draft.kind !== 'definitive') {
    if (!draft.startsOn) errors.startsOn = 'org.holder.error.startRequired';
    if (!draft.endsOn) errors.endsOn = 'org.holder.error.endRequired';
  }
  if (draft.startsOn && draft.endsOn && draft.endsOn < draft.startsOn) {
    errors.endsOn = 'org.holder.error.endBeforeStart';
  }
  return errors;
}

export function holderBody(draft: HolderDraft): HolderCreate {
  return {
    user_id: draft.userId,
    kind: draft.kind,
    starts_on: draft.startsOn || null,
    ends_on: draft.endsOn || null,
  };
}

const UNIT_KIND_KEYS: Record<string, MessageKey> = {
  dinas: 'org.unitKind.dinas',
  sekretariat: 'org.unitKind.sekretariat',
  sub_bagian: 'org.unitKind.sub_bagian',
  bidang: 'org.unitKind.bidang',
  seksi: 'org.unitKind.seksi',
  uptd: 'org.unitKind.uptd',
};

const POSITION_KIND_KEYS: Record<string, MessageKey> = {
  kepala_dinas: 'org.positionKind.kepala_dinas',
  sekretaris: 'org.positionKind.sekretaris',
  kabid: 'org.positionKind.kabid',
  kasubbag: 'org.positionKind.kasubbag',
  kasi: 'org.positionKind.kasi',
  kepala_uptd: 'org.positionKind.kepala_uptd',
  kasubbag_tu: 'org.positionKind.kasubbag_tu',
  staf: 'org.positionKind.staf',
  fungsional: 'org.positionKind.fungsional',
};

const HOLDER_KIND_KEYS: Record<string, MessageKey> = {
  definitive: 'org.holderKind.definitive',
  plt: 'org.holderKind.plt',
  plh: 'org.holderKind.plh',
};

export const UNIT_KINDS = Object.keys(UNIT_KIND_KEYS);
export const POSITION_KINDS = Object.keys(POSITION_KIND_KEYS);

/** A kind's label; a kind this screen does not know yet is shown as the API sends it. */
export function kindLabel(
  t: (key: MessageKey) => string,
  family: 'unit' | 'position' | 'holder',
  kind: string,
): string {
  const keys = family === 'unit' ? UNIT_KIND_KEYS : family === 'position' ? POSITION_KIND_KEYS : HOLDER_KIND_KEYS;
  const key = keys[kind];
  return key ? t(key) : kind;
}
