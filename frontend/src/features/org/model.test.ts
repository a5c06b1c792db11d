import { describe, expect, it } from 'vitest';

import type { UnitOut } from '@/api/generated';

import {
  ancestorsOf,
  buildTree,
  holderBody,
  holderStatus,
  treeKey,
  validateHolder,
  visibleNodes,
} from './model';

const unit = (id: string, kind: string, name: string, parent: string | null): UnitOut => ({
  id,
  code: id,
  kind,
  name,
  parent_id: parent,
  active: true,
  note: '',
  origin: 'file',
  source: 'org.yaml',
});

// Codes sort "bidang" before "sekretariat"; the tree puts the Sekretariat first.
const units = [
  unit('bidang', 'bidang', 'Bidang Industri', 'dinas'),
  unit('dinas', 'dinas', 'Dinas', null),
  unit('seksi', 'seksi', 'Seksi Informasi', 'bidang'),
  unit('sekretariat', 'sekretariat', 'Sekretariat', 'dinas'),
  unit('umum', 'sub_bagian', 'Sub Bagian Umum', 'sekretariat'),
];

describe('buildTree', () => {
  it('nests units under their parents, Sekretariat before Bidang', () => {
    const [root] = buildTree(units);
    expect(root?.unit.id).toBe('dinas');
    expect(root?.children.map((c) => c.unit.id)).toEqual(['sekretariat', 'bidang']);
    expect(root?.children[1]?.children[0]?.depth).toBe(3);
  });

  it('keeps a unit whose parent is unknown as a root instead of losing it', () => {
    const roots = buildTree([...units, unit('lost', 'seksi', 'Seksi Lepas', 'nowhere')]);
    expect(roots.map((r) => r.unit.id)).toEqual(['dinas', 'lost']);
  });

  it('finds the ancestors of a unit, nearest first', () => {
    expect(ancestorsOf(units, 'seksi')).toEqual(['bidang', 'dinas']);
  });
});

describe('treeKey', () => {
  const roots = buildTree(units);
  const open = new Set(['dinas', 'bidang']);

  it('moves down and up through the visible units only', () => {
    expect(visibleNodes(roots, open).map((n) => n.unit.id)).toEqual([
      'dinas',
      'sekretariat',
      'bidang',
      'seksi',
    ]);
    expect(treeKey('ArrowDown', 'sekretariat', roots, open)).toEqual({ focus: 'bidang' });
    expect(treeKey('ArrowUp', 'sekretariat', roots, open)).toEqual({ focus: 'dinas' });
    expect(treeKey('End', 'dinas', roots, open)).toEqual({ focus: 'seksi' });
    expect(treeKey('ArrowDown', 'seksi', roots, open)).toBeNull();
  });

  it('opens, enters, closes and climbs with right and left', () => {
    expect(treeKey('ArrowRight', 'sekretariat', roots, open)).toEqual({ expand: 'sekretariat' });
    expect(treeKey('ArrowRight', 'bidang', roots, open)).toEqual({ focus: 'seksi' });
    expect(treeKey('ArrowLeft', 'seksi', roots, open)).toEqual({ focus: 'bidang' });
    expect(treeKey('ArrowLeft', 'bidang', roots, open)).toEqual({ collapse: 'bidang' });
    expect(treeKey('Enter', 'bidang', roots, open)).toEqual({ select: 'bidang' });
  });
});

describe('validateHolder', () => {
  const plt = { userId: 'u1', kind: 'plt' as const, startsOn: '2026-03-01', endsOn: '2026-03-31' };

  it('accepts a Plt with a user and a date range', () => {
    expect(validateHolder(plt)).toEqual({});
    expect(holderBody(plt)).toEqual({
      user_id: 'u1',
      kind: 'plt',
      starts_on: '2026-03-01',
      ends_on: '2026-03-31',
    });
  });

  it('refuses an end before the start, and a missing user', () => {
    expect(validateHolder({ ...plt, userId: '', endsOn: '2026-02-28' })).toEqual({
      userId: 'org.holder.error.user',
      endsOn: 'org.holder.error.endBeforeStart',
    });
  });

  it('asks a Plt/Plh for both dates but lets a definitive holder be open-ended', () => {
    expect(validateHolder({ ...plt, kind: 'plh', startsOn: '', endsOn: '' })).toEqual({
      startsOn: 'org.holder.error.startRequired',
      endsOn: 'org.holder.error.endRequired',
    });
    const definitive = { ...plt, kind: 'definitive' as const, startsOn: '', endsOn: '' };
    expect(validateHolder(definitive)).toEqual({});
    expect(holderBody(definitive)).toMatchObject({ starts_on: null, ends_on: null });
  });
});

describe('holderStatus', () => {
  it('tells current, upcoming and ended holders apart', () => {
    const today = '2026-05-10';
    expect(holderStatus({ starts_on: null, ends_on: null }, today)).toBe('current');
    expect(holderStatus({ starts_on: '2026-05-10', ends_on: '2026-05-10' }, today)).toBe('current');
    expect(holderStatus({ starts_on: '2026-06-01', ends_on: null }, today)).toBe('upcoming');
    expect(holderStatus({ starts_on: '2026-01-01', ends_on: '2026-05-09' }, today)).toBe('ended');
  });
});
