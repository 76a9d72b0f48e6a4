/**
 * @module Selection in the address
 * What the user looks at (plan, node, fiscal year) lives in the query string, so a view can be
 * bookmarked, reloaded or sent to a colleague: `/?plan=1&node=12&year=2023`.
 */

export interface Selection {
  planId: number | null;
  nodeId: number | null;
  fiscalYear: number | null;
}

function positiveInt(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * The selection a query string asks for; anything missing or malformed is null.
 * @example readSelection('?plan=1&node=12&year=2023') // { planId: 1, nodeId: 12, fiscalYear: 2023 }
 */
export function readSelection(search: string): Selection {
  const params = new URLSearchParams(search);
  return {
    planId: positiveInt(params.get('plan')),
    nodeId: positiveInt(params.get('node')),
    fiscalYear: positiveInt(params.get('year')),
  };
}

/**
 * The query string for a selection, with the parts that are set ('' when none is).
 * @example selectionSearch({ planId: 1, nodeId: null, fiscalYear: 2023 }) // '?plan=1&year=2023'
 */
export function selectionSearch(selection: Selection): string {
  const params = new URLSearchParams();
  if (selection.planId !== null) params.set('plan', String(selection.planId));
  if (selection.nodeId !== null) params.set('node', String(selection.nodeId));
  if (selection.fiscalYear !== null) params.set('year', String(selection.fiscalYear));
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}
