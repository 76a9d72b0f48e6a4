/**
 * @module KPI API client
 * Typed calls of the KPI routes (src/http/kpi-routes.ts): the achievement summary, a node's KPIs, one
 * KPI, saving an actual and a KPI's 評価区分. Responses are checked against the contract here, as api.ts
 * does for the rest; a refused save becomes a {@link SaveActualError} carrying the server's Japanese
 * message.
 */
import * as z from 'zod/mini';
import { ApiError, getJson } from './api.ts';
import { type Contract, sendJson } from './http.ts';

const Grade = z.object({
  grade: z.string(),
  label: z.string(),
  symbol: z.string(),
  color: z.string(),
  kind: z.enum(['performance', 'no-data', 'no-target', 'administrative']),
});

/** 総合評価: a node's grade rolled up from its KPIs by the scheme's method. */
const RollUp = z.object({
  grade: Grade,
  method: z.enum(['mean-score', 'worst', 'share-achieved']),
  methodLabel: z.string(),
  basisLabel: z.string(),
  counted: z.number(),
  excluded: z.number(),
  score: z.nullable(z.number()),
  achievedShare: z.nullable(z.number()),
});

const YearValue = z.object({ value: z.number(), fiscalYear: z.number(), fiscalYearLabel: z.string() });

const Status = z.enum(['final', 'provisional']);

/** 評価区分: 未着手, 休止・廃止, 評価困難. */
const AdministrativeStatus = z.enum(['not-started', 'suspended', 'hard-to-evaluate']);

const listItemShape = {
  id: z.number(),
  kpiSet: z.object({ id: z.number(), code: z.string(), name: z.string() }),
  node: z.object({ id: z.number(), label: z.string(), title: z.string() }),
  code: z.string(),
  name: z.string(),
  unit: z.string(),
  direction: z.enum(['increase', 'decrease', 'maintain']),
  directionLabel: z.string(),
  baseline: z.nullable(YearValue),
  target: z.nullable(
    z.object({
      value: z.number(),
      fiscalYear: z.number(),
      fiscalYearLabel: z.string(),
      comparator: z.enum(['gte', 'gt', 'lte', 'lt', 'eq']),
      comparatorLabel: z.string(),
    }),
  ),
  latest: z.nullable(
    z.object({
      value: z.number(),
      fiscalYear: z.number(),
      fiscalYearLabel: z.string(),
      status: Status,
      statusLabel: z.string(),
    }),
  ),
  rate: z.nullable(z.number()),
  achieved: z.boolean(),
  grade: Grade,
  stale: z.boolean(),
  projection: z.nullable(
    z.object({
      targetYear: z.number(),
      targetYearLabel: z.string(),
      targetValue: z.number(),
      expectedValue: z.nullable(z.number()),
      slope: z.nullable(z.number()),
      onTrack: z.nullable(z.boolean()),
      label: z.string(),
      method: z.enum(['actual', 'trend', 'baseline-to-latest', 'none']),
      methodLabel: z.string(),
      points: z.number(),
    }),
  ),
  illustrative: z.boolean(),
};

const KpiListItem = z.object(listItemShape);

const NodeKpis = z.object({
  nodeId: z.number(),
  fiscalYear: z.number(),
  fiscalYearLabel: z.string(),
  levelName: z.string(),
  kpis: z.array(KpiListItem),
  rollUps: z.array(
    z.object({
      kpiSet: z.object({ id: z.number(), code: z.string(), name: z.string() }),
      scheme: z.object({ name: z.string(), label: z.string() }),
      rollUp: RollUp,
    }),
  ),
});

const KpiDetail = z.object({
  ...listItemShape,
  fiscalYear: z.number(),
  fiscalYearLabel: z.string(),
  definition: z.nullable(z.string()),
  dataSource: z.nullable(z.string()),
  department: z.nullable(z.string()),
  kind: z.nullable(z.string()),
  kindLabel: z.nullable(z.string()),
  cumulative: z.boolean(),
  administrativeStatus: z.nullable(AdministrativeStatus),
  administrativeStatusLabel: z.nullable(z.string()),
  administrativeStatuses: z.array(z.object({ value: AdministrativeStatus, label: z.string() })),
  scheme: z.object({ name: z.string(), label: z.string() }),
  annualTargets: z.array(YearValue),
  actuals: z.array(
    z.object({
      value: z.number(),
      fiscalYear: z.number(),
      fiscalYearLabel: z.string(),
      status: Status,
      statusLabel: z.string(),
      note: z.nullable(z.string()),
      version: z.number(),
    }),
  ),
  entryYears: z.array(z.object({ fiscalYear: z.number(), fiscalYearLabel: z.string() })),
  version: z.number(),
});

const Aggregate = z.object({
  total: z.number(),
  counts: z.array(z.object({ grade: z.string(), count: z.number(), share: z.number() })),
  achieved: z.number(),
  achievedShare: z.number(),
});

const KpiSummary = z.object({
  planId: z.number(),
  fiscalYear: z.number(),
  fiscalYearLabel: z.string(),
  previousFiscalYear: z.number(),
  previousFiscalYearLabel: z.string(),
  sets: z.array(
    z.object({
      id: z.number(),
      code: z.string(),
      name: z.string(),
      scheme: z.object({ name: z.string(), label: z.string() }),
      illustrative: z.boolean(),
      grades: z.array(Grade),
      groups: z.array(
        z.object({
          nodeId: z.number(),
          label: z.string(),
          title: z.string(),
          aggregate: Aggregate,
          rollUp: RollUp,
        }),
      ),
      total: Aggregate,
      previousTotal: Aggregate,
      change: z.object({
        total: z.number(),
        grades: z.array(z.object({ grade: z.string(), delta: z.number(), shareDelta: z.number() })),
        achieved: z.object({ delta: z.number(), shareDelta: z.number() }),
      }),
    }),
  ),
});

const EntryResult = z.object({
  action: z.enum(['created', 'updated', 'deleted', 'unchanged']),
  kpi: KpiDetail,
});

const AdministrativeStatusResult = z.object({
  action: z.enum(['updated', 'unchanged']),
  kpi: KpiDetail,
});

/** A grade as shown: code, label, symbol (always printed beside the colour), colour and kind. */
export type Grade = z.infer<typeof Grade>;
/** A node's 総合評価 in one KPI set, with the method and the KPIs it counts. */
export type RollUp = z.infer<typeof RollUp>;
/** A KPI in a node's list, evaluated for the selected fiscal year. */
export type KpiListItem = z.infer<typeof KpiListItem>;
/** A node's KPIs and its 総合評価 per KPI set. */
export type NodeKpis = z.infer<typeof NodeKpis>;
/** One KPI in full, with its actuals (and their versions) and the years open to entry. */
export type KpiDetail = z.infer<typeof KpiDetail>;
/** One stored actual. */
export type KpiActual = KpiDetail['actuals'][number];
/** The achievement summary of a plan's KPI sets. */
export type KpiSummary = z.infer<typeof KpiSummary>;
/** One KPI set in the summary. */
export type KpiSetSummary = KpiSummary['sets'][number];
/** What a save did and the KPI re-evaluated. */
export type ActualEntryResult = z.infer<typeof EntryResult>;
/** 評価区分 as the API spells it. */
export type AdministrativeStatusValue = z.infer<typeof AdministrativeStatus>;
/** What saving a 評価区分 did and the KPI re-evaluated. */
export type AdministrativeStatusSaved = z.infer<typeof AdministrativeStatusResult>;

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

export interface ActualInput {
  value: number | null;
  status: 'final' | 'provisional';
  note: string;
  /** The version the form read; 0 when the year had no actual. */
  version: number;
}

/** A save the server refused; `status` 409 means someone else saved first. */
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
  return putJson(`/api/kpis/${kpiId}/actuals/${fiscalYear}?year=${evaluationYear}`, input, EntryResult);
}

/**
 * `PUT /api/kpis/:kpiId/administrative-status?year=`: sets (null: clears) the KPI's 評価区分, checked
 * against the KPI's `version` as read, and answers with the KPI evaluated for `evaluationYear`.
 */
export function saveAdministrativeStatus(
  kpiId: number,
  input: { administrativeStatus: AdministrativeStatusValue | null; version: number },
  evaluationYear: number,
): Promise<AdministrativeStatusSaved> {
  return putJson(
    `/api/kpis/${kpiId}/administrative-status?year=${evaluationYear}`,
    input,
    AdministrativeStatusResult,
  );
}
