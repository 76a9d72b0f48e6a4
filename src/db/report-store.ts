/**
 * @module Progress report persistence
 * Saves a parsed progress report (plan, hierarchy, progress records, report cover) in one
 * transaction, updating in place on re-import, and loads it back as a document for export.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { nodeLabel } from '../domain/plan/numbering.ts';
import type { PlanLevel, ProgressReportDocument, ReportNode } from '../domain/plan/types.ts';
import type { Database } from './client.ts';
import { type ChangeContext, insertLogged, updateLogged } from './history.ts';
import {
  changeLog,
  kpiSet,
  municipality,
  plan,
  planNode,
  planPeriod,
  progressRecord,
  report,
} from './schema.ts';

/** Refused import: the file is consistent on its own but does not fit what the database holds. */
export class ImportConflictError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ImportConflictError';
  }
}

export interface ImportSummary {
  planId: number;
  fiscalYear: number;
  goals: number;
  policies: number;
  measures: number;
  items: number;
  created: number;
  updated: number;
}

type NodeRow = typeof planNode.$inferSelect;

/**
 * Saves a progress report for a municipality. One transaction: on any error nothing is written.
 * Plan nodes are matched by their numbers (path), so re-importing updates in place.
 */
export async function saveProgressReport(
  db: Database,
  doc: ProgressReportDocument,
  ctx: ChangeContext,
): Promise<ImportSummary> {
  return db.transaction(async (tx) => {
    const counts = { created: 0, updated: 0 };
    const track = <T extends { version: number }>(row: T, isNew: boolean, previousVersion?: number) => {
      if (isNew) counts.created++;
      else if (row.version !== previousVersion) counts.updated++;
      return row;
    };

    const [planRow0] = await tx
      .select()
      .from(plan)
      .where(and(eq(plan.municipalityId, ctx.municipalityId), eq(plan.name, doc.plan.name)));
    let planRow: typeof plan.$inferSelect;
    if (planRow0) {
      assertSameLevels(planRow0.levels, doc.plan.levels);
      planRow = planRow0;
    } else {
      planRow = track(
        await insertLogged(
          tx,
          plan,
          'plan',
          {
            municipalityId: ctx.municipalityId,
            name: doc.plan.name,
            levels: doc.plan.levels,
            progressLevel: doc.plan.progressLevel,
          },
          ctx,
        ),
        true,
      );
    }

    if (doc.periodName) {
      const [period] = await tx
        .select()
        .from(planPeriod)
        .where(and(eq(planPeriod.planId, planRow.id), eq(planPeriod.name, doc.periodName)));
      if (!period) {
        track(
          await insertLogged(
            tx,
            planPeriod,
            'plan_period',
            {
              municipalityId: ctx.municipalityId,
              planId: planRow.id,
              kind: 'basic-plan',
              name: doc.periodName,
            },
            ctx,
          ),
          true,
        );
      }
    }

    // Hierarchy: every node the plan already has must be in the file (nothing is deleted here).
    const existing = new Map<string, NodeRow>();
    for (const row of await tx.select().from(planNode).where(eq(planNode.planId, planRow.id))) {
      existing.set(row.path, row);
    }
    const seen = new Set<string>();
    const progressByNode: Array<{ nodeId: number; node: ReportNode }> = [];
    const saveNodes = async (nodes: ReportNode[], parent: NodeRow | undefined) => {
      for (const node of nodes) {
        const path = parent ? `${parent.path}.${node.number}` : String(node.number);
        seen.add(path);
        const before = existing.get(path);
        const row = before
          ? track(
              await updateLogged(tx, planNode, 'plan_node', before, { title: node.title }, ctx),
              false,
              before.version,
            )
          : track(
              await insertLogged(
                tx,
                planNode,
                'plan_node',
                {
                  municipalityId: ctx.municipalityId,
                  planId: planRow.id,
                  parentId: parent?.id ?? null,
                  path,
                  level: node.level,
                  number: node.number,
                  title: node.title,
                },
                ctx,
              ),
              true,
            );
        if (node.progress) progressByNode.push({ nodeId: row.id, node });
        await saveNodes(node.children, row);
      }
    };
    await saveNodes(doc.nodes, undefined);
    const missing = [...existing.values()].filter((row) => !seen.has(row.path));
    if (missing.length > 0) {
      // Name the topmost missing nodes only: their descendants are missing with them.
      const missingPaths = new Set(missing.map((row) => row.path));
      const topmost = missing.filter((row) => !missingPaths.has(row.path.split('.').slice(0, -1).join('.')));
      throw new ImportConflictError(
        topmost.map((row) => {
          const level = doc.plan.levels[row.level - 1] ?? { name: '', numbering: 'arabic' as const };
          return `登録済みの${level.name}「${nodeLabel(level, row.number)} ${row.title}」がファイルにありません（配下を含む）。ファイルが途中で切れていないか確認してください。`;
        }),
      );
    }

    // Progress records of the report's year.
    const fiscalYear = doc.report.fiscalYear;
    const nodeIds = progressByNode.map((p) => p.nodeId);
    const records = new Map(
      (nodeIds.length
        ? await tx
            .select()
            .from(progressRecord)
            .where(and(inArray(progressRecord.nodeId, nodeIds), eq(progressRecord.fiscalYear, fiscalYear)))
        : []
      ).map((r) => [r.nodeId, r]),
    );
    for (const { nodeId, node } of progressByNode) {
      const progress = node.progress as NonNullable<ReportNode['progress']>;
      const before = records.get(nodeId);
      const values = { results: progress.results, directions: progress.directions };
      if (before) {
        track(
          await updateLogged(tx, progressRecord, 'progress_record', before, values, ctx),
          false,
          before.version,
        );
      } else {
        track(
          await insertLogged(
            tx,
            progressRecord,
            'progress_record',
            { municipalityId: ctx.municipalityId, nodeId, fiscalYear, ...values },
            ctx,
          ),
          true,
        );
      }
    }

    // KPI sets named in the report's KPI section (their KPIs come from the KPI import).
    const sets = await tx.select().from(kpiSet).where(eq(kpiSet.planId, planRow.id));
    for (const [position, name] of doc.report.kpiSetNames.entries()) {
      if (!sets.some((s) => s.name === name)) {
        track(
          await insertLogged(
            tx,
            kpiSet,
            'kpi_set',
            {
              municipalityId: ctx.municipalityId,
              planId: planRow.id,
              code: name,
              name,
              position: position + 1,
            },
            ctx,
          ),
          true,
        );
      }
    }

    // The report's cover and legend.
    const { fiscalYear: _year, kpiSetNames: _names, ...cover } = doc.report;
    const reportValues = { ...cover, periodName: doc.periodName ?? null };
    const [reportBefore] = await tx
      .select()
      .from(report)
      .where(and(eq(report.planId, planRow.id), eq(report.fiscalYear, fiscalYear)));
    if (reportBefore) {
      track(
        await updateLogged(tx, report, 'report', reportBefore, reportValues, ctx),
        false,
        reportBefore.version,
      );
    } else {
      track(
        await insertLogged(
          tx,
          report,
          'report',
          { municipalityId: ctx.municipalityId, planId: planRow.id, fiscalYear, ...reportValues },
          ctx,
        ),
        true,
      );
    }

    return { planId: planRow.id, fiscalYear, ...countDocument(doc), ...counts };
  });
}

/** Counts goals, policies, measures and list items of a document (levels 1–3). */
export function countDocument(doc: ProgressReportDocument) {
  const counts = { goals: 0, policies: 0, measures: 0, items: 0 };
  const walk = (nodes: ReportNode[]) => {
    for (const n of nodes) {
      if (n.level === 1) counts.goals++;
      else if (n.level === 2) counts.policies++;
      else counts.measures++;
      if (n.progress) counts.items += n.progress.results.length + n.progress.directions.length;
      walk(n.children);
    }
  };
  walk(doc.nodes);
  return counts;
}

function assertSameLevels(stored: PlanLevel[], incoming: PlanLevel[]) {
  const names = (levels: PlanLevel[]) => levels.map((l) => l.name).join(' → ');
  if (names(stored) !== names(incoming).slice(0, names(stored).length)) {
    throw new ImportConflictError([
      `計画の階層（${names(stored)}）とファイルの階層（${names(incoming)}）が一致しません`,
    ]);
  }
}

/** Which plan and year to load. */
export interface ReportKey {
  municipalityId: number;
  fiscalYear: number;
  planId?: number;
}

/**
 * Loads the progress report of a fiscal year as a document, or null when there is none.
 */
export async function loadProgressReport(
  db: Database,
  key: ReportKey,
): Promise<ProgressReportDocument | null> {
  const reports = await db
    .select()
    .from(report)
    .where(
      and(
        eq(report.municipalityId, key.municipalityId),
        eq(report.fiscalYear, key.fiscalYear),
        key.planId ? eq(report.planId, key.planId) : undefined,
      ),
    );
  const reportRow = reports[0];
  if (!reportRow) return null;
  if (reports.length > 1) {
    throw new Error(`${key.fiscalYear}年度の報告書が複数の計画にあります。計画を指定してください。`);
  }
  const [planRow] = await db.select().from(plan).where(eq(plan.id, reportRow.planId));
  if (!planRow) return null;
  const nodes = await db
    .select()
    .from(planNode)
    .where(eq(planNode.planId, planRow.id))
    .orderBy(asc(planNode.level), asc(planNode.number));
  const records = nodes.length
    ? await db
        .select()
        .from(progressRecord)
        .where(
          and(
            inArray(
              progressRecord.nodeId,
              nodes.map((n) => n.id),
            ),
            eq(progressRecord.fiscalYear, key.fiscalYear),
          ),
        )
    : [];
  const sets = await db
    .select()
    .from(kpiSet)
    .where(eq(kpiSet.planId, planRow.id))
    .orderBy(asc(kpiSet.position));
  return {
    plan: { name: planRow.name, levels: planRow.levels, progressLevel: planRow.progressLevel },
    ...(reportRow.periodName ? { periodName: reportRow.periodName } : {}),
    report: {
      title: reportRow.title,
      subtitle: reportRow.subtitle,
      fiscalYear: reportRow.fiscalYear,
      date: reportRow.date,
      councilMeeting: reportRow.councilMeeting,
      kpiSectionHeading: reportRow.kpiSectionHeading,
      kpiSetNames: sets.map((s) => s.name),
      legend: reportRow.legend,
    },
    nodes: buildTree(nodes, records),
  };
}

function buildTree(rows: NodeRow[], records: Array<typeof progressRecord.$inferSelect>): ReportNode[] {
  const byParent = new Map<number | null, NodeRow[]>();
  for (const row of rows) {
    const list = byParent.get(row.parentId) ?? [];
    list.push(row);
    byParent.set(row.parentId, list);
  }
  const recordByNode = new Map(records.map((r) => [r.nodeId, r]));
  const build = (parentId: number | null): ReportNode[] =>
    (byParent.get(parentId) ?? [])
      .sort((a, b) => a.number - b.number)
      .map((row) => {
        const record = recordByNode.get(row.id);
        return {
          level: row.level,
          number: row.number,
          title: row.title,
          ...(record
            ? {
                progress: {
                  fiscalYear: record.fiscalYear,
                  results: record.results,
                  directions: record.directions,
                },
              }
            : {}),
          children: build(row.id),
        };
      });
  return build(null);
}

/** Finds a municipality by its code, creating it when a name is given. */
export async function ensureMunicipality(
  db: Database,
  input: { localGovCode: string; name?: string },
  actor: string,
): Promise<typeof municipality.$inferSelect> {
  const [found] = await db
    .select()
    .from(municipality)
    .where(eq(municipality.localGovCode, input.localGovCode));
  if (found) return found;
  if (!input.name)
    throw new Error(`自治体コード ${input.localGovCode} は登録されていません（名称を指定してください）`);
  const [row] = await db
    .insert(municipality)
    .values({ localGovCode: input.localGovCode, name: input.name })
    .returning();
  if (!row) throw new Error('自治体を登録できませんでした');
  // The municipality is its own tenant: its creation is logged under itself.
  await db.insert(changeLog).values({
    municipalityId: row.id,
    tableName: 'municipality',
    rowId: row.id,
    action: 'insert',
    actor,
    after: row,
  });
  return row;
}
