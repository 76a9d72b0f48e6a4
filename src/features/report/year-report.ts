/**
 * @module A new year's report
 * A year started in the app (進捗調査 opened for a year nobody imported) needs its report row — the
 * cover's title and the legend's headings — before its report can be built. It is derived from the
 * plan's latest earlier report, with the year labels moved on; without one, from the plan's name.
 * The council meeting (and so the cover's date) is added later as data.
 */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type ChangeContext, insertLogged } from '../../db/history.ts';
import { plan, report } from '../../db/schema.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { progressHeadings } from '../../domain/plan/progress-headings.ts';
import type { ReportLegend } from '../../domain/plan/types.ts';

/** The subtitle of a year's report: 令和7年度（令和6年度実績）. */
export function reportSubtitle(fiscalYear: number): string {
  return `${formatFiscalYear(fiscalYear + 1)}（${formatFiscalYear(fiscalYear)}実績）`;
}

const DEFAULT_LEGEND = {
  heading: '次ページからの記載事項',
  goalLabel: '基本目標名',
  policyLabel: '基本方針名',
  measuresLabel: '①施策名 / ②施策名 / ……',
  resultsDescription: [],
  directionsDescription: [],
} satisfies Omit<ReportLegend, 'resultsHeading' | 'directionsHeading'>;

/**
 * Creates the report row of `fiscalYear` for the plan unless one exists; returns whether it did.
 * @example await ensureYearReport(tx, ctx, planId, 2024) // true: 令和6年度 now has a report row
 */
export async function ensureYearReport(
  db: Database,
  ctx: ChangeContext,
  planId: number,
  fiscalYear: number,
): Promise<boolean> {
  const [existing] = await db
    .select({ id: report.id })
    .from(report)
    .where(and(eq(report.planId, planId), eq(report.fiscalYear, fiscalYear)));
  if (existing) return false;
  const [earlier] = await db
    .select()
    .from(report)
    .where(and(eq(report.planId, planId), lt(report.fiscalYear, fiscalYear)))
    .orderBy(desc(report.fiscalYear))
    .limit(1);
  const [planRow] = await db.select({ name: plan.name }).from(plan).where(eq(plan.id, planId));
  const headings = progressHeadings(fiscalYear);
  await insertLogged(
    db,
    report,
    'report',
    {
      municipalityId: ctx.municipalityId,
      planId,
      fiscalYear,
      periodName: earlier?.periodName ?? null,
      title: earlier?.title ?? `${planRow?.name ?? ''}の進捗状況について`,
      subtitle: reportSubtitle(fiscalYear),
      date: '',
      councilMeeting: '',
      kpiSectionHeading: earlier?.kpiSectionHeading ?? '',
      legend: { ...DEFAULT_LEGEND, ...earlier?.legend, ...headings },
    },
    ctx,
  );
  return true;
}
