/**
 * @module KPI routes
 * The KPI screens' API: the achievement summary of a plan's KPI sets, the KPIs of a plan node with
 * its 総合評価 (grade rolled up from its KPIs) per set, one KPI in full, the entry of an actual
 * (実績値) and of a KPI's 評価区分 (未着手 etc.). Values come with their Japanese labels (令和5年度,
 * 以上, 確定 …) so every client prints them alike; grades always carry symbol and label beside their
 * colour. Errors answer in Japanese: 400 names the field, 404, 409 when someone saved first.
 * The bodies and answers are the KPI contract's (src/features/kpi/contract.ts), which the web client
 * checks its answers against too; only the path and query parameters are declared here.
 */

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { VersionConflictError } from '../../db/history.ts';
import type { StoredKpi } from '../../db/kpi-store.ts';
import { fiscalYearOf, formatFiscalYear, japanDateOf } from '../../domain/calendar/index.ts';
import {
  type EvaluationScheme,
  type GradeAggregate,
  type GradeKind,
  gradeKind,
  type KpiEvaluation,
  type Projection,
  type ProjectionMethod,
  ROLLUP_METHOD_LABELS,
  type RollUp,
  rollUpBasisLabel,
} from '../../domain/evaluation/index.ts';
import {
  ACTUAL_STATUS_LABELS,
  ADMINISTRATIVE_STATUS_LABELS,
  ADMINISTRATIVE_STATUSES,
  COMPARATOR_LABELS,
  DIRECTION_LABELS,
  KIND_LABELS,
} from '../../domain/kpi/labels.ts';
import { ConflictError } from '../../errors.ts';
import type { ApiEnv } from '../../http/env.ts';
import { fiscalYearParam, idParam } from '../../http/params.ts';
import { ErrorBody, jsonBody, jsonResponse } from '../../http/route-docs.ts';
import { actorOf } from '../auth/session.ts';
import { assertMayWriteKpi, type KpiWriteAccess, kpiWriteAccess } from '../users/service.ts';
import {
  ActualEntryResult,
  ActualInput,
  AdministrativeStatusInput,
  AdministrativeStatusResult,
  type Grade,
  type KpiAggregate,
  KpiDetail,
  type KpiLatestActual,
  type KpiListItem,
  type KpiProjection,
  KpiSummary,
  NodeKpis,
  type RollUp as RollUpView,
} from './contract.ts';
import { entryYearRange, saveActual, saveAdministrativeStatus } from './kpi-entry.ts';
import { evaluateReportKpiSets } from './kpi-evaluation.ts';
import { type KpiDetailView, type KpiView, loadKpiDetail, loadNodeKpis } from './kpi-view.ts';
import { loadLinkedStrategyKpis } from './linked-kpis.ts';

export interface KpiRouteOptions {
  /** The clock, for the current fiscal year (no actual can be entered for a later one). */
  now?: () => Date;
}

const METHOD_LABELS: Record<ProjectionMethod, string> = {
  actual: '目標年度の実績',
  trend: '実績の傾向・最小二乗法',
  'baseline-to-latest': '基準値から最新実績への伸び',
  none: 'データ不足',
};
// For a scheme that gives a grade no colour; symbol and label always accompany it.
const FALLBACK_COLORS = ['#1a7f37', '#4d8f00', '#b35900', '#c62828', '#8a4baf', '#005f86'];
const FALLBACK_GREY = '#6e7781';

// ── Parameters ─────────────────────────────────────────────────────────────────────────────────────

const yearSchema = (name: string, where: 'query' | 'path') => fiscalYearParam(name, where);

const YearQuery = z.object({ year: yearSchema('year', 'query') });

// ── Routes ─────────────────────────────────────────────────────────────────────────────────────────

const kpiSummaryRoute = createRoute({
  method: 'get',
  path: '/api/plans/{planId}/kpi-summary',
  summary: '指標の達成状況（指標の区分ごと・基本目標ごとの評価の件数と割合と総合評価、前年度からの増減）',
  request: { params: z.object({ planId: idParam('planId', '計画ID') }), query: YearQuery },
  responses: {
    200: jsonResponse(KpiSummary, '指標の区分ごとの集計'),
    400: jsonResponse(ErrorBody, '入力の誤り'),
    404: jsonResponse(ErrorBody, '計画がない'),
  },
});

const nodeKpisRoute = createRoute({
  method: 'get',
  path: '/api/nodes/{nodeId}/kpis',
  summary: '施策体系の項目（とその下位の項目）の指標と評価、指標の区分ごとの項目の総合評価',
  request: { params: z.object({ nodeId: idParam('nodeId', '項目ID') }), query: YearQuery },
  responses: {
    200: jsonResponse(NodeKpis, '指標の一覧'),
    400: jsonResponse(ErrorBody, '入力の誤り'),
    404: jsonResponse(ErrorBody, '項目がない'),
  },
});

const kpiRoute = createRoute({
  method: 'get',
  path: '/api/kpis/{kpiId}',
  summary: '指標の定義・実績・年度別目標・評価・見通し',
  request: { params: z.object({ kpiId: idParam('kpiId', '指標ID') }), query: YearQuery },
  responses: {
    200: jsonResponse(KpiDetail, '指標'),
    400: jsonResponse(ErrorBody, '入力の誤り'),
    404: jsonResponse(ErrorBody, '指標がない'),
  },
});

const putActualRoute = createRoute({
  method: 'put',
  path: '/api/kpis/{kpiId}/actuals/{fiscalYear}',
  summary: '実績値の入力・修正・削除（value: null で削除）',
  description:
    '1つのトランザクションで変更履歴とともに保存し、評価し直した指標を返す。変更者はログイン中のユーザー。担当課の役割は自分の課の指標だけ（他の課の指標は 403）。',
  request: {
    params: z.object({ kpiId: idParam('kpiId', '指標ID'), fiscalYear: yearSchema('fiscalYear', 'path') }),
    query: z.object({
      year: yearSchema('year', 'query')
        .optional()
        .openapi({ description: '評価する年度（省略時は入力した年度）' }),
    }),
    body: jsonBody(ActualInput),
  },
  responses: {
    200: jsonResponse(ActualEntryResult, '保存した（action が何をしたかを示す）'),
    400: jsonResponse(ErrorBody, '入力の誤り（項目名つき）'),
    404: jsonResponse(ErrorBody, '指標がない'),
    409: jsonResponse(ErrorBody, '他の人が先に更新した'),
  },
});

const putAdministrativeStatusRoute = createRoute({
  method: 'put',
  path: '/api/kpis/{kpiId}/administrative-status',
  summary: '評価区分（未着手・休止・廃止・評価困難）の設定・解除（administrativeStatus: null で解除）',
  description:
    '評価区分のある指標の評価はその区分になる（達成率は計算する）。1つのトランザクションで変更履歴とともに保存し、評価し直した指標を返す。変更者はログイン中のユーザー。担当課の役割は自分の課の指標だけ（他の課の指標は 403）。',
  request: {
    params: z.object({ kpiId: idParam('kpiId', '指標ID') }),
    query: z.object({
      year: yearSchema('year', 'query')
        .optional()
        .openapi({ description: '評価する年度（省略時は今日の年度）' }),
    }),
    body: jsonBody(AdministrativeStatusInput),
  },
  responses: {
    200: jsonResponse(AdministrativeStatusResult, '保存した（action が何をしたかを示す）'),
    400: jsonResponse(ErrorBody, '入力の誤り（項目名つき）'),
    404: jsonResponse(ErrorBody, '指標がない'),
    409: jsonResponse(ErrorBody, '他の人が先に指標を更新した'),
  },
});

// ── Shaping ────────────────────────────────────────────────────────────────────────────────────────

function gradeOf(scheme: EvaluationScheme, code: string, kind: GradeKind): Grade {
  const index = scheme.grades.findIndex((g) => g.grade === code);
  const definition = scheme.grades[index];
  const fallback =
    kind === 'performance'
      ? (FALLBACK_COLORS[index % FALLBACK_COLORS.length] ?? FALLBACK_GREY)
      : FALLBACK_GREY;
  return {
    grade: code,
    label: definition?.label ?? code,
    symbol: definition?.symbol ?? code,
    color: definition?.color ?? fallback,
    kind,
  };
}

function projectionOf(projection: Projection | null): z.infer<typeof KpiProjection> | null {
  if (!projection) return null;
  return {
    ...projection,
    targetYearLabel: formatFiscalYear(projection.targetYear),
    methodLabel: METHOD_LABELS[projection.method],
  };
}

function latestOf(k: StoredKpi, evaluation: KpiEvaluation): z.infer<typeof KpiLatestActual> | null {
  if (evaluation.actualYear === null || evaluation.actualValue === null) return null;
  const year = evaluation.actualYear;
  const status = k.actuals.findLast((a) => a.fiscalYear === year)?.status ?? 'final';
  return {
    value: evaluation.actualValue,
    fiscalYear: year,
    fiscalYearLabel: formatFiscalYear(year),
    status,
    statusLabel: ACTUAL_STATUS_LABELS[status],
  };
}

function listItem({ kpi: k, set, node, evaluation }: KpiView): KpiListItem {
  return {
    id: k.id,
    kpiSet: { id: set.id, code: set.code, name: set.name },
    node: { id: node.id, label: node.label, title: node.title },
    code: k.code,
    name: k.name,
    unit: k.unit,
    direction: k.direction,
    directionLabel: DIRECTION_LABELS[k.direction],
    baseline: k.baseline ? { ...k.baseline, fiscalYearLabel: formatFiscalYear(k.baseline.fiscalYear) } : null,
    target: k.target
      ? {
          ...k.target,
          fiscalYearLabel: formatFiscalYear(k.target.fiscalYear),
          comparatorLabel: COMPARATOR_LABELS[k.target.comparator],
        }
      : null,
    latest: latestOf(k, evaluation),
    rate: evaluation.rate,
    achieved: evaluation.achieved,
    grade: gradeOf(set.scheme, evaluation.grade, evaluation.kind),
    stale: evaluation.stale,
    projection: projectionOf(evaluation.projection),
    illustrative: k.illustrative,
  };
}

function detailOf(view: KpiDetailView, currentFiscalYear: number, access: KpiWriteAccess): KpiDetail {
  const { kpi: k, evaluation } = view;
  const range = entryYearRange(
    {
      baselineYear: k.baseline?.fiscalYear ?? null,
      targetYear: k.target?.fiscalYear ?? null,
      actualYears: view.actualRows.map((a) => a.fiscalYear),
    },
    currentFiscalYear,
  );
  const entryYears: Array<{ fiscalYear: number; fiscalYearLabel: string }> = [];
  for (let year = range.to; year >= range.from; year--) {
    entryYears.push({ fiscalYear: year, fiscalYearLabel: formatFiscalYear(year) });
  }
  return {
    ...listItem(view),
    fiscalYear: evaluation.fiscalYear,
    fiscalYearLabel: formatFiscalYear(evaluation.fiscalYear),
    definition: k.definition ?? null,
    dataSource: k.dataSource ?? null,
    department: k.department ?? null,
    ...access,
    kind: k.kind ?? null,
    kindLabel: k.kind ? KIND_LABELS[k.kind] : null,
    cumulative: k.cumulative ?? false,
    administrativeStatus: k.administrativeStatus,
    administrativeStatuses: ADMINISTRATIVE_STATUSES.map((value) => ({
      value,
      label: ADMINISTRATIVE_STATUS_LABELS[value],
    })),
    administrativeStatusLabel: k.administrativeStatus
      ? ADMINISTRATIVE_STATUS_LABELS[k.administrativeStatus]
      : null,
    scheme: { name: view.set.scheme.name, label: view.set.scheme.label },
    annualTargets: (k.annualTargets ?? []).map((t) => ({
      value: t.value,
      fiscalYear: t.fiscalYear,
      fiscalYearLabel: formatFiscalYear(t.fiscalYear),
    })),
    actuals: view.actualRows.map((a) => ({
      value: a.value,
      fiscalYear: a.fiscalYear,
      fiscalYearLabel: formatFiscalYear(a.fiscalYear),
      status: a.status,
      statusLabel: ACTUAL_STATUS_LABELS[a.status],
      note: a.note,
      version: a.version,
    })),
    evaluation: {
      rateFormula: evaluation.rateFormula,
      reference: evaluation.reference,
      changeFromBaseline: evaluation.changeFromBaseline,
      improved: evaluation.improved,
      notes: evaluation.notes,
    },
    entryYears,
    version: k.version,
  };
}

function rollUpOf(scheme: EvaluationScheme, r: RollUp): RollUpView {
  return {
    grade: gradeOf(scheme, r.grade, gradeKind(scheme, r.grade)),
    method: r.method,
    methodLabel: ROLLUP_METHOD_LABELS[r.method],
    basisLabel: rollUpBasisLabel(r),
    counted: r.counted,
    excluded: r.excluded,
    score: r.score,
    achievedShare: r.achievedShare,
  };
}

function aggregateOf(aggregate: GradeAggregate): KpiAggregate {
  return {
    total: aggregate.total,
    counts: aggregate.grades.map((g) => ({ grade: g.grade, count: g.count, share: g.share })),
    achieved: aggregate.achieved,
    achievedShare: aggregate.achievedShare,
  };
}

/** The fiscal year today is in, in Japan (the year turns at midnight of 1 April, JST = UTC+9). */
function currentFiscalYear(now: Date): number {
  return fiscalYearOf(japanDateOf(now));
}

/**
 * Adds the KPI routes to the API application.
 * @example registerKpiRoutes(app, db); // inside createApi
 */
export function registerKpiRoutes(app: OpenAPIHono<ApiEnv>, options: KpiRouteOptions = {}): void {
  const now = options.now ?? (() => new Date());

  app.openapi(kpiSummaryRoute, async (c) => {
    const db = c.var.db;
    const { planId } = c.req.valid('param');
    const { year } = c.req.valid('query');
    // As in the council report: a 総合計画's summary includes the sets of its 総合戦略.
    const sets = await evaluateReportKpiSets(db, { planId, fiscalYear: year });
    return c.json(
      {
        planId,
        fiscalYear: year,
        fiscalYearLabel: formatFiscalYear(year),
        previousFiscalYear: year - 1,
        previousFiscalYearLabel: formatFiscalYear(year - 1),
        sets: sets.map((s) => ({
          id: s.set.id,
          code: s.set.code,
          name: s.set.name,
          scheme: { name: s.scheme.name, label: s.scheme.label },
          illustrative: s.kpis.some((k) => k.kpi.illustrative),
          grades: s.total.grades.map((g) => gradeOf(s.scheme, g.grade, g.kind)),
          groups: s.byTopNode.map((g) => ({
            nodeId: g.nodeId,
            label: g.label,
            title: g.title,
            aggregate: aggregateOf(g.aggregate),
            rollUp: rollUpOf(s.scheme, g.rollUp),
          })),
          total: aggregateOf(s.total),
          previousTotal: aggregateOf(s.previousTotal),
          change: {
            total: s.changeSincePreviousYear.total.delta,
            grades: s.changeSincePreviousYear.grades.map((g) => ({
              grade: g.grade,
              delta: g.delta,
              shareDelta: g.shareDelta,
            })),
            achieved: {
              delta: s.changeSincePreviousYear.achieved.delta,
              shareDelta: s.changeSincePreviousYear.achieved.shareDelta,
            },
          },
        })),
      },
      200,
    );
  });

  app.openapi(nodeKpisRoute, async (c) => {
    const db = c.var.db;
    const { nodeId } = c.req.valid('param');
    const { year } = c.req.valid('query');
    const view = await loadNodeKpis(db, { nodeId, fiscalYear: year });
    if (!view) return c.json({ error: `施策体系の項目（ID ${nodeId}）はありません` }, 404);
    const linked = await loadLinkedStrategyKpis(db, { nodeId, fiscalYear: year });
    return c.json(
      {
        nodeId,
        fiscalYear: year,
        fiscalYearLabel: formatFiscalYear(year),
        levelName: view.levelName,
        kpis: view.kpis.map(listItem),
        rollUps: view.rollUps.map(({ set, rollUp }) => ({
          kpiSet: { id: set.id, code: set.code, name: set.name },
          scheme: { name: set.scheme.name, label: set.scheme.label },
          rollUp: rollUpOf(set.scheme, rollUp),
        })),
        strategyKpis: linked.map((group) => ({
          plan: group.plan,
          kpiSet: { id: group.set.id, code: group.set.code, name: group.set.name },
          scheme: { name: group.set.scheme.name, label: group.set.scheme.label },
          rollUp: rollUpOf(group.set.scheme, group.rollUp),
          kpis: group.kpis.map(listItem),
        })),
      },
      200,
    );
  });

  app.openapi(kpiRoute, async (c) => {
    const db = c.var.db;
    const { kpiId } = c.req.valid('param');
    const { year } = c.req.valid('query');
    const detail = await loadKpiDetail(db, { kpiId, fiscalYear: year });
    if (!detail) return c.json({ error: `指標（ID ${kpiId}）はありません` }, 404);
    return c.json(
      detailOf(detail, currentFiscalYear(now()), await kpiWriteAccess(db, c.var.scope, kpiId)),
      200,
    );
  });

  // A body that is not JSON at all would otherwise surface as the framework's English 400 (or a 500).
  for (const path of ['/api/kpis/:kpiId/actuals/:fiscalYear', '/api/kpis/:kpiId/administrative-status']) {
    app.use(path, async (c, next) => {
      if (c.req.method === 'PUT') {
        try {
          await c.req.json();
        } catch {
          return c.json(
            {
              error: '入力が正しくありません: 本文: JSON で送ってください（Content-Type: application/json）',
            },
            400,
          );
        }
      }
      await next();
    });
  }

  app.openapi(putActualRoute, async (c) => {
    const db = c.var.db;
    const { kpiId, fiscalYear } = c.req.valid('param');
    const { year } = c.req.valid('query');
    const body = c.req.valid('json');
    const current = currentFiscalYear(now());
    await assertMayWriteKpi(db, c.var.scope, kpiId);
    try {
      const result = await saveActual(
        db,
        {
          kpiId,
          fiscalYear,
          value: body.value,
          status: body.status ?? 'final',
          ...(body.note !== undefined ? { note: body.note } : {}),
          ...(body.version !== undefined ? { version: body.version } : {}),
        },
        {
          actor: actorOf(c.var.scope),
          scope: c.var.scope,
          currentFiscalYear: current,
          ...(year !== undefined ? { evaluationYear: year } : {}),
        },
      );
      return c.json(
        {
          action: result.action,
          kpi: detailOf(result.kpi, current, await kpiWriteAccess(db, c.var.scope, kpiId)),
        },
        200,
      );
    } catch (error) {
      // The same refusal (409), said of what this form saves.
      if (error instanceof VersionConflictError) {
        throw new ConflictError(
          `他の人が先に更新しました（${formatFiscalYear(fiscalYear)}の実績）。画面を再読み込みして最新の値を確かめてから、入力し直してください。`,
        );
      }
      throw error;
    }
  });

  app.openapi(putAdministrativeStatusRoute, async (c) => {
    const db = c.var.db;
    const { kpiId } = c.req.valid('param');
    const { year } = c.req.valid('query');
    const body = c.req.valid('json');
    const current = currentFiscalYear(now());
    await assertMayWriteKpi(db, c.var.scope, kpiId);
    try {
      const result = await saveAdministrativeStatus(
        db,
        {
          kpiId,
          status: body.administrativeStatus,
          ...(body.version !== undefined ? { version: body.version } : {}),
        },
        { actor: actorOf(c.var.scope), scope: c.var.scope, evaluationYear: year ?? current },
      );
      return c.json(
        {
          action: result.action,
          kpi: detailOf(result.kpi, current, await kpiWriteAccess(db, c.var.scope, kpiId)),
        },
        200,
      );
    } catch (error) {
      if (error instanceof VersionConflictError) {
        throw new ConflictError(
          '他の人が先にこの指標を更新しました（評価区分）。画面を再読み込みして最新の内容を確かめてから、選び直してください。',
        );
      }
      throw error;
    }
  });
}
