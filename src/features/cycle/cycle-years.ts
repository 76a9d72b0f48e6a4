/**
 * @module Years a cycle can be opened for
 * The 進捗調査 open form's year list and its default, worked out on the server from the plan's
 * first year, its years with data, the years already opened and today's date (the request's
 * `scope.today`, so tests choose the day). Results are collected after a fiscal year ends, so the
 * year to open is usually the one that just ended, a year nobody has imported anything for.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { fiscalCycle, plan } from '../../db/schema.ts';
import { fiscalYearOf, formatFiscalYear } from '../../domain/calendar/index.ts';
import { NotFoundError } from '../../errors.ts';
import { listPlanPeriods, planYears } from '../plan/periods.ts';
import type { OpenableYears } from './contract.ts';

export interface OpenableYearsInput {
  /** The plan's first fiscal year (its earliest period's start); null when no period says. */
  firstYear: number | null;
  /** Years the plan has data for (progress, actuals, a report, a cycle). */
  dataYears: readonly number[];
  /** Years that already have a cycle. */
  taken: readonly number[];
  /** 'yyyy-mm-dd' in Japan. */
  today: string;
}

/**
 * The years a cycle can be opened for, newest first: every year from the plan's first year (without
 * one, its earliest year with data; without data, the year that just ended) to the year after the
 * current one (a new year is started without any file), and every other year with data — but no year
 * that already has a cycle. The default is the fiscal year that just ended when it is still free,
 * else the next free year after it, else the newest free year.
 * @example openableYears({ firstYear: 2022, dataYears: [2020, 2023], taken: [2023], today: '2026-12-06' })
 * // { years: [2027, 2026, 2025, 2024, 2022, 2020], defaultYear: 2025 }
 */
export function openableYears(input: OpenableYearsInput): { years: number[]; defaultYear: number | null } {
  const current = fiscalYearOf(input.today);
  const ended = current - 1;
  const first = input.firstYear ?? (input.dataYears.length > 0 ? Math.min(...input.dataYears) : ended);
  const offered = new Set(input.dataYears);
  for (let year = Math.min(first, current + 1); year <= current + 1; year++) offered.add(year);
  const years = [...offered].filter((year) => !input.taken.includes(year)).sort((a, b) => b - a);
  const after = years.filter((year) => year >= ended);
  const defaultYear = after.length > 0 ? (after.at(-1) ?? null) : (years[0] ?? null);
  return { years, defaultYear };
}

/**
 * The open form's years for a plan on `today`. A 総合戦略 linked to a 総合計画 offers none: its KPIs
 * are collected in the linked plan's cycle.
 */
export async function loadOpenableYears(db: Database, planId: number, today: string): Promise<OpenableYears> {
  const [p] = await db.select().from(plan).where(eq(plan.id, planId));
  if (!p) throw new NotFoundError(`計画（ID ${planId}）はありません`);
  if (p.kind === 'strategy' && p.linkedPlanId !== null) return { openableYears: [], defaultYear: null };
  const starts = (await listPlanPeriods(db, planId))
    .map((period) => period.startYear)
    .filter((year): year is number => year !== undefined);
  const cycles = await db
    .select({ fiscalYear: fiscalCycle.fiscalYear })
    .from(fiscalCycle)
    .where(eq(fiscalCycle.planId, planId));
  const { years, defaultYear } = openableYears({
    firstYear: starts.length > 0 ? Math.min(...starts) : null,
    dataYears: (await planYears(db)).get(planId)?.fiscalYears ?? [],
    taken: cycles.map((c) => c.fiscalYear),
    today,
  });
  return {
    openableYears: years.map((fiscalYear) => ({ fiscalYear, fiscalYearLabel: formatFiscalYear(fiscalYear) })),
    defaultYear,
  };
}
