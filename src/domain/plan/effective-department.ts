/**
 * @module Effective department
 * Who answers for a plan node: its own 担当課, else its nearest ancestor's. The one rule, over nodes
 * already loaded, for every place that asks it of many nodes at once (department sheets, the
 * yearly cycle's parts).
 */

/** The fields of a plan node the rule reads. */
export interface DepartmentNode {
  id: number;
  parentId: number | null;
  departmentId: number | null;
}

/** A plan has a handful of levels; the bound only guards against a cycle in broken data. */
const MAX_DEPTH = 50;

/**
 * The effective department of each node: its own, else its nearest ancestor's (null: none, or an
 * unknown node).
 * @example
 * const departmentOf = effectiveDepartments([{ id: 1, parentId: null, departmentId: 7 }, { id: 2, parentId: 1, departmentId: null }]);
 * departmentOf(2) // 7
 */
export function effectiveDepartments(nodes: readonly DepartmentNode[]): (nodeId: number) => number | null {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const memo = new Map<number, number | null>();
  const of = (nodeId: number, depth: number): number | null => {
    const cached = memo.get(nodeId);
    if (cached !== undefined) return cached;
    const node = byId.get(nodeId);
    const found = !node
      ? null
      : (node.departmentId ??
        (node.parentId !== null && depth < MAX_DEPTH ? of(node.parentId, depth + 1) : null));
    memo.set(nodeId, found);
    return found;
  };
  return (nodeId) => of(nodeId, 0);
}
