/**
 * @module Year lock
 * A closed (確定) fiscal year refuses every write to its texts and KPI actuals. Every use case that
 * writes a year's data calls one of these before writing, inside the same transaction, so a close
 * that commits first wins and the write after it is refused with a clear message.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { updateLogged } from '../../db/history.ts';
import {
  department,
  departmentSubmission,
  fiscalCycle,
  kpi,
  kpiSet,
  plan,
  planNode,
} from '../../db/schema.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { ConflictError, YearClosedError } from '../../errors.ts';
import { actorOf, type Scope } from '../auth/session.ts';

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
 * The one check before writing a year's texts or actuals: the year must not be closed (423). While
 * the plan's cycle for the year is open, a 担当課 user's write to its department's part is refused
 * (409) once that part is submitted or approved, and moves a part from 未着手/差戻し to 入力中.
 * The planning division may still write (a correction before approval); its writes, and those
 * without a scope (imports, the CLI), leave the part's state alone.
 */
export async function beforeYearWrite(db: Database, write: YearWrite, scope?: Scope): Promise<void> {
  await assertYearOpen(db, write.planId, write.fiscalYear);
  if (write.departmentId === null || scope?.role !== 'department') return;
  const governing = await cyclePlanOf(db, write.planId);
  const [found] = await db
    .select({ part: departmentSubmission, name: department.name })
    .from(departmentSubmission)
    .innerJoin(fiscalCycle, eq(departmentSubmission.cycleId, fiscalCycle.id))
    .innerJoin(department, eq(departmentSubmission.departmentId, department.id))
    .where(
      and(
        eq(fiscalCycle.planId, governing),
        eq(fiscalCycle.fiscalYear, write.fiscalYear),
        eq(fiscalCycle.state, 'open'),
        eq(departmentSubmission.departmentId, write.departmentId),
      ),
    );
  if (!found) return;
  const { part, name } = found;
  if (part.state === 'submitted' || part.state === 'approved') {
    const done = part.state === 'submitted' ? '提出済み' : '承認済み';
    throw new ConflictError(
      `${name}の${formatFiscalYear(write.fiscalYear)}の分は${done}のため変更できません。変更が必要な場合は企画課に差戻しを依頼してください。`,
    );
  }
  if (part.state === 'not-started' || part.state === 'returned') {
    const actor = actorOf(scope);
    await updateLogged(
      db,
      departmentSubmission,
      'department_submission',
      part,
      // The 差戻し理由 stays while the department corrects its part; submitting clears it.
      { state: 'in-progress', changedAt: new Date(), changedBy: actor },
      { municipalityId: scope.municipalityId, actor, expectedVersion: part.version },
    );
  }
}
