/**
 * @module KPI API client
 * Typed calls of the KPI routes (src/features/kpi/routes.ts): the achievement summary, a node's KPIs, one
 * KPI, saving an actual and a KPI's 評価区分. Responses are checked here against the server's own
 * contract (src/features/kpi/contract.ts), as api.ts does for the rest; a refused save becomes a
 * {@link SaveActualError} carrying the server's Japanese message.
 */
import {
  ActualEntryResult,
  type ActualInput,
  type AdministrativeStatus,
  type AdministrativeStatusInput,
  AdministrativeStatusResult,
  type Grade,
  type KpiActual,
  KpiDetail,
  type KpiListItem,
  type KpiSetSummary,
  KpiSummary,
  NodeKpis,
  type RollUp,
} from '../features/kpi/contract.ts';
import { ApiError, getJson } from './api.ts';
import { type Contract, sendJson } from './http.ts';

export type {
  ActualEntryResult,
  ActualInput,
  AdministrativeStatusResult,
  Grade,
  KpiActual,
  KpiDetail,
  KpiListItem,
  KpiSetSummary,
  KpiSummary,
  NodeKpis,
  RollUp,
};
/** 評価区分 as the API spells it. */
export type AdministrativeStatusValue = AdministrativeStatus;

/** `GET /api/plans/:planId/kpi-summary?year=`. */
export function fetchKpiSummary(
  planId: number,
  fiscalYear: number,
  signal?: AbortSignal,
): Promise<KpiSummary> {
  return getJson(`/api/plans/${planId}/kpi-summary?year=${fiscalYear}`, KpiSummary, signal);
}

/** `GET /api/nodes/:nodeId/kpis?year=`: the KPIs of a node and the nodes below it. */
export function fetchNodeKpis(nodeId: number, fiscalYear: number, signal?: AbortSignal): Promise<NodeKpis> {
  return getJson(`/api/nodes/${nodeId}/kpis?year=${fiscalYear}`, NodeKpis, signal);
}

/** `GET /api/kpis/:kpiId?year=`. */
export function fetchKpi(kpiId: number, fiscalYear: number, signal?: AbortSignal): Promise<KpiDetail> {
  return getJson(`/api/kpis/${kpiId}?year=${fiscalYear}`, KpiDetail, signal);
}

/** A save the server refused; `status` 409: someone else saved first, or the part is 提出済み. */
export class SaveActualError extends ApiError {
  override name = 'SaveActualError';
}

/** A PUT of JSON whose refusal becomes a {@link SaveActualError} with the server's message. */
function putJson<T>(url: string, body: unknown, schema: Contract<T>): Promise<T> {
  return sendJson('PUT', url, body, schema, SaveActualError);
}

/**
 * `PUT /api/kpis/:kpiId/actuals/:fiscalYear?year=`: saves (value null: deletes) one year's actual and
 * answers with the KPI evaluated for `evaluationYear`.
 */
export function saveActual(
  kpiId: number,
  fiscalYear: number,
  input: ActualInput,
  evaluationYear: number,
): Promise<ActualEntryResult> {
  return putJson(`/api/kpis/${kpiId}/actuals/${fiscalYear}?year=${evaluationYear}`, input, ActualEntryResult);
}

/**
 * `PUT /api/kpis/:kpiId/administrative-status?year=`: sets (null: clears) the KPI's 評価区分, checked
 * against the KPI's `version` as read, and answers with the KPI evaluated for `evaluationYear`.
 */
export function saveAdministrativeStatus(
  kpiId: number,
  input: AdministrativeStatusInput,
  evaluationYear: number,
): Promise<AdministrativeStatusResult> {
  return putJson(
    `/api/kpis/${kpiId}/administrative-status?year=${evaluationYear}`,
    input,
    AdministrativeStatusResult,
  );
}
