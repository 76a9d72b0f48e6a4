/**
 * @module Plan tree helpers
 * Pure functions behind the plan tree (施策体系) view: node names, paths, the list of visible
 * items and the WAI-ARIA tree keyboard model. No React, no DOM, so they are tested on their own.
 */
import type { PlanLevel, PlanNode } from './api.ts';

/**
 * The name a node is shown with: its label and title. Circled numbers are printed tight against
 * the title, as in the report (①観光の振興); other labels take a space (基本方針1 観光の振興…).
 * @example nodeName({ label: '基本目標 1', title: '「魅力の創出・交流」の拡大', level: 1, … }, levels)
 * // '基本目標 1 「魅力の創出・交流」の拡大'
 */
export function nodeName(node: Pick<PlanNode, 'label' | 'title' | 'level'>, levels: PlanLevel[]): string {
  const circled = levels[node.level - 1]?.numbering === 'circled';
  return circled ? `${node.label}${node.title}` : `${node.label} ${node.title}`;
}

/**
 * The nodes from a root down to the node with `id`, or null when it is not in the tree.
 * @example pathTo(nodes, measureId)?.map((n) => n.label) // ['基本目標 1', '基本方針1', '①']
 */
export function pathTo(nodes: PlanNode[], id: number): PlanNode[] | null {
  for (const node of nodes) {
    if (node.id === id) return [node];
    const below = pathTo(node.children, id);
    if (below) return [node, ...below];
  }
  return null;
}

/** An item as shown in the tree: the node, its parent and its place among its siblings. */
export interface VisibleItem {
  node: PlanNode;
  parentId: number | null;
  /** 1-based depth in the tree (aria-level). */
  depth: number;
  /** 1-based position among its siblings (aria-posinset) and their number (aria-setsize). */
  posInSet: number;
  setSize: number;
}

/**
 * The items a user sees, in order, given which nodes are expanded: the tree is rendered flat,
 * each item carrying its depth and position, so an open item does not contain its children.
 */
export function visibleItems(nodes: PlanNode[], expanded: ReadonlySet<number>): VisibleItem[] {
  const items: VisibleItem[] = [];
  const walk = (siblings: PlanNode[], parentId: number | null, depth: number) => {
    siblings.forEach((node, index) => {
      items.push({ node, parentId, depth, posInSet: index + 1, setSize: siblings.length });
      if (node.children.length > 0 && expanded.has(node.id)) walk(node.children, node.id, depth + 1);
    });
  };
  walk(nodes, null, 1);
  return items;
}

/** What a key press in the tree does. */
export type TreeAction =
  | { kind: 'focus'; id: number }
  | { kind: 'expand'; id: number }
  | { kind: 'collapse'; id: number }
  | { kind: 'select'; id: number };

/**
 * The action for a key pressed on the item `currentId`, following the WAI-ARIA tree view
 * pattern, or null when the key means nothing here (the browser keeps its default then).
 * @example treeKeyAction('ArrowRight', items, expanded, goalId) // { kind: 'expand', id: goalId }
 */
export function treeKeyAction(
  key: string,
  items: VisibleItem[],
  expanded: ReadonlySet<number>,
  currentId: number,
): TreeAction | null {
  const index = items.findIndex((item) => item.node.id === currentId);
  const current = items[index];
  if (!current) return null;
  const hasChildren = current.node.children.length > 0;
  const isExpanded = hasChildren && expanded.has(current.node.id);
  const focus = (item: VisibleItem | undefined): TreeAction | null =>
    item ? { kind: 'focus', id: item.node.id } : null;

  switch (key) {
    case 'ArrowDown':
      return focus(items[index + 1]);
    case 'ArrowUp':
      return focus(items[index - 1]);
    case 'Home':
      return focus(items[0]);
    case 'End':
      return focus(items[items.length - 1]);
    case 'ArrowRight':
      if (!hasChildren) return null;
      return isExpanded ? focus(items[index + 1]) : { kind: 'expand', id: current.node.id };
    case 'ArrowLeft':
      if (isExpanded) return { kind: 'collapse', id: current.node.id };
      return current.parentId === null ? null : { kind: 'focus', id: current.parentId };
    case 'Enter':
    case ' ':
      return { kind: 'select', id: current.node.id };
    default:
      return null;
  }
}
