/**
 * @module Council report inputs from the database
 * Every database read the council report needs for one fiscal year — the stored progress report,
 * its plan, the municipality, the evaluated KPI sets (the plan's and its linked 総合戦略's), their
 * plans' nodes and the node links — gathered here, so that the model builder in src/report/ stays
 * a pure function of {@link ReportInputs}. Reads through whatever `db` it is given: a request's
 * municipality transaction (row-level security) or the command line's handle; it adds no scoping.
 */

import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { loadProgressReport } from '../../db/report-store.ts';
import { councilComment, fiscalCycle, kpi, municipality, planNode, report } from '../../db/schema.ts';
import { formatFiscalYear, formatWarekiDate } from '../../domain/calendar/index.ts';
import { NotFoundError } from '../../errors.ts';
import type { ReportCouncilComment, ReportInputs, ReportKpiSet } from '../../report/inputs.ts';
import { meetingForReport, meetingLabel } from '../council/meetings.ts';
import { evaluateReportKpiSets } from '../kpi/kpi-evaluation.ts';
import { loadNodeLinks } from '../strategy/import.ts';
import type { ReportStatus } from './contract.ts';

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
  const meeting = await meetingForReport(db, { planId, fiscalYear: key.fiscalYear });
  const [cycle] = await db
    .select({ state: fiscalCycle.state })
    .from(fiscalCycle)
    .where(and(eq(fiscalCycle.planId, planId), eq(fiscalCycle.fiscalYear, key.fiscalYear)));
  const councilComments = await loadCouncilComments(db, planId, key.fiscalYear);
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
    councilMeeting: meeting
      ? { number: meeting.number, heldOn: meeting.heldOn, councilName: meeting.councilName }
      : null,
    councilComments,
    cycleState: cycle?.state ?? null,
  };
}

/** The council's comments on a plan's report year, with what each concerns (node or KPI). */
async function loadCouncilComments(
  db: Database,
  planId: number,
  fiscalYear: number,
): Promise<ReportCouncilComment[]> {
  const rows = await db
    .select()
    .from(councilComment)
    .where(and(eq(councilComment.planId, planId), eq(councilComment.fiscalYear, fiscalYear)))
    .orderBy(asc(councilComment.createdAt), asc(councilComment.id));
  if (rows.length === 0) return [];
  const nodeIds = rows.flatMap((r) => (r.nodeId === null ? [] : [r.nodeId]));
  const kpiIds = rows.flatMap((r) => (r.kpiId === null ? [] : [r.kpiId]));
  const nodes = nodeIds.length
    ? await db
        .select({ id: planNode.id, planId: planNode.planId, path: planNode.path, title: planNode.title })
        .from(planNode)
        .where(inArray(planNode.id, nodeIds))
    : [];
  const kpis = kpiIds.length
    ? await db
        .select({ id: kpi.id, name: kpi.name, planId: planNode.planId, nodePath: planNode.path })
        .from(kpi)
        .innerJoin(planNode, eq(kpi.nodeId, planNode.id))
        .where(inArray(kpi.id, kpiIds))
    : [];
  return rows.flatMap((row): ReportCouncilComment[] => {
    const common = { id: row.id, body: row.body, response: row.response };
    const node = nodes.find((n) => n.id === row.nodeId);
    if (node) {
      return [
        { ...common, subject: { kind: 'node', planId: node.planId, path: node.path, title: node.title } },
      ];
    }
    const k = kpis.find((x) => x.id === row.kpiId);
    if (k)
      return [{ ...common, subject: { kind: 'kpi', planId: k.planId, nodePath: k.nodePath, name: k.name } }];
    return [];
  });
}

/** What each state of the year's cycle makes of the report, as the report screen says it. */
const BASIS_LABELS: Record<ReportStatus['cycle'], string> = {
  closed: '確定した年度のデータから作成',
  open: '案（年度未確定）',
  none: '取り込んだデータから作成（進捗調査の記録なし）',
};

/**
 * Whether a year's report is a draft, which meeting its cover names and how many council comments it
 * holds — without building it. Throws NotFoundError when there is no report for that year.
 */
export async function loadReportStatus(db: Database, key: ReportKey): Promise<ReportStatus> {
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
  if (!reportRow) {
    throw new NotFoundError(`${formatFiscalYear(key.fiscalYear)}（実績）の進捗報告書はありません`);
  }
  const planId = reportRow.planId;
  const [cycle] = await db
    .select({ state: fiscalCycle.state })
    .from(fiscalCycle)
    .where(and(eq(fiscalCycle.planId, planId), eq(fiscalCycle.fiscalYear, key.fiscalYear)));
  const meeting = await meetingForReport(db, { planId, fiscalYear: key.fiscalYear });
  const comments = await db
    .select({ response: councilComment.response })
    .from(councilComment)
    .where(and(eq(councilComment.planId, planId), eq(councilComment.fiscalYear, key.fiscalYear)));
  const state = cycle?.state ?? 'none';
  return {
    fiscalYear: key.fiscalYear,
    fiscalYearLabel: formatFiscalYear(key.fiscalYear),
    planId,
    cycle: state,
    draft: state === 'open',
    basisLabel: BASIS_LABELS[state],
    councilMeeting: meeting
      ? { label: meetingLabel(meeting), dateLabel: formatWarekiDate(meeting.heldOn) }
      : null,
    councilComments: comments.length,
    answeredComments: comments.filter((c) => c.response !== null).length,
  };
}
