/**
 * @module Web API client
 * Typed fetch functions for the Hoshin HTTP API. Every response is checked against the contract
 * once, here, so the components can trust the types; any failure becomes an `ApiError` whose
 * message is Japanese and can be shown to the user as is. The contracts are the server's own
 * (src/features/plan/contract.ts, src/features/kpi/contract.ts): one declaration per shape.
 */
import { z } from 'zod';
import {
  type NodeLink,
  Plan,
  type PlanFiscalYear,
  type PlanLevel,
  type PlanNode,
  PlanTree,
  ProgressRecord,
} from '../features/plan/contract.ts';
import { ApiError, apiFetch, type Contract, parseJson, serverMessage } from './http.ts';

export type { NodeLink, Plan, PlanFiscalYear, PlanLevel, PlanNode, PlanTree, ProgressRecord };

export { ApiError };

/** The server's message without its closing 。 (the sentence around it closes the parenthesis). */
async function errorDetail(response: Response): Promise<string> {
  return (await serverMessage(response))?.replace(/。$/, '') ?? `HTTP ${response.status}`;
}

async function errorFrom(response: Response): Promise<ApiError> {
  return new ApiError(`データを読み込めませんでした（${await errorDetail(response)}）。`, response.status);
}

/** `GET` a JSON resource, checked against its contract (kpi-api.ts uses it too). */
export async function getJson<T>(path: string, schema: Contract<T>, signal?: AbortSignal): Promise<T> {
  const response = await apiFetch(path, { signal });
  if (!response.ok) throw await errorFrom(response);
  return parseJson(response, schema);
}

/** `GET /api/plans`: every plan of the municipality. */
export function fetchPlans(signal?: AbortSignal): Promise<Plan[]> {
  return getJson('/api/plans', z.array(Plan), signal);
}

/** `GET /api/plans/:planId/tree`: the plan hierarchy. */
export function fetchPlanTree(planId: number, signal?: AbortSignal): Promise<PlanTree> {
  return getJson(`/api/plans/${planId}/tree`, PlanTree, signal);
}

/**
 * `GET /api/nodes/:nodeId/progress?year=`: the progress record, or null when none is registered
 * for that year (the API answers 404).
 */
export async function fetchProgress(
  nodeId: number,
  fiscalYear: number,
  signal?: AbortSignal,
): Promise<ProgressRecord | null> {
  const response = await apiFetch(`/api/nodes/${nodeId}/progress?year=${fiscalYear}`, { signal });
  if (response.status === 404) return null;
  if (!response.ok) throw await errorFrom(response);
  return parseJson(response, ProgressRecord);
}

/** File formats of the council report (進捗報告書), as `GET /api/reports/:year/file` serves them. */
export const REPORT_FILE_FORMATS = [
  { format: 'html', label: 'HTML（ブラウザで表示・印刷）' },
  { format: 'pdf', label: 'PDF（A4 横）' },
  { format: 'pptx', label: 'PowerPoint' },
  { format: 'xlsx', label: 'Excel' },
  { format: 'docx', label: 'Word' },
  { format: 'md', label: 'Markdown（取り込み用）' },
  { format: 'zip', label: 'すべての形式（ZIP）' },
] as const;
export type ReportFileFormat = (typeof REPORT_FILE_FORMATS)[number]['format'];

export interface ReportFileRequest {
  fiscalYear: number;
  format: ReportFileFormat;
  /** Local government code (全国地方公共団体コード) of the plan's municipality. */
  municipality?: string;
  planId?: number;
  /** Build the report as it was at this moment (ISO, or datetime-local text read in Japan time). */
  asOf?: string;
  /** Include 審議会からの意見と対応 (default: when the year has comments). */
  councilComments?: boolean;
}

/** `GET /api/reports/:year/file?format=…`: the address of a report file. */
export function reportFileUrl(
  request: ReportFileRequest,
  disposition: 'attachment' | 'inline' = 'attachment',
) {
  const params = new URLSearchParams({ format: request.format });
  if (request.municipality) params.set('municipality', request.municipality);
  if (request.planId !== undefined) params.set('plan', String(request.planId));
  if (disposition === 'inline') params.set('disposition', 'inline');
  if (request.asOf) params.set('asOf', request.asOf);
  if (request.councilComments !== undefined) params.set('councilComments', String(request.councilComments));
  return `/api/reports/${request.fiscalYear}/file?${params}`;
}

/** The report file and the name the server gives it (from Content-Disposition, RFC 5987). */
export async function fetchReportFile(
  request: ReportFileRequest,
  signal?: AbortSignal,
): Promise<{ blob: Blob; fileName: string }> {
  const response = await apiFetch(reportFileUrl(request), { signal });
  if (!response.ok) {
    throw new ApiError(`報告書を作成できませんでした（${await errorDetail(response)}）。`, response.status);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="([^"]+)"/i.exec(disposition)?.[1];
  const fileName = encoded ? decodeURIComponent(encoded) : (plain ?? `report.${request.format}`);
  return { blob: await response.blob(), fileName };
}
