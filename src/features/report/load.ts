/**
 * @module Council report inputs from the database
 * Every database read the council report needs for one fiscal year — the stored progress report,
 * its plan, the municipality, the evaluated KPI sets (the plan's and its linked 総合戦略's), their
 * plans' nodes and the node links — gathered here, so that the model builder in src/report/ stays
 * a pure function of {@link ReportInputs}. Reads through whatever `db` it is given: a request's
 * municipality transaction (row-level security) or the command line's handle; it adds no scoping.
 */

import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { loadProgressReport } from '../../db/report-store.ts';
import { municipality, planNode, report } from '../../db/schema.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { NotFoundError } from '../../errors.ts';
import type { ReportInputs, ReportKpiSet } from '../../report/inputs.ts';
import { evaluateReportKpiSets } from '../kpi/kpi-evaluation.ts';
import { loadNodeLinks } from '../strategy/import.ts';

/** Which report: a municipality's report on the results of a fiscal year, of one plan if given. */
export interface ReportKey {
  municipalityId: number;
  /** Fiscal year of the results (2023 for 令和5年度実績). */
  fiscalYear: number;
  /** The plan, when the year has reports on more than one. */
  planId?: number;
}

/**
 * Reads what the council report of a fiscal year is built from. Throws NotFoundError when there is no
 * report for that year, or its plan or municipality is missing.
 * @example const model = buildReportModel(await loadReportInputs(db, { municipalityId: 1, fiscalYear: 2023 }));
 */
export async function loadReportInputs(db: Database, key: ReportKey): Promise<ReportInputs> {
  const document = await loadProgressReport(db, key);
  if (!document)
    throw new NotFoundError(`${formatFiscalYear(key.fiscalYear)}（実績）の進捗報告書はありません`);
  const [reportRow] = await db
    .select({ planId: report.planId })
    .from(report)
    .where(
      and(
        eq(report.municipalityId, key.municipalityId),
        eq(report.fiscalYear, key.fiscalYear),
        key.planId ? eq(report.planId, key.planId) : undefined,
      ),
    );
  const [owner] = await db.select().from(municipality).where(eq(municipality.id, key.municipalityId));
  if (!reportRow || !owner) throw new NotFoundError('報告書の計画が見つかりません');
  const planId = reportRow.planId;
  // The evaluation's own shape fits the report's: checked here, where both are known.
  const kpiSets: ReportKpiSet[] = await evaluateReportKpiSets(db, { planId, fiscalYear: key.fiscalYear });
  const planIds = [...new Set([planId, ...kpiSets.map((s) => s.plan.id)])];
  const planNodes = await db
    .select({
      id: planNode.id,
      planId: planNode.planId,
      path: planNode.path,
      level: planNode.level,
      number: planNode.number,
    })
    .from(planNode)
    .where(inArray(planNode.planId, planIds));
  const links = await loadNodeLinks(db, planId);
  return {
    fiscalYear: key.fiscalYear,
    municipality: { name: owner.name, localGovCode: owner.localGovCode },
    planId,
    document,
    kpiSets,
    planNodes,
    nodeLinks: [...links].flatMap(([nodeId, views]) =>
      views.map((view) => ({ nodeId, linkedNodeId: view.nodeId })),
    ),
  };
}
