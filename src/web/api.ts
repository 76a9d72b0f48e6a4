/**
 * @module Web API client
 * Typed fetch functions for the Hoshin HTTP API. Every response is checked against the contract
 * once, here, so the components can trust the types; any failure becomes an `ApiError` whose
 * message is Japanese and can be shown to the user as is.
 */
import * as z from 'zod/mini';

const Municipality = z.object({ name: z.string(), localGovCode: z.string() });

const PlanLevel = z.object({ name: z.string(), numbering: z.enum(['arabic', 'circled']) });

const PlanFiscalYear = z.object({ fiscalYear: z.number(), fiscalYearLabel: z.string() });

const Plan = z.object({
  id: z.number(),
  name: z.string(),
  municipality: Municipality,
  levels: z.array(PlanLevel),
  progressLevel: z.number(),
  fiscalYears: z.array(PlanFiscalYear),
});

interface PlanNodeShape {
  id: number;
  level: number;
  levelName: string;
  number: number;
  label: string;
  title: string;
  children: PlanNodeShape[];
}

const PlanNode: z.ZodMiniType<PlanNodeShape> = z.object({
  id: z.number(),
  level: z.number(),
  levelName: z.string(),
  number: z.number(),
  label: z.string(),
  title: z.string(),
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

/** 総合計画 as listed by `GET /api/plans`. */
export type Plan = z.infer<typeof Plan>;
/** One level of the plan hierarchy (基本目標, 基本方針, 施策 …). */
export type PlanLevel = z.infer<typeof PlanLevel>;
/** A fiscal year that has progress records, with its label (令和5年度). */
export type PlanFiscalYear = z.infer<typeof PlanFiscalYear>;
/** A node of the plan hierarchy (施策体系) with its children. */
export type PlanNode = PlanNodeShape;
/** The whole hierarchy of one plan. */
export type PlanTree = z.infer<typeof PlanTree>;
/** 進捗状況 of one node for one fiscal year. */
export type ProgressRecord = z.infer<typeof ProgressRecord>;

/** A failed API call; `status` is the HTTP status, or 0 when the server could not be reached. */
export class ApiError extends Error {
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

async function request(path: string, signal?: AbortSignal): Promise<Response> {
  try {
    return await fetch(path, { headers: { Accept: 'application/json' }, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('サーバーに接続できませんでした。ネットワークの状態を確認してください。', 0);
  }
}

async function errorFrom(response: Response): Promise<ApiError> {
  const body = ErrorBody.safeParse(await response.json().catch(() => null));
  // The server's messages end with 。; drop it, the sentence here closes the parenthesis.
  const detail = body.success ? body.data.error.replace(/。$/, '') : `HTTP ${response.status}`;
  return new ApiError(`データを読み込めませんでした（${detail}）。`, response.status);
}

async function parse<T>(response: Response, schema: z.ZodMiniType<T>): Promise<T> {
  const result = schema.safeParse(await response.json().catch(() => undefined));
  if (!result.success) {
    throw new ApiError(
      'サーバーの応答が想定した形式ではありません。管理者に連絡してください。',
      response.status,
    );
  }
  return result.data;
}

async function getJson<T>(path: string, schema: z.ZodMiniType<T>, signal?: AbortSignal): Promise<T> {
  const response = await request(path, signal);
  if (!response.ok) throw await errorFrom(response);
  return parse(response, schema);
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
  const response = await request(`/api/nodes/${nodeId}/progress?year=${fiscalYear}`, signal);
  if (response.status === 404) return null;
  if (!response.ok) throw await errorFrom(response);
  return parse(response, ProgressRecord);
}
