/**
 * @module Published snapshot
 * What a publication freezes: the council report's inputs and its model for one plan and fiscal
 * year, as plain JSON. The public portal, the open data and the embeds read only this, so a change
 * made after publication cannot reach a citizen until the year is published again. Council
 * comments are left out (they are the council's working papers, not the city's published results)
 * and so are actuals of later years (the year is published as it was).
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { plan } from '../../db/schema.ts';
import { NotFoundError } from '../../errors.ts';
import { buildReportModel } from '../../report/build.ts';
import type { ReportInputs } from '../../report/inputs.ts';
import type { ReportModel } from '../../report/model.ts';
import { loadReportInputs } from '../report/load.ts';

/** The version of the snapshot's shape; readers refuse one they do not know. */
export const SNAPSHOT_FORMAT = 1;

/** One published plan year, frozen. */
export interface PublishedSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  municipality: { name: string; localGovCode: string };
  plan: { id: number; name: string };
  /** Fiscal year of the results (2023 = 令和5年度). */
  fiscalYear: number;
  /**
   * The report's inputs: every KPI (with its database `id`, stable across revisions, and its
   * actuals up to the year), the KPI sets' schemes, grades and roll-ups, the plan's texts.
   */
  inputs: ReportInputs;
  /** The report model built from them: every label as printed (和暦, grades, ①…). */
  model: ReportModel;
}

/** A published KPI's id (the KPI's database id), present on every snapshot KPI. */
export const kpiIdOf = (kpi: object): number => (kpi as { id?: number }).id ?? 0;

/**
 * Reads the plan year as it stands and freezes it. Throws NotFoundError when the year has no report.
 * @example const snapshot = await takeSnapshot(tx, { municipalityId: 1, planId: 1, fiscalYear: 2023 });
 */
export async function takeSnapshot(
  db: Database,
  key: { municipalityId: number; planId: number; fiscalYear: number },
): Promise<PublishedSnapshot> {
  const loaded = await loadReportInputs(db, key);
  const [planRow] = await db
    .select({ id: plan.id, name: plan.name })
    .from(plan)
    .where(eq(plan.id, key.planId));
  if (!planRow) throw new NotFoundError('計画が見つかりません');
  const inputs: ReportInputs = {
    ...loaded,
    councilComments: [],
    // A published year is never a draft: only a closed (確定) year is published.
    cycleState: 'closed',
    kpiSets: loaded.kpiSets.map((set) => ({
      ...set,
      kpis: set.kpis.map((entry) => ({
        ...entry,
        kpi: { ...entry.kpi, actuals: entry.kpi.actuals.filter((a) => a.fiscalYear <= key.fiscalYear) },
      })),
    })),
  };
  const model = buildReportModel(inputs, { councilComments: false });
  // Through JSON once, so the snapshot in hand is exactly what the database will give back.
  return JSON.parse(
    JSON.stringify({
      format: SNAPSHOT_FORMAT,
      municipality: { name: model.municipality.name, localGovCode: model.municipality.localGovCode },
      plan: planRow,
      fiscalYear: key.fiscalYear,
      inputs,
      model,
    } satisfies PublishedSnapshot),
  ) as PublishedSnapshot;
}
