/**
 * @module Selection in the address
 * What the user looks at lives in the query string, so a view can be bookmarked, reloaded or sent
 * to a colleague, and Back and Forward move between views: the plan, node and fiscal year
 * (`/?plan=1&node=12&year=2023`), an open KPI (`&kpi=7`) and a screen other than 進捗状況
 * (`&view=report`).
 */

export interface Selection {
  planId: number | null;
  nodeId: number | null;
  fiscalYear: number | null;
}

/** Everything the address says: the selection, the open KPI and the screen. */
export interface Address extends Selection {
  /** The KPI whose page is open under the node, or null for the node's KPI list. */
  kpiId: number | null;
  /** The screen ('report', 'users' …); null for the start screen (進捗状況). */
  view: string | null;
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
  const { planId, nodeId, fiscalYear } = readAddress(search);
  return { planId, nodeId, fiscalYear };
}

/**
 * The whole address a query string asks for; anything missing or malformed is null.
 * @example readAddress('?plan=1&kpi=7&view=report') // { planId: 1, nodeId: null, fiscalYear: null, kpiId: 7, view: 'report' }
 */
export function readAddress(search: string): Address {
  const params = new URLSearchParams(search);
  const view = params.get('view');
  return {
    planId: positiveInt(params.get('plan')),
    nodeId: positiveInt(params.get('node')),
    fiscalYear: positiveInt(params.get('year')),
    kpiId: positiveInt(params.get('kpi')),
    view: view !== null && /^[a-z-]{1,32}$/.test(view) ? view : null,
  };
}

/**
 * The query string for a selection (and, when given, the open KPI and the screen), with the parts
 * that are set ('' when none is).
 * @example selectionSearch({ planId: 1, nodeId: null, fiscalYear: 2023 }) // '?plan=1&year=2023'
 */
export function selectionSearch(address: Selection & Partial<Pick<Address, 'kpiId' | 'view'>>): string {
  const params = new URLSearchParams();
  if (address.planId !== null) params.set('plan', String(address.planId));
  if (address.nodeId !== null) params.set('node', String(address.nodeId));
  if (address.fiscalYear !== null) params.set('year', String(address.fiscalYear));
  if (address.kpiId != null) params.set('kpi', String(address.kpiId));
  if (address.view != null) params.set('view', address.view);
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}
