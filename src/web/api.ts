/**
 * @module Web API client
 * Typed fetch functions for the Hoshin HTTP API. Every response is checked against the contract
 * once, here, so the components can trust the types; any failure becomes an `ApiError` whose
 * message is Japanese and can be shown to the user as is.
 */
import * as z from 'zod/mini';
import { ApiError, apiFetch, type Contract, parseJson } from './http.ts';

const Municipality = z.object({ name: z.string(), localGovCode: z.string() });

const PlanLevel = z.object({ name: z.string(), numbering: z.enum(['arabic', 'circled']) });

const PlanFiscalYear = z.object({ fiscalYear: z.number(), fiscalYearLabel: z.string() });

const Plan = z.object({
  id: z.number(),
  name: z.string(),
  /** 'plan' = 総合計画; 'strategy' = 総合戦略 (its nodes link to those of `linkedPlanId`). */
  kind: z.enum(['plan', 'strategy']),
  linkedPlanId: z.nullable(z.number()),
  municipality: Municipality,
  levels: z.array(PlanLevel),
  progressLevel: z.number(),
  /** Years with progress records or KPI actuals, ascending. */
  fiscalYears: z.array(PlanFiscalYear),
  /** Years (of the results) that have a council report of this plan. */
  reportYears: z.array(PlanFiscalYear),
});

const NodeLink = z.object({
  nodeId: z.number(),
  planId: z.number(),
  planName: z.string(),
  planKind: z.enum(['plan', 'strategy']),
  pathLabel: z.string(),
  title: z.string(),
});

interface PlanNodeShape {
  id: number;
  level: number;
  levelName: string;
  number: number;
  label: string;
  title: string;
  links: NodeLink[];
  children: PlanNodeShape[];
}

const PlanNode: z.ZodMiniType<PlanNodeShape> = z.object({
  id: z.number(),
  level: z.number(),
  levelName: z.string(),
  number: z.number(),
  label: z.string(),
  title: z.string(),
  links: z.array(NodeLink),
  get children() {
    return z.array(PlanNode);
  },
});

const PlanTree = z.object({ planId: z.number(), nodes: z.array(PlanNode) });

const ProgressRecord = z.object({
  nodeId: z.number(),
  fiscalYear: z.number(),
  resultsHeading: z.string(),
  directionsHeading: z.string(),
  results: z.array(z.string()),
  directions: z.array(z.string()),
  version: z.number(),
});

const ErrorBody = z.object({ error: z.string() });

/** 総合計画 or 総合戦略 as listed by `GET /api/plans`. */
export type Plan = z.infer<typeof Plan>;
/** A node of another plan linked to a node (a strategy measure's plan measures, or the reverse). */
export type NodeLink = z.infer<typeof NodeLink>;
/** One level of the plan hierarchy (基本目標, 基本方針, 施策 …). */
export type PlanLevel = z.infer<typeof PlanLevel>;
/** A fiscal year that has progress records or KPI actuals, with its label (令和5年度). */
export type PlanFiscalYear = z.infer<typeof PlanFiscalYear>;
/** A node of the plan hierarchy (施策体系) with its links to other plans and its children. */
export type PlanNode = PlanNodeShape;
/** The whole hierarchy of one plan. */
export type PlanTree = z.infer<typeof PlanTree>;
/** 進捗状況 of one node for one fiscal year. */
export type ProgressRecord = z.infer<typeof ProgressRecord>;

export { ApiError };

async function errorFrom(response: Response): Promise<ApiError> {
  const body = ErrorBody.safeParse(await response.json().catch(() => null));
  // The server's messages end with 。; drop it, the sentence here closes the parenthesis.
  const detail = body.success ? body.data.error.replace(/。$/, '') : `HTTP ${response.status}`;
  return new ApiError(`データを読み込めませんでした（${detail}）。`, response.status);
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
  return `/api/reports/${request.fiscalYear}/file?${params}`;
}

/** The report file and the name the server gives it (from Content-Disposition, RFC 5987). */
export async function fetchReportFile(
  request: ReportFileRequest,
  signal?: AbortSignal,
): Promise<{ blob: Blob; fileName: string }> {
  const response = await apiFetch(reportFileUrl(request), { signal });
  if (!response.ok) {
    const body = ErrorBody.safeParse(await response.json().catch(() => null));
    const detail = body.success ? body.data.error.replace(/。$/, '') : `HTTP ${response.status}`;
    throw new ApiError(`報告書を作成できませんでした（${detail}）。`, response.status);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="([^"]+)"/i.exec(disposition)?.[1];
  const fileName = encoded ? decodeURIComponent(encoded) : (plain ?? `report.${request.format}`);
  return { blob: await response.blob(), fileName };
}
