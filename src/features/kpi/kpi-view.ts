/**
 * @module KPI views
 * Reads KPIs for the screens: the KPIs hung on a plan node and its descendants with the node's
 * 総合評価 per KPI set, and one KPI with everything about it, each evaluated for a fiscal year with
 * the scheme of its KPI set. The plan-wide aggregate is {@link evaluatePlanKpis}; this module serves
 * the per-node and per-KPI screens without evaluating the whole plan.
 */
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { loadKpis, type StoredKpi } from '../../db/kpi-store.ts';
import { kpi, kpiActual, kpiSet, plan, planNode } from '../../db/schema.ts';
import {
  type EvaluationScheme,
  type EvaluationSchemeInput,
  evaluateKpi,
  type KpiEvaluation,
  type RollUp,
  resolveScheme,
  rollUp,
} from '../../domain/evaluation/index.ts';
import { nodeLabel } from '../../domain/plan/numbering.ts';
import type { PlanLevel } from '../../domain/plan/types.ts';

/** A KPI set with its resolved evaluation scheme. */
export interface KpiSetInfo {
  id: number;
  code: string;
  name: string;
  scheme: EvaluationScheme;
}

/** The plan node a KPI hangs on, as screens name it (基本方針1 観光の振興と魅力の創出). */
export interface KpiNodeInfo {
  id: number;
  path: string;
  level: number;
  /** e.g. 基本目標 1, 基本方針1, ① */
  label: string;
  title: string;
}

export interface KpiView {
  kpi: StoredKpi;
  set: KpiSetInfo;
  node: KpiNodeInfo;
  evaluation: KpiEvaluation;
}

/** A node's 総合評価 in one KPI set. */
export interface KpiSetRollUp {
  set: KpiSetInfo;
  /** From the KPIs on the node and every node below it (the same as {@link evaluatePlanKpis}'s `byNode`). */
  rollUp: RollUp;
}

export interface NodeKpisView {
  node: KpiNodeInfo;
  /** e.g. 基本方針 */
  levelName: string;
  kpis: KpiView[];
  /** One per KPI set of the plan, in set order; a set without KPIs here has the no-data grade. */
  rollUps: KpiSetRollUp[];
}

export interface KpiDetailView extends KpiView {
  planId: number;
  municipalityId: number;
  /** Stored actual rows with their versions, oldest first (what the entry form edits). */
  actualRows: Array<typeof kpiActual.$inferSelect>;
}

type NodeRow = typeof planNode.$inferSelect;
type SetRow = typeof kpiSet.$inferSelect;

/** A KPI set's scheme: a preset name, a scheme object, or the default when none is stored. */
export function schemeOfSet(set: Pick<SetRow, 'scheme'>): EvaluationScheme {
  return resolveScheme((set.scheme ?? undefined) as EvaluationSchemeInput | undefined);
}

function nodeInfo(node: NodeRow, levels: readonly PlanLevel[]): KpiNodeInfo {
  const level = levels[node.level - 1] ?? { name: '', numbering: 'arabic' as const };
  return {
    id: node.id,
    path: node.path,
    level: node.level,
    label: nodeLabel(level, node.number, { spaced: node.level === 1 }),
    title: node.title,
  };
}

/** Evaluates a stored KPI; an administrative status (未着手, 休止・廃止, 評価困難) overrides the grade. */
export function evaluateStoredKpi(k: StoredKpi, fiscalYear: number, scheme: EvaluationScheme): KpiEvaluation {
  return evaluateKpi(k, fiscalYear, scheme, k.administrativeStatus ? { status: k.administrativeStatus } : {});
}

/** A plan's KPI sets in their order. */
async function setsOf(db: Database, planId: number): Promise<Map<number, KpiSetInfo>> {
  const rows = await db.select().from(kpiSet).where(eq(kpiSet.planId, planId)).orderBy(asc(kpiSet.position));
  return new Map(
    rows.map((s) => [s.id, { id: s.id, code: s.code, name: s.name, scheme: schemeOfSet(s) }] as const),
  );
}

/**
 * The KPIs hung on a node and on every node below it, in KPI set, node and position order, evaluated
 * for a fiscal year, and the node's 総合評価 per KPI set. Null when the node does not exist.
 * @example const view = await loadNodeKpis(db, { nodeId: 2, fiscalYear: 2023 });
 */
export async function loadNodeKpis(
  db: Database,
  key: { nodeId: number; fiscalYear: number },
): Promise<NodeKpisView | null> {
  const [node] = await db.select().from(planNode).where(eq(planNode.id, key.nodeId));
  if (!node) return null;
  const [planRow] = await db.select().from(plan).where(eq(plan.id, node.planId));
  if (!planRow) return null;
  const nodes = await db.select().from(planNode).where(eq(planNode.planId, node.planId));
  // A node's descendants share its path as a prefix: 1.2 → 1.2.1, 1.2.3 …
  const subtree = nodes.filter((n) => n.path === node.path || n.path.startsWith(`${node.path}.`));
  const nodesById = new Map(subtree.map((n) => [n.id, n]));
  // Sequential: one transaction is one connection (see planYears in features/plan/periods.ts).
  const sets = await setsOf(db, node.planId);
  const kpis = await loadKpis(db, { planId: node.planId, nodeIds: subtree.map((n) => n.id) });
  const views: KpiView[] = [];
  for (const k of kpis) {
    const set = sets.get(k.kpiSetId);
    const kpiNode = nodesById.get(k.nodeId);
    if (!set || !kpiNode) continue;
    views.push({
      kpi: k,
      set,
      node: nodeInfo(kpiNode, planRow.levels),
      evaluation: evaluateStoredKpi(k, key.fiscalYear, set.scheme),
    });
  }
  const rollUps = [...sets.values()].map((set) => ({
    set,
    rollUp: rollUp(
      views.filter((v) => v.set.id === set.id).map((v) => v.evaluation),
      set.scheme,
    ),
  }));
  return {
    node: nodeInfo(node, planRow.levels),
    levelName: planRow.levels[node.level - 1]?.name ?? '',
    kpis: views,
    rollUps,
  };
}

/**
 * One KPI with its actual rows (and their versions), evaluated for a fiscal year. Null when there is
 * no such KPI.
 * @example const detail = await loadKpiDetail(db, { kpiId: 12, fiscalYear: 2023 });
 */
export async function loadKpiDetail(
  db: Database,
  key: { kpiId: number; fiscalYear: number },
): Promise<KpiDetailView | null> {
  const [row] = await db
    .select({ kpi, set: kpiSet, node: planNode, plan })
    .from(kpi)
    .innerJoin(kpiSet, eq(kpi.kpiSetId, kpiSet.id))
    .innerJoin(planNode, eq(kpi.nodeId, planNode.id))
    .innerJoin(plan, eq(kpiSet.planId, plan.id))
    .where(eq(kpi.id, key.kpiId));
  if (!row) return null;
  const [stored] = (
    await loadKpis(db, { planId: row.plan.id, kpiSetId: row.set.id, nodeIds: [row.node.id] })
  ).filter((k) => k.id === key.kpiId);
  if (!stored) return null;
  const set: KpiSetInfo = {
    id: row.set.id,
    code: row.set.code,
    name: row.set.name,
    scheme: schemeOfSet(row.set),
  };
  const actualRows = await db
    .select()
    .from(kpiActual)
    .where(eq(kpiActual.kpiId, key.kpiId))
    .orderBy(asc(kpiActual.fiscalYear));
  return {
    kpi: stored,
    set,
    node: nodeInfo(row.node, row.plan.levels),
    evaluation: evaluateStoredKpi(stored, key.fiscalYear, set.scheme),
    planId: row.plan.id,
    municipalityId: row.kpi.municipalityId,
    actualRows,
  };
}
