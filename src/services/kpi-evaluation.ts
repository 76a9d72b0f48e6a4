/**
 * @module KPI evaluation of a plan
 * Evaluates every KPI of a plan's KPI sets for a fiscal year with the scheme chosen per set, and
 * aggregates per set, per top-level node (基本目標) and in total, with the change since the
 * previous year. This is what the KPI screens and the council report show.
 */
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { loadKpis, type StoredKpi } from '../db/kpi-store.ts';
import { kpiSet, plan, planNode } from '../db/schema.ts';
import {
  aggregateGrades,
  compareYears,
  type EvaluationScheme,
  type EvaluationSchemeInput,
  evaluateKpi,
  type GradeAggregate,
  type KpiEvaluation,
  resolveScheme,
  type YearComparison,
} from '../domain/evaluation/index.ts';
import { nodeLabel } from '../domain/plan/numbering.ts';
import { UserError } from './municipality.ts';

export interface EvaluatedKpi {
  kpi: StoredKpi;
  evaluation: KpiEvaluation;
}

export interface TopNodeAggregate {
  nodeId: number;
  path: string;
  /** e.g. 基本目標 1 */
  label: string;
  title: string;
  aggregate: GradeAggregate;
}

export interface KpiSetEvaluation {
  set: { id: number; code: string; name: string };
  scheme: EvaluationScheme;
  kpis: EvaluatedKpi[];
  /** One entry per top-level node of the plan, in order, KPI-less nodes included. */
  byTopNode: TopNodeAggregate[];
  total: GradeAggregate;
  previousTotal: GradeAggregate;
  changeSincePreviousYear: YearComparison;
}

/**
 * Evaluates a plan's KPIs for a fiscal year, per KPI set.
 * @example const sets = await evaluatePlanKpis(db, { planId: 1, fiscalYear: 2023 });
 */
export async function evaluatePlanKpis(
  db: Database,
  key: { planId: number; fiscalYear: number },
): Promise<KpiSetEvaluation[]> {
  const [planRow] = await db.select().from(plan).where(eq(plan.id, key.planId));
  if (!planRow) throw new UserError(`計画（ID ${key.planId}）はありません`);
  const sets = await db
    .select()
    .from(kpiSet)
    .where(eq(kpiSet.planId, key.planId))
    .orderBy(asc(kpiSet.position));
  const topNodes = await db
    .select()
    .from(planNode)
    .where(eq(planNode.planId, key.planId))
    .then((rows) => rows.filter((r) => r.level === 1).sort((a, b) => a.number - b.number));
  const allKpis = await loadKpis(db, { planId: key.planId });
  const topLevel = planRow.levels[0] ?? { name: '', numbering: 'arabic' as const };

  return sets.map((set) => {
    const scheme = resolveScheme((set.scheme ?? undefined) as EvaluationSchemeInput | undefined);
    const evaluate = (k: StoredKpi, year: number) =>
      evaluateKpi(k, year, scheme, k.administrativeStatus ? { status: k.administrativeStatus } : {});
    const kpis = allKpis
      .filter((k) => k.kpiSetId === set.id)
      .map((k) => ({ kpi: k, evaluation: evaluate(k, key.fiscalYear) }));
    const previous = allKpis.filter((k) => k.kpiSetId === set.id).map((k) => evaluate(k, key.fiscalYear - 1));
    const total = aggregateGrades(
      kpis.map((k) => k.evaluation),
      scheme,
    );
    const previousTotal = aggregateGrades(previous, scheme);
    return {
      set: { id: set.id, code: set.code, name: set.name },
      scheme,
      kpis,
      byTopNode: topNodes.map((node) => ({
        nodeId: node.id,
        path: node.path,
        label: nodeLabel(topLevel, node.number, { spaced: true }),
        title: node.title,
        aggregate: aggregateGrades(
          kpis.filter((k) => k.kpi.nodePath.split('.')[0] === node.path).map((k) => k.evaluation),
          scheme,
        ),
      })),
      total,
      previousTotal,
      changeSincePreviousYear: compareYears(total, previousTotal),
    };
  });
}
