/**
 * @module Strategy KPIs of a plan node
 * The 総合戦略 KPIs that the council report prints on a 総合計画 policy's page: a strategy KPI belongs
 * to every plan node whose subtree links (plan_node_link) to the strategy node the KPI hangs on —
 * the same rule as the report builder's (src/report/build.ts, `onPolicy`). Each strategy KPI set
 * comes with the node's 総合評価 from those KPIs, as the report prints it.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { loadKpis } from '../../db/kpi-store.ts';
import { kpiSet, plan, planNode } from '../../db/schema.ts';
import { type RollUp, rollUp } from '../../domain/evaluation/index.ts';
import { nodeLabel } from '../../domain/plan/numbering.ts';
import { loadNodeLinks } from '../strategy/import.ts';
import { evaluateStoredKpi, type KpiSetInfo, type KpiView, schemeOfSet } from './kpi-view.ts';

/** One 総合戦略 KPI set's KPIs linked into a plan node, with the node's 総合評価 from them. */
export interface LinkedKpiGroup {
  plan: { id: number; name: string };
  set: KpiSetInfo;
  kpis: KpiView[];
  rollUp: RollUp;
}

/**
 * The strategy KPIs linked into a 総合計画 node (itself or any node below it), per strategy KPI set,
 * evaluated for a fiscal year; empty for a node of a 総合戦略 or one without links.
 * @example (await loadLinkedStrategyKpis(db, { nodeId: 2, fiscalYear: 2023 })).map((g) => g.set.name)
 */
export async function loadLinkedStrategyKpis(
  db: Database,
  key: { nodeId: number; fiscalYear: number },
): Promise<LinkedKpiGroup[]> {
  const [row] = await db
    .select({ node: planNode, plan })
    .from(planNode)
    .innerJoin(plan, eq(planNode.planId, plan.id))
    .where(eq(planNode.id, key.nodeId));
  if (row?.plan.kind !== 'plan') return [];
  const subtree = await db
    .select({ id: planNode.id, path: planNode.path })
    .from(planNode)
    .where(eq(planNode.planId, row.plan.id));
  const within = subtree.filter((n) => n.path === row.node.path || n.path.startsWith(`${row.node.path}.`));
  const links = await loadNodeLinks(db, row.plan.id);
  // Only the 総合戦略 linked to this plan count, as in the report (evaluateReportKpiSets).
  const strategies = await db
    .select()
    .from(plan)
    .where(and(eq(plan.linkedPlanId, row.plan.id), eq(plan.kind, 'strategy')))
    .orderBy(asc(plan.id));
  const linkedNodeIds = new Set(
    within.flatMap((n) =>
      (links.get(n.id) ?? []).filter((l) => l.planKind === 'strategy').map((l) => l.nodeId),
    ),
  );
  if (linkedNodeIds.size === 0 || strategies.length === 0) return [];
  const groups: LinkedKpiGroup[] = [];
  for (const strategy of strategies) {
    const nodes = await db.select().from(planNode).where(eq(planNode.planId, strategy.id));
    const nodesById = new Map(nodes.filter((n) => linkedNodeIds.has(n.id)).map((n) => [n.id, n]));
    if (nodesById.size === 0) continue;
    // Sequential: one transaction is one connection (see planYears in features/plan/periods.ts).
    const sets = await db
      .select()
      .from(kpiSet)
      .where(eq(kpiSet.planId, strategy.id))
      .orderBy(asc(kpiSet.position));
    const kpis = await loadKpis(db, { planId: strategy.id, nodeIds: [...nodesById.keys()] });
    for (const s of sets) {
      const set: KpiSetInfo = { id: s.id, code: s.code, name: s.name, scheme: schemeOfSet(s) };
      const views: KpiView[] = kpis.flatMap((k) => {
        const node = nodesById.get(k.nodeId);
        if (k.kpiSetId !== s.id || !node) return [];
        const level = strategy.levels[node.level - 1] ?? { name: '', numbering: 'arabic' as const };
        return [
          {
            kpi: k,
            set,
            node: {
              id: node.id,
              path: node.path,
              level: node.level,
              label: nodeLabel(level, node.number, { spaced: node.level === 1 }),
              title: node.title,
            },
            evaluation: evaluateStoredKpi(k, key.fiscalYear, set.scheme),
          },
        ];
      });
      if (views.length === 0) continue;
      groups.push({
        plan: { id: strategy.id, name: strategy.name },
        set,
        kpis: views,
        rollUp: rollUp(
          views.map((v) => v.evaluation),
          set.scheme,
        ),
      });
    }
  }
  return groups;
}
