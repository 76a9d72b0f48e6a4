/**
 * @module Plan tree
 * The plan hierarchy (施策体系: 基本目標 → 基本方針 → 施策) as a WAI-ARIA tree view: one tab stop
 * (roving tabindex), arrows move and open/close, Enter or Space selects, Home/End jump.
 */
import { type FocusEvent, type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { PlanLevel, PlanNode } from './api.ts';
import { nodeName, pathTo, treeKeyAction, visibleItems } from './tree.ts';

interface PlanTreeProps {
  nodes: PlanNode[];
  levels: PlanLevel[];
  selectedId: number | null;
  onSelect: (id: number) => void;
  /** Accessible name of the tree. */
  label: string;
  /**
   * A short text mark on some items (e.g. 「戦略」 on measures linked to the 総合戦略), with the
   * sentence screen readers get for it as the item's description; the item's name stays its own.
   */
  marker?: { text: string; description: string; applies: (node: PlanNode) => boolean };
}

function nodeIdOf(element: EventTarget | null): number | null {
  if (!(element instanceof HTMLElement)) return null;
  const item = element.closest<HTMLElement>('[role="treeitem"]');
  const id = Number(item?.dataset.nodeId);
  return Number.isInteger(id) ? id : null;
}

export function PlanTree({ nodes, levels, selectedId, onSelect, label, marker }: PlanTreeProps) {
  const markerId = useId();
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const [focusedId, setFocusedId] = useState<number | null>(null);
  const items = useRef(new Map<number, HTMLLIElement>());

  // Whatever selects a node (URL, the main view), its ancestors open so it can be seen.
  useEffect(() => {
    if (selectedId === null) return;
    const ancestors = pathTo(nodes, selectedId)?.slice(0, -1) ?? [];
    if (ancestors.length === 0) return;
    setExpanded((current) => {
      if (ancestors.every((node) => current.has(node.id))) return current;
      return new Set([...current, ...ancestors.map((node) => node.id)]);
    });
  }, [nodes, selectedId]);

  const visible = useMemo(() => visibleItems(nodes, expanded), [nodes, expanded]);
  // The one item reachable with Tab: the focused one, else the selected one, else the first.
  const tabStopId =
    [focusedId, selectedId].find((id) => id !== null && visible.some((item) => item.node.id === id)) ??
    visible[0]?.node.id;

  const toggle = (id: number, open: boolean) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });

  const focusItem = (id: number) => {
    setFocusedId(id);
    items.current.get(id)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const currentId = nodeIdOf(event.target);
    if (currentId === null || event.altKey || event.ctrlKey || event.metaKey) return;
    const action = treeKeyAction(event.key, visible, expanded, currentId);
    if (!action) return;
    event.preventDefault();
    if (action.kind === 'focus') focusItem(action.id);
    else if (action.kind === 'expand') toggle(action.id, true);
    else if (action.kind === 'collapse') toggle(action.id, false);
    else onSelect(action.id);
  };

  const onFocus = (event: FocusEvent<HTMLUListElement>) => {
    const id = nodeIdOf(event.target);
    if (id !== null) setFocusedId(id);
  };

  return (
    <>
      {/* The WAI-ARIA APG tree view builds the tree from ul/li; the roles replace the list semantics. */}
      {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: ul role="tree" is the APG pattern */}
      <ul role="tree" aria-label={label} className="tree" onKeyDown={onKeyDown} onFocus={onFocus}>
        {visible.map(({ node, depth, posInSet, setSize }) => {
          const hasChildren = node.children.length > 0;
          const isExpanded = hasChildren && expanded.has(node.id);
          const marked = marker?.applies(node) ?? false;
          return (
            // Items are flat siblings with aria-level/posinset/setsize rather than nested groups, so
            // an open item's name and focus ring stay its own and do not take in its children.
            // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled once on the tree (onKeyDown)
            <li
              key={node.id}
              role="treeitem"
              aria-level={depth}
              aria-posinset={posInSet}
              aria-setsize={setSize}
              aria-expanded={hasChildren ? isExpanded : undefined}
              aria-selected={node.id === selectedId}
              aria-describedby={marked ? markerId : undefined}
              tabIndex={node.id === tabStopId ? 0 : -1}
              data-node-id={node.id}
              ref={(element) => {
                if (element) items.current.set(node.id, element);
                else items.current.delete(node.id);
              }}
              className="tree-item"
              style={{ paddingInlineStart: `${0.25 + (depth - 1) * 1.25}rem` }}
              onClick={() => {
                if (hasChildren && !isExpanded) toggle(node.id, true);
                onSelect(node.id);
              }}
            >
              {hasChildren ? (
                // A mouse shortcut hidden from assistive tech; ArrowRight/ArrowLeft do the same.
                <span
                  className="tree-toggle"
                  aria-hidden="true"
                  onClick={(event) => {
                    event.stopPropagation();
                    toggle(node.id, !isExpanded);
                  }}
                >
                  <svg viewBox="0 0 16 16" width="16" height="16" focusable="false" aria-hidden="true">
                    <path d={isExpanded ? 'M3 6l5 5 5-5' : 'M6 3l5 5-5 5'} />
                  </svg>
                </span>
              ) : (
                <span className="tree-toggle" aria-hidden="true" />
              )}
              <span className="tree-label">{nodeName(node, levels)}</span>
              {/* 廃止 items stay in the tree for earlier years; the mark is part of their name. */}
              {node.retired && <span className="tree-retired">（廃止）</span>}
              {marked && marker && (
                <span className="tree-marker" aria-hidden="true" title={marker.description}>
                  {marker.text}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {marker && (
        <p id={markerId} hidden>
          {marker.description}
        </p>
      )}
    </>
  );
}
