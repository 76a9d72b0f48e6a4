/**
 * @module Plan routes
 * The plans (総合計画 and 総合戦略) with the fiscal years that have data, a plan's tree of items
 * with its links to the other plan, and the progress record (進捗状況) of a node for a year. The
 * answers are the plan contract's (src/features/plan/contract.ts), which the web client imports too.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import { department, municipality, plan, planNode, progressRecord } from '../../db/schema.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { nodeLabel } from '../../domain/plan/numbering.ts';
import { progressHeadings } from '../../domain/plan/progress-headings.ts';
import type { ApiEnv } from '../../http/env.ts';
import { fiscalYearParam, idParam } from '../../http/params.ts';
import { ErrorBody } from '../../http/route-docs.ts';
import { loadNodeLinks, type NodeLinkView } from '../strategy/import.ts';
import { type NodeLink, Plan, type PlanNode, PlanTree, ProgressRecord } from './contract.ts';
import { registerPlanEditRoutes } from './edit-routes.ts';
import { planYears } from './periods.ts';

/** The `{planId}` path parameter (also the strategy table's). */
export const PlanIdParam = z.object({
  planId: idParam('planId', '計画ID'),
});
const NodeIdParam = z.object({
  nodeId: idParam('nodeId', '項目ID'),
});

const YearQuery = z.object({
  year: fiscalYearParam('year', 'query'),
});

const listPlans = createRoute({
  method: 'get',
  path: '/api/plans',
  summary: '計画の一覧',
  description: '総合計画（kind: plan）と総合戦略（kind: strategy、linkedPlanId に総合計画）を ID 順に返す。',
  responses: {
    200: { description: '計画', content: { 'application/json': { schema: z.array(Plan) } } },
  },
});

const planTree = createRoute({
  method: 'get',
  path: '/api/plans/{planId}/tree',
  summary: '施策体系',
  description:
    '計画の項目を木構造で返す。各項目の links は、関連づけられた他の計画の項目（総合戦略の施策なら総合計画の施策、総合計画の施策ならそれに関連する総合戦略の施策）。',
  request: { params: PlanIdParam },
  responses: {
    200: {
      description: '施策体系',
      content: {
        'application/json': { schema: PlanTree },
      },
    },
    404: { description: '計画がない', content: { 'application/json': { schema: ErrorBody } } },
  },
});

const nodeProgress = createRoute({
  method: 'get',
  path: '/api/nodes/{nodeId}/progress',
  summary: '基本方針の進捗状況（年度別）',
  request: { params: NodeIdParam, query: YearQuery },
  responses: {
    200: { description: '進捗状況', content: { 'application/json': { schema: ProgressRecord } } },
    404: { description: '登録なし', content: { 'application/json': { schema: ErrorBody } } },
  },
});

/**
 * The plan list, a plan's tree and a node's progress record.
 * @example registerPlanRoutes(app); // inside createApi
 */
export function registerPlanRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listPlans, async (c) => {
    const db = c.var.db;
    const rows = await db
      .select({ plan, municipality })
      .from(plan)
      .innerJoin(municipality, eq(plan.municipalityId, municipality.id))
      .orderBy(asc(plan.id));
    // Every year with data or a cycle can be chosen (periods.ts says which).
    const years = await planYears(db);
    const options = (list: number[] | undefined) =>
      (list ?? []).map((fiscalYear) => ({ fiscalYear, fiscalYearLabel: formatFiscalYear(fiscalYear) }));
    return c.json(
      rows.map(({ plan: p, municipality: m }) => ({
        id: p.id,
        name: p.name,
        kind: p.kind,
        linkedPlanId: p.linkedPlanId,
        municipality: { name: m.name, localGovCode: m.localGovCode },
        levels: p.levels,
        progressLevel: p.progressLevel,
        fiscalYears: options(years.get(p.id)?.fiscalYears),
        reportYears: options(years.get(p.id)?.reportYears),
      })),
      200,
    );
  });

  app.openapi(planTree, async (c) => {
    const db = c.var.db;
    const { planId } = c.req.valid('param');
    const [p] = await db.select().from(plan).where(eq(plan.id, planId));
    if (!p) return c.json({ error: `計画（ID ${planId}）はありません` }, 404);
    const rows = await db
      .select()
      .from(planNode)
      .where(eq(planNode.planId, planId))
      .orderBy(asc(planNode.number));
    const links = await loadNodeLinks(db, planId);
    const departmentNames = new Map((await db.select().from(department)).map((d) => [d.id, d.name]));
    const linkOf = (l: NodeLinkView): NodeLink => ({
      nodeId: l.nodeId,
      planId: l.planId,
      planName: l.planName,
      planKind: l.planKind,
      pathLabel: l.pathLabel,
      title: l.title,
    });
    const build = (parentId: number | null): PlanNode[] =>
      rows
        .filter((r) => r.parentId === parentId)
        .map((r) => {
          const level = p.levels[r.level - 1] ?? { name: '', numbering: 'arabic' as const };
          return {
            id: r.id,
            level: r.level,
            levelName: level.name,
            number: r.number,
            label: nodeLabel(level, r.number, { spaced: r.level === 1 }),
            title: r.title,
            version: r.version,
            retired: r.retired,
            departmentId: r.departmentId,
            departmentName: r.departmentId ? (departmentNames.get(r.departmentId) ?? null) : null,
            links: (links.get(r.id) ?? []).map(linkOf),
            children: build(r.id),
          };
        });
    return c.json({ planId, nodes: build(null) }, 200);
  });

  registerPlanEditRoutes(app);

  app.openapi(nodeProgress, async (c) => {
    const db = c.var.db;
    const { nodeId } = c.req.valid('param');
    const { year } = c.req.valid('query');
    const [record] = await db
      .select()
      .from(progressRecord)
      .where(and(eq(progressRecord.nodeId, nodeId), eq(progressRecord.fiscalYear, year)));
    if (!record) return c.json({ error: `${formatFiscalYear(year)}の進捗状況は登録されていません` }, 404);
    return c.json(
      {
        nodeId,
        fiscalYear: year,
        ...progressHeadings(year),
        results: record.results,
        directions: record.directions,
        version: record.version,
      },
      200,
    );
  });
}
