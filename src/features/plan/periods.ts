/**
 * @module Plan periods
 * 基本構想 (vision) and 前期／後期基本計画 (basic-plan halves) with their fiscal-year ranges, and the
 * fiscal years a plan offers in its year lists.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { insertLogged, updateLogged } from '../../db/history.ts';
import {
  fiscalCycle,
  kpi,
  kpiActual,
  kpiSet,
  plan,
  planNode,
  planPeriod,
  progressRecord,
  report,
} from '../../db/schema.ts';
import { parseFiscalYear } from '../../domain/calendar/index.ts';
import type { PlanPeriod, PlanPeriodKind } from '../../domain/plan/types.ts';
import { UserError } from '../../services/municipality.ts';

export interface PeriodInput {
  planName?: string;
  name: string;
  kind: PlanPeriodKind;
  /** As written by users: 令和4年度, R4, 2022 … */
  from: string;
  to: string;
}

/**
 * Sets (creates or updates) a period of a municipality's plan. One transaction, logged.
 * @example await setPlanPeriod(db, 1, { name: '前期基本計画', kind: 'basic-plan', from: 'R4', to: 'R8' }, 'cli');
 */
export async function setPlanPeriod(
  db: Database,
  municipalityId: number,
  input: PeriodInput,
  actor: string,
): Promise<PlanPeriod> {
  const startYear = parseFiscalYear(input.from);
  const endYear = parseFiscalYear(input.to);
  if (startYear === null)
    throw new UserError(`開始年度が読めません: 「${input.from}」（例: 令和4年度、R4、2022）`);
  if (endYear === null)
    throw new UserError(`終了年度が読めません: 「${input.to}」（例: 令和8年度、R8、2026）`);
  if (endYear < startYear) throw new UserError(`終了年度（${endYear}）が開始年度（${startYear}）より前です`);
  return db.transaction(async (tx) => {
    const plans = await tx
      .select()
      .from(plan)
      .where(
        and(
          eq(plan.municipalityId, municipalityId),
          input.planName ? eq(plan.name, input.planName) : undefined,
        ),
      );
    if (plans.length !== 1 || !plans[0]) {
      throw new UserError(
        plans.length === 0
          ? `計画${input.planName ? `「${input.planName}」` : ''}が見つかりません`
          : '計画が複数あります。--plan で計画名を指定してください',
      );
    }
    const planId = plans[0].id;
    const ctx = { municipalityId, actor };
    const [before] = await tx
      .select()
      .from(planPeriod)
      .where(and(eq(planPeriod.planId, planId), eq(planPeriod.name, input.name)));
    const values = { kind: input.kind, startYear, endYear };
    if (before) await updateLogged(tx, planPeriod, 'plan_period', before, values, ctx);
    else
      await insertLogged(
        tx,
        planPeriod,
        'plan_period',
        { municipalityId, planId, name: input.name, ...values },
        ctx,
      );
    return { name: input.name, kind: input.kind, startYear, endYear };
  });
}

/** The periods of a plan, ordered by start year. */
export async function listPlanPeriods(db: Database, planId: number): Promise<PlanPeriod[]> {
  const rows = await db
    .select()
    .from(planPeriod)
    .where(eq(planPeriod.planId, planId))
    .orderBy(asc(planPeriod.startYear));
  return rows.map((r) => ({
    name: r.name,
    kind: r.kind,
    ...(r.startYear !== null ? { startYear: r.startYear } : {}),
    ...(r.endYear !== null ? { endYear: r.endYear } : {}),
  }));
}

/** The fiscal years a plan offers: every year with data or a cycle, and the years with a report. */
export interface PlanYears {
  /** Years with progress records, KPI actuals of the plan's KPI sets, a report or a cycle (ascending). */
  fiscalYears: number[];
  /** Years with a stored progress report (ascending). */
  reportYears: number[];
}

/**
 * The fiscal years of every plan the database shows (a request's transaction: its municipality's).
 * A year counts once anything is recorded for it — so a year with only KPI actuals (a 総合戦略 has
 * nothing else), or a year whose cycle was just opened with nothing written yet, can be chosen.
 * @example (await planYears(db)).get(1)?.fiscalYears // [2020, 2021, 2022, 2023]
 */
export async function planYears(db: Database): Promise<Map<number, PlanYears>> {
  // One after another: a request's transaction is one connection, which runs one query at a time
  // (node-postgres warns about, and version 9 refuses, queries sent while one is running).
  const progressYears = await db
    .selectDistinct({ planId: planNode.planId, fiscalYear: progressRecord.fiscalYear })
    .from(progressRecord)
    .innerJoin(planNode, eq(progressRecord.nodeId, planNode.id));
  const kpiYears = await db
    .selectDistinct({ planId: kpiSet.planId, fiscalYear: kpiActual.fiscalYear })
    .from(kpiActual)
    .innerJoin(kpi, eq(kpiActual.kpiId, kpi.id))
    .innerJoin(kpiSet, eq(kpi.kpiSetId, kpiSet.id));
  const reportYears = await db
    .selectDistinct({ planId: report.planId, fiscalYear: report.fiscalYear })
    .from(report);
  const cycleYears = await db
    .selectDistinct({ planId: fiscalCycle.planId, fiscalYear: fiscalCycle.fiscalYear })
    .from(fiscalCycle);
  const years = new Map<number, PlanYears>();
  const add = (rows: { planId: number; fiscalYear: number }[], reports: boolean) => {
    for (const { planId, fiscalYear } of rows) {
      let entry = years.get(planId);
      if (!entry) {
        entry = { fiscalYears: [], reportYears: [] };
        years.set(planId, entry);
      }
      if (!entry.fiscalYears.includes(fiscalYear)) entry.fiscalYears.push(fiscalYear);
      if (reports && !entry.reportYears.includes(fiscalYear)) entry.reportYears.push(fiscalYear);
    }
  };
  add(progressYears, false);
  add(kpiYears, false);
  add(reportYears, true);
  add(cycleYears, false);
  for (const entry of years.values()) {
    entry.fiscalYears.sort((a, b) => a - b);
    entry.reportYears.sort((a, b) => a - b);
  }
  return years;
}
