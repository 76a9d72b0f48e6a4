/**
 * @module Year lock
 * A closed (確定) fiscal year refuses every write to its texts and KPI actuals. Every use case that
 * writes a year's data calls one of these before writing, inside the same transaction, so a close
 * that commits first wins and the write after it is refused with a clear message.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { fiscalCycle, kpi, kpiSet, plan, planNode } from '../../db/schema.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { YearClosedError } from '../../errors.ts';

/**
 * The plan whose cycle governs `planId`: a 総合戦略 reports in its linked 総合計画's report, so
 * its KPIs follow that plan's cycle.
 */
export async function cyclePlanOf(db: Database, planId: number): Promise<number> {
  const [row] = await db
    .select({ kind: plan.kind, linkedPlanId: plan.linkedPlanId })
    .from(plan)
    .where(eq(plan.id, planId));
  return row?.kind === 'strategy' && row.linkedPlanId !== null ? row.linkedPlanId : planId;
}

/** Refuses (423) when the plan's cycle for `fiscalYear` is closed. */
export async function assertYearOpen(db: Database, planId: number, fiscalYear: number): Promise<void> {
  const governing = await cyclePlanOf(db, planId);
  const [cycle] = await db
    .select({ state: fiscalCycle.state })
    .from(fiscalCycle)
    .where(and(eq(fiscalCycle.planId, governing), eq(fiscalCycle.fiscalYear, fiscalYear)));
  if (cycle?.state === 'closed') {
    throw new YearClosedError(
      `${formatFiscalYear(fiscalYear)}は確定済みのため変更できません。変更が必要な場合は企画課に年度の再開を依頼してください。`,
    );
  }
}

/** `assertYearOpen` for the plan a node belongs to. */
export async function assertNodeYearOpen(db: Database, nodeId: number, fiscalYear: number): Promise<void> {
  const [row] = await db.select({ planId: planNode.planId }).from(planNode).where(eq(planNode.id, nodeId));
  if (row) await assertYearOpen(db, row.planId, fiscalYear);
}

/** `assertYearOpen` for the plan a KPI's set belongs to. */
export async function assertKpiYearOpen(db: Database, kpiId: number, fiscalYear: number): Promise<void> {
  const [row] = await db
    .select({ planId: kpiSet.planId })
    .from(kpi)
    .innerJoin(kpiSet, eq(kpi.kpiSetId, kpiSet.id))
    .where(eq(kpi.id, kpiId));
  if (row) await assertYearOpen(db, row.planId, fiscalYear);
}

/** What a write touches: a plan's fiscal year, and the department whose part it belongs to. */
export interface YearWrite {
  planId: number;
  fiscalYear: number;
  /** The 担当課 whose part this is (the node's or KPI's effective department); null = none. */
  departmentId: number | null;
}

/**
 * The one check before writing a year's texts or actuals: the year must not be closed; the cycle
 * feature also refuses a department's write while its part is submitted or approved, and moves a
 * part from 未着手/差戻し to 入力中 when its department starts writing.
 */
export async function beforeYearWrite(db: Database, write: YearWrite): Promise<void> {
  await assertYearOpen(db, write.planId, write.fiscalYear);
}
