/**
 * @module KPI evaluation of a plan
 * Evaluates every KPI of a plan's KPI sets for a fiscal year with the scheme chosen per set, and
 * aggregates per set, per top-level node (基本目標) and in total, with the change since the
 * previous year; and rolls the grades up to one grade (総合評価) per plan node by the scheme's
 * method. This is what the KPI screens and the council report show.
 */

import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { loadKpis, type StoredKpi } from '../../db/kpi-store.ts';
import { kpiSet, plan, planNode } from '../../db/schema.ts';
import {
  aggregateGrades,
  compareYears,
  type EvaluationScheme,
  type EvaluationSchemeInput,
  evaluateKpi,
  type GradeAggregate,
  type KpiEvaluation,
  type RollUp,
  resolveScheme,
  rollUp,
  rollUpTree,
  type YearComparison,
} from '../../domain/evaluation/index.ts';
import { nodeLabel } from '../../domain/plan/numbering.ts';
import type { PlanLevel } from '../../domain/plan/types.ts';
import { NotFoundError } from '../../errors.ts';

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
  /** The node's 総合評価 from all KPIs on it and below it. */
  rollUp: RollUp;
}

/** A plan node's 総合評価 in one KPI set. */
export interface NodeRollUp {
  nodeId: number;
  /** Dotted path, e.g. '1.2' = 基本目標 1, 基本方針2. */
  path: string;
  level: number;
  /** From the KPIs on the node and every node below it; no KPI gives the scheme's no-data grade. */
  rollUp: RollUp;
}

export interface KpiSetEvaluation {
  set: { id: number; code: string; name: string };
  /** The plan the set belongs to: the 総合計画, or a 総合戦略 with its own nodes. */
  plan: { id: number; name: string; kind: 'plan' | 'strategy'; levels: PlanLevel[] };
  scheme: EvaluationScheme;
  kpis: EvaluatedKpi[];
  /** One entry per top-level node of the plan, in order, KPI-less nodes included. */
  byTopNode: TopNodeAggregate[];
  /** Every node of the plan at every level, in path order (1, 1.1, 1.1.1, …, 2, …). */
  byNode: NodeRollUp[];
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
  if (!planRow) throw new NotFoundError(`計画（ID ${key.planId}）はありません`);
  const sets = await db
    .select()
    .from(kpiSet)
    .where(eq(kpiSet.planId, key.planId))
    .orderBy(asc(kpiSet.position));
  const nodes = await db.select().from(planNode).where(eq(planNode.planId, key.planId));
  const topNodes = nodes.filter((r) => r.level === 1).sort((a, b) => a.number - b.number);
  const tree = nodeTree(nodes);
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
    const evaluationsByNode = new Map<number, KpiEvaluation[]>();
    for (const k of kpis) {
      const list = evaluationsByNode.get(k.kpi.nodeId);
      if (list) list.push(k.evaluation);
      else evaluationsByNode.set(k.kpi.nodeId, [k.evaluation]);
    }
    const rollUps = rollUpTree(
      tree.roots,
      (node) => tree.childrenOf(node),
      (node) => evaluationsByNode.get(node.id) ?? [],
      scheme,
    );
    // Every node is reached from a root; the fallback only keeps the types honest.
    const rollUpOf = (node: NodeRow): RollUp => rollUps.get(node) ?? rollUp([], scheme);
    return {
      set: { id: set.id, code: set.code, name: set.name },
      plan: { id: planRow.id, name: planRow.name, kind: planRow.kind, levels: planRow.levels },
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
        rollUp: rollUpOf(node),
      })),
      byNode: tree.ordered.map((node) => ({
        nodeId: node.id,
        path: node.path,
        level: node.level,
        rollUp: rollUpOf(node),
      })),
      total,
      previousTotal,
      changeSincePreviousYear: compareYears(total, previousTotal),
    };
  });
}

/**
 * The KPI sets of a 総合計画's council report: the plan's own sets, then the sets of the 総合戦略
 * linked to it (each evaluated on its own nodes, counted per its own 基本目標). A plan set without KPIs
 * gives its place to a strategy set of the same name: the report lists 基本計画 and 総合戦略 once each,
 * whether the city hangs its strategy KPIs on the plan or on a strategy of their own.
 * @example (await evaluateReportKpiSets(db, { planId: 1, fiscalYear: 2023 })).map((s) => s.set.name)
 */
export async function evaluateReportKpiSets(
  db: Database,
  key: { planId: number; fiscalYear: number },
): Promise<KpiSetEvaluation[]> {
  const own = await evaluatePlanKpis(db, key);
  const strategies = await db
    .select()
    .from(plan)
    .where(and(eq(plan.linkedPlanId, key.planId), eq(plan.kind, 'strategy')))
    .orderBy(asc(plan.id));
  const linked: KpiSetEvaluation[] = [];
  for (const strategy of strategies) {
    linked.push(...(await evaluatePlanKpis(db, { planId: strategy.id, fiscalYear: key.fiscalYear })));
  }
  const used = new Set<KpiSetEvaluation>();
  const sets = own.map((set) => {
    if (set.kpis.length > 0) return set;
    const stand = linked.find((l) => !used.has(l) && l.set.name === set.set.name && l.kpis.length > 0);
    if (!stand) return set;
    used.add(stand);
    return stand;
  });
  return [...sets, ...linked.filter((l) => !used.has(l))];
}

type NodeRow = typeof planNode.$inferSelect;

const byPath = (a: NodeRow, b: NodeRow) => a.path.localeCompare(b.path, 'en', { numeric: true });

/** A plan's nodes as a tree, read from their dotted paths (1.2 is the child of 1). */
function nodeTree(nodes: readonly NodeRow[]): {
  roots: NodeRow[];
  childrenOf: (node: NodeRow) => NodeRow[];
  ordered: NodeRow[];
} {
  const ordered = [...nodes].sort(byPath);
  const byNodePath = new Map(ordered.map((n) => [n.path, n]));
  const children = new Map<NodeRow, NodeRow[]>();
  const roots: NodeRow[] = [];
  for (const node of ordered) {
    const parent = byNodePath.get(node.path.split('.').slice(0, -1).join('.'));
    if (!parent) roots.push(node);
    else children.set(parent, [...(children.get(parent) ?? []), node]);
  }
  return { roots, childrenOf: (node) => children.get(node) ?? [], ordered };
}

/**
 * A node's 総合評価 in a KPI set, by node id or dotted path.
 * @example nodeRollUp(set, { path: '1.2' })?.rollUp.grade // 'B'
 */
export function nodeRollUp(
  set: Pick<KpiSetEvaluation, 'byNode'>,
  node: { nodeId: number } | { path: string },
): NodeRollUp | undefined {
  return 'nodeId' in node
    ? set.byNode.find((n) => n.nodeId === node.nodeId)
    : set.byNode.find((n) => n.path === node.path);
}
