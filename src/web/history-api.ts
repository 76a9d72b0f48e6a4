/**
 * @module History API client
 * 変更履歴 of a plan node or a KPI (src/features/history/routes.ts), checked against the server's own
 * contract (src/features/history/contract.ts).
 */
import {
  type HistoryChange,
  type HistoryEntry,
  HistoryPage,
  type HistoryValue,
} from '../features/history/contract.ts';
import { getJson } from './api.ts';

export type { HistoryChange, HistoryEntry, HistoryPage, HistoryValue };

/** Whose history: a plan node (基本方針 …) or a KPI. */
export type HistorySubject = { nodeId: number } | { kpiId: number };

/** `GET /api/nodes/:nodeId/history` or `GET /api/kpis/:kpiId/history`, newest first. */
export function fetchHistory(
  subject: HistorySubject,
  options: { before?: number | null; signal?: AbortSignal } = {},
): Promise<HistoryPage> {
  const base =
    'nodeId' in subject ? `/api/nodes/${subject.nodeId}/history` : `/api/kpis/${subject.kpiId}/history`;
  const query = options.before ? `?before=${options.before}` : '';
  return getJson(`${base}${query}`, HistoryPage, options.signal);
}
