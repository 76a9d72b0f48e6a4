/**
 * @module KPI persistence (reading)
 * Loads KPI definitions with their actuals as domain values, for evaluation, export and reports.
 */
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Kpi } from '../domain/kpi/types.ts';
import type { Database } from './client.ts';
import { kpi, kpiActual, kpiSet, planNode } from './schema.ts';

/** A KPI as stored: the domain values plus where it hangs and its row identity. */
export interface StoredKpi extends Kpi {
  id: number;
  kpiSetId: number;
  nodeId: number;
  /** Dotted path of its node within the node's plan, e.g. '1.2.3'. */
  nodePath: string;
  illustrative: boolean;
  administrativeStatus: 'not-started' | 'suspended' | 'hard-to-evaluate' | null;
  version: number;
}

export interface KpiFilter {
  planId: number;
  kpiSetId?: number;
  nodeIds?: number[];
}

/**
 * KPIs of a plan's KPI sets (optionally one set, or some nodes), in set, node and position order.
 * @example const kpis = await loadKpis(db, { planId: 1 });
 */
export async function loadKpis(db: Database, filter: KpiFilter): Promise<StoredKpi[]> {
  const conditions: Array<SQL | undefined> = [eq(kpiSet.planId, filter.planId)];
  if (filter.kpiSetId) conditions.push(eq(kpi.kpiSetId, filter.kpiSetId));
  if (filter.nodeIds)
    conditions.push(filter.nodeIds.length ? inArray(kpi.nodeId, filter.nodeIds) : eq(kpi.id, -1));
  const rows = await db
    .select({ kpi, nodePath: planNode.path, setPosition: kpiSet.position })
    .from(kpi)
    .innerJoin(kpiSet, eq(kpi.kpiSetId, kpiSet.id))
    .innerJoin(planNode, eq(kpi.nodeId, planNode.id))
    .where(and(...conditions))
    .orderBy(asc(kpiSet.position), asc(kpi.position), asc(kpi.id));
  const ids = rows.map((r) => r.kpi.id);
  const actuals = ids.length
    ? await db
        .select()
        .from(kpiActual)
        .where(inArray(kpiActual.kpiId, ids))
        .orderBy(asc(kpiActual.fiscalYear))
    : [];
  const actualsByKpi = new Map<number, typeof actuals>();
  for (const a of actuals) {
    const list = actualsByKpi.get(a.kpiId) ?? [];
    list.push(a);
    actualsByKpi.set(a.kpiId, list);
  }
  const byPath = (a: string, b: string) => {
    const pa = a.split('.').map(Number);
    const pb = b.split('.').map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      const d = (pa[i] ?? -1) - (pb[i] ?? -1);
      if (d !== 0) return d;
    }
    return 0;
  };
  return rows
    .sort(
      (a, b) =>
        a.setPosition - b.setPosition || byPath(a.nodePath, b.nodePath) || a.kpi.position - b.kpi.position,
    )
    .map(({ kpi: k, nodePath }) => ({
      id: k.id,
      kpiSetId: k.kpiSetId,
      nodeId: k.nodeId,
      nodePath,
      code: k.code,
      name: k.name,
      unit: k.unit,
      ...(k.definition ? { definition: k.definition } : {}),
      ...(k.dataSource ? { dataSource: k.dataSource } : {}),
      ...(k.department ? { department: k.department } : {}),
      direction: k.direction,
      ...(k.baselineValue !== null && k.baselineYear !== null
        ? { baseline: { value: k.baselineValue, fiscalYear: k.baselineYear } }
        : {}),
      ...(k.targetValue !== null && k.targetYear !== null
        ? {
            target: {
              value: k.targetValue,
              fiscalYear: k.targetYear,
              comparator: k.targetComparator ?? (k.direction === 'decrease' ? 'lte' : 'gte'),
            },
          }
        : {}),
      ...(k.annualTargets?.length ? { annualTargets: k.annualTargets } : {}),
      cumulative: k.cumulative,
      ...(k.kind ? { kind: k.kind } : {}),
      actuals: (actualsByKpi.get(k.id) ?? []).map((a) => ({
        fiscalYear: a.fiscalYear,
        value: a.value,
        status: a.status,
        ...(a.note ? { note: a.note } : {}),
      })),
      illustrative: k.illustrative,
      administrativeStatus: k.administrativeStatus ?? null,
      version: k.version,
    }));
}
