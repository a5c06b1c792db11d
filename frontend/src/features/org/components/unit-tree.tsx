import { useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';

import { useI18n } from '@/lib/i18n';

import { kindLabel, treeKey } from '../model';
import type { UnitNode } from '../model';

type Props = {
  roots: UnitNode[];
  selectedId: string | null;
  expanded: ReadonlySet<string>;
  positionCounts: ReadonlyMap<string, number>;
  onSelect: (id: string) => void;
  onToggle: (id: string, open: boolean) => void;
  labelledBy: string;
};

/** The units as a tree view: arrow keys move, Right/Left open and close, Enter selects;
 * a click selects and opens.
 * One item is in the tab order at a time (roving tabindex). */
export function UnitTree({
  roots,
  selectedId,
  expanded,
  positionCounts,
  onSelect,
  onToggle,
  labelledBy,
}: Props) {
  const { t } = useI18n();
  const prefix = useId();
  const items = useRef(new Map<string, HTMLElement>());
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const active = focusedId ?? selectedId ?? roots[0]?.unit.id ?? null;

  const focus = (id: string) => {
    setFocusedId(id);
    items.current.get(id)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (!active) return;
    const move = treeKey(event.key, active, roots, expanded);
    if (!move) return;
    event.preventDefault();
    event.stopPropagation();
    if ('focus' in move) focus(move.focus);
    else if ('expand' in move) onToggle(move.expand, true);
    else if ('collapse' in move) onToggle(move.collapse, false);
    else onSelect(move.select);
  };

  const renderNode = (node: UnitNode) => {
    const { unit } = node;
    const hasChildren = node.children.length > 0;
    const open = hasChildren && expanded.has(unit.id);
    const selected = unit.id === selectedId;
    const count = positionCounts.get(unit.id) ?? 0;
    const group = `${prefix}-${unit.id}-group`;
    return (
      // The item is the row; its child group sits beside it (owned through aria-owns), so the
      // item's name is its own row's words and nothing of its subtree.
      <li key={unit.id} role="none" className="org-tree-node">
        <div
          ref={(element) => {
            if (element) items.current.set(unit.id, element);
            else items.current.delete(unit.id);
          }}
          role="treeitem"
          aria-level={node.depth}
          aria-expanded={hasChildren ? open : undefined}
          aria-selected={selected}
          aria-owns={open ? group : undefined}
          tabIndex={unit.id === active ? 0 : -1}
          className="org-tree-item"
          data-unit={unit.code}
          onFocus={(event) => {
            if (event.target === event.currentTarget) setFocusedId(unit.id);
          }}
          onClick={(event) => {
            event.stopPropagation();
            setFocusedId(unit.id);
            onSelect(unit.id);
            // A pointer user who picks a unit wants to see what is inside it too.
            if (hasChildren && !open) onToggle(unit.id, true);
          }}
        >
          <span className={selected ? 'org-tree-row org-tree-selected' : 'org-tree-row'}>
            {/* The twisty's glyph is drawn by CSS: no part of the item's words. */}
            <span
              className="org-tree-twisty"
              data-state={hasChildren ? (open ? 'open' : 'closed') : 'leaf'}
              aria-hidden="true"
              onClick={(event) => {
                if (!hasChildren) return;
                event.stopPropagation();
                onToggle(unit.id, !open);
              }}
            />
            <span className="org-tree-name">{unit.name}</span>{' '}
            <span className="org-tree-meta">
              {kindLabel(t, 'unit', unit.kind)} · {t('org.tree.positions', { count })}
              {unit.active ? null : ` · ${t('org.inactive')}`}
            </span>
          </span>
        </div>
        {open ? (
          <ul role="group" id={group} className="org-tree-group">
            {node.children.map(renderNode)}
          </ul>
        ) : null}
      </li>
    );
  };

  return (
    // The tree's keys are handled once here; each item's own focus/click sets the position.
    <ul role="tree" aria-labelledby={labelledBy} className="org-tree" onKeyDown={onKeyDown}>
      {roots.map(renderNode)}
    </ul>
  );
}
