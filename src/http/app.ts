/**
 * @module HTTP API
 * Typed JSON routes under /api (Hono + zod-openapi); the OpenAPI document is served at
 * /api/openapi.json. Inputs are validated by the route schemas; errors answer in Japanese. The
 * answers are declared once in each feature's contract (src/features/plan/contract.ts and the like),
 * which the web client imports too; their `.meta()` names the OpenAPI components.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { Database } from '../db/client.ts';
import { VersionConflictError } from '../db/history.ts';
import {
  department,
  kpi,
  kpiActual,
  kpiSet,
  municipality,
  plan,
  planNode,
  progressRecord,
  report,
} from '../db/schema.ts';
import { formatFiscalYear } from '../domain/calendar/index.ts';
import { nodeLabel } from '../domain/plan/numbering.ts';
import { progressHeadings } from '../domain/plan/progress-headings.ts';
import { BadInputError, HoshinError } from '../errors.ts';
import { type AuthOptions, registerAuthRoutes } from '../features/auth/routes.ts';
import { DEFAULT_UPLOAD_LIMIT_BYTES } from '../features/kpi-table/contract.ts';
import { registerKpiTableRoutes } from '../features/kpi-table/routes.ts';
import { type NodeLink, Plan, type PlanNode, PlanTree, ProgressRecord } from '../features/plan/contract.ts';
import { registerUserRoutes } from '../features/users/routes.ts';
import { formatIssue, KpiTableError } from '../formats/kpi-table/index.ts';
import type { PdfPrinter } from '../formats/report-pdf/index.ts';
import { strategyTableToCsv, strategyTableToXlsx } from '../formats/strategy-table/write.ts';
import { FormatUnavailableError, REPORT_FORMAT_INFO, REPORT_FORMATS } from '../report/render.ts';
import { ActualEntryError } from '../services/kpi-entry.ts';
import { kpiTemplateForPlan } from '../services/kpi-import.ts';
import { exportProgressReport } from '../services/progress-report.ts';
import { exportReport } from '../services/report-export.ts';
import { exportStrategyTable, loadNodeLinks, type NodeLinkView } from '../services/strategy-import.ts';
import type { ApiEnv } from './env.ts';
import { type GuardOptions, guard } from './guard.ts';
import { type KpiRouteOptions, registerKpiRoutes } from './kpi-routes.ts';
import { ErrorBody } from './route-docs.ts';

const PlanIdParam = z.object({
  planId: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'planId', in: 'path' } }),
});
const NodeIdParam = z.object({
  nodeId: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'nodeId', in: 'path' } }),
});

const YearQuery = z.object({
  year: z.coerce
    .number({ error: '年度（year）は西暦の数字で指定してください（例: 2023）' })
    .int()
    .min(1900)
    .max(2200)
    .openapi({ param: { name: 'year', in: 'query' }, example: 2023 }),
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

const reportMarkdown = createRoute({
  method: 'get',
  path: '/api/reports/{year}/markdown',
  summary: '進捗報告書（Markdown）',
  request: {
    params: z.object({
      year: z.coerce
        .number()
        .int()
        .openapi({ param: { name: 'year', in: 'path' }, example: 2023 }),
    }),
    query: z.object({
      municipality: z
        .string()
        .optional()
        .openapi({ param: { name: 'municipality', in: 'query' } }),
    }),
  },
  responses: {
    200: { description: 'Markdown', content: { 'text/markdown': { schema: z.string() } } },
    404: { description: '報告書がない', content: { 'application/json': { schema: ErrorBody } } },
  },
});

const reportFile = createRoute({
  method: 'get',
  path: '/api/reports/{year}/file',
  summary: '進捗報告書のファイル（HTML・PDF・PowerPoint・Excel・Word・Markdown）',
  description:
    '報告書モデルを年度の実績から作り、指定の形式で返す。Content-Disposition にはファイル名（日本語、RFC 5987 の filename*）を付ける。disposition=inline で画面内表示用。',
  request: {
    params: z.object({
      year: z.coerce
        .number({ error: '年度（year）は西暦の数字で指定してください（例: 2023）' })
        .int()
        .min(1900)
        .max(2200)
        .openapi({ param: { name: 'year', in: 'path' }, example: 2023 }),
    }),
    query: z.object({
      format: z
        .enum(REPORT_FORMATS, { error: `形式（format）は ${REPORT_FORMATS.join('、')} のいずれかです` })
        .openapi({ param: { name: 'format', in: 'query' }, example: 'pdf' }),
      municipality: z
        .string()
        .optional()
        .openapi({ param: { name: 'municipality', in: 'query' } }),
      plan: z.coerce
        .number()
        .int()
        .positive()
        .optional()
        .openapi({ param: { name: 'plan', in: 'query' } }),
      disposition: z
        .enum(['attachment', 'inline'])
        .optional()
        .openapi({ param: { name: 'disposition', in: 'query' } }),
    }),
  },
  responses: {
    200: {
      description: '報告書のファイル',
      content: Object.fromEntries(
        REPORT_FORMATS.map((f) => [
          REPORT_FORMAT_INFO[f].mimeType.split(';')[0] as string,
          { schema: z.string().openapi({ format: 'binary' }) },
        ]),
      ),
    },
    404: { description: '報告書がない', content: { 'application/json': { schema: ErrorBody } } },
    503: {
      description: 'この形式を作れない（Chromium が未インストールなど）',
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

const strategyTable = createRoute({
  method: 'get',
  path: '/api/plans/{planId}/strategy-table',
  summary: '総合戦略の構成表（階層と関連する施策）',
  description:
    '`hoshin import strategy` で取り込める形（階層ごとの列と「関連する施策（総合計画）」の列）の xlsx か CSV。編集して取り込み直せる。',
  request: {
    params: PlanIdParam,
    query: z.object({
      format: z
        .enum(['xlsx', 'csv'], { error: '形式（format）は xlsx か csv です' })
        .default('xlsx')
        .openapi({ param: { name: 'format', in: 'query' }, example: 'xlsx' }),
    }),
  },
  responses: {
    200: {
      description: '構成表',
      content: {
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
          schema: z.string().openapi({ format: 'binary' }),
        },
        'text/csv': { schema: z.string() },
      },
    },
    404: { description: '総合戦略がない', content: { 'application/json': { schema: ErrorBody } } },
  },
});

/** `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback and the Japanese name (RFC 5987). */
function contentDisposition(kind: 'attachment' | 'inline', fileName: string, fallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export interface ApiOptions extends GuardOptions, AuthOptions, KpiRouteOptions {
  /** The server's running Chromium for PDFs; without it each PDF request starts its own. */
  pdfPrinter?: PdfPrinter;
  /** Largest request body read (default 1 MB): a JSON body of a form is a few kB. */
  maxJsonBytes?: number;
  /** Largest uploaded file (default 20 MB, HOSHIN_UPLOAD_LIMIT_MB). */
  maxUploadBytes?: number;
  now?: () => Date;
}

const DEFAULT_JSON_LIMIT = 1024 * 1024;
/** Routes whose body is a file. */
const UPLOAD_PATHS = new Set(['/api/kpi-table']);

function tooLarge(c: Context) {
  return c.json({ error: '送信された内容が大きすぎます（上限 1 MB）。' }, 413);
}

/**
 * The one place errors become answers: refusals carry their status and Japanese message; anything
 * else is logged and answered with a 500 that says nothing of its insides.
 */
export function answerError(error: Error, c: Context): Response {
  if (error instanceof ActualEntryError)
    return c.json({ error: `入力が正しくありません: ${error.message}` }, 400);
  if (error instanceof HoshinError) return c.json({ error: error.message }, error.status);
  if (error instanceof KpiTableError) {
    return c.json(
      {
        error: `指標の表を取り込めません（データベースは変更していません）。${error.issues.length} 件の問題があります。`,
        issues: error.issues.map(formatIssue),
      },
      400,
    );
  }
  if (error instanceof VersionConflictError) return c.json({ error: error.message }, 409);
  if (error instanceof FormatUnavailableError) return c.json({ error: error.message }, 503);
  // Framework errors (e.g. a body that is not JSON) carry their own 4xx response.
  if (error instanceof HTTPException) return error.getResponse();
  console.error(error);
  return c.json({ error: 'サーバーでエラーが発生しました。管理者に連絡してください。' }, 500);
}

/**
 * The API application over a database.
 * @example serve({ fetch: createApi(db, { pdfPrinter: sharedPdfPrinter() }).fetch, port: 8080 });
 */
export function createApi(db: Database, options: ApiOptions = {}) {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const message = result.error.issues
          .map((i) => `${i.path.join('.') || '入力'}: ${i.message}`)
          .join('／');
        return c.json({ error: `入力が正しくありません: ${message}` }, 400);
      }
    },
  });
  app.onError(answerError);
  // Forms send a few kB of JSON; only file uploads get the larger limit.
  const jsonLimit = bodyLimit({ maxSize: options.maxJsonBytes ?? DEFAULT_JSON_LIMIT, onError: tooLarge });
  const uploadLimit = options.maxUploadBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES;
  const fileLimit = bodyLimit({
    maxSize: uploadLimit,
    onError: (c) =>
      c.json({ error: `ファイルが大きすぎます（上限 ${Math.round(uploadLimit / 1024 / 1024)} MB）。` }, 413),
  });
  app.use('/api/*', (c, next) => (UPLOAD_PATHS.has(c.req.path) ? fileLimit(c, next) : jsonLimit(c, next)));
  app.use('/api/*', guard(db, options));
  registerAuthRoutes(app, db, options);
  registerUserRoutes(app);
  registerKpiTableRoutes(app);

  app.openapi(listPlans, async (c) => {
    const db = c.var.db;
    const rows = await db
      .select({ plan, municipality })
      .from(plan)
      .innerJoin(municipality, eq(plan.municipalityId, municipality.id))
      .orderBy(asc(plan.id));
    // A year counts when it has progress records or KPI actuals (a 総合戦略 has only the latter).
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
    const options = (years: { planId: number; fiscalYear: number }[], planId: number) =>
      [...new Set(years.filter((y) => y.planId === planId).map((y) => y.fiscalYear))]
        .sort((a, b) => a - b)
        .map((fiscalYear) => ({ fiscalYear, fiscalYearLabel: formatFiscalYear(fiscalYear) }));
    return c.json(
      rows.map(({ plan: p, municipality: m }) => ({
        id: p.id,
        name: p.name,
        kind: p.kind,
        linkedPlanId: p.linkedPlanId,
        municipality: { name: m.name, localGovCode: m.localGovCode },
        levels: p.levels,
        progressLevel: p.progressLevel,
        fiscalYears: options([...progressYears, ...kpiYears], p.id),
        reportYears: options(reportYears, p.id),
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
            departmentId: r.departmentId,
            departmentName: r.departmentId ? (departmentNames.get(r.departmentId) ?? null) : null,
            links: (links.get(r.id) ?? []).map(linkOf),
            children: build(r.id),
          };
        });
    return c.json({ planId, nodes: build(null) }, 200);
  });

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

  app.openapi(reportMarkdown, async (c) => {
    const db = c.var.db;
    const { year } = c.req.valid('param');
    const { municipality: localGovCode } = c.req.valid('query');
    const markdown = await exportProgressReport(db, {
      fiscalYear: year,
      format: 'md',
      ...(localGovCode ? { localGovCode } : {}),
    });
    return c.body(markdown, 200, { 'content-type': 'text/markdown; charset=utf-8' });
  });

  app.openapi(reportFile, async (c) => {
    const db = c.var.db;
    const { year } = c.req.valid('param');
    const { format, municipality: localGovCode, plan: planId, disposition } = c.req.valid('query');
    const file = await exportReport(db, {
      fiscalYear: year,
      format,
      ...(localGovCode ? { localGovCode } : {}),
      ...(planId ? { planId } : {}),
      ...(options.pdfPrinter ? { printer: options.pdfPrinter } : {}),
    });
    // Renderers return plain (never shared) buffers.
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': file.mimeType,
      'content-disposition': contentDisposition(
        disposition ?? 'attachment',
        file.fileName,
        `hoshin-report-${year}.${file.extension}`,
      ),
      'cache-control': 'no-store',
    });
  });

  // The KPI workbook a department fills in (layout: src/formats/kpi-table/README.md). Registered
  // before /api/kpis/{kpiId} (registerKpiRoutes), which would take 'template.xlsx' for an id.
  app.get('/api/kpis/template.xlsx', async (c) => {
    const db = c.var.db;
    const planId = Number(c.req.query('planId'));
    if (!Number.isInteger(planId) || planId <= 0 || planId > 2_147_483_647) {
      throw new BadInputError('計画を planId で指定してください（例: ?planId=1）');
    }
    const bytes = await kpiTemplateForPlan(db, planId);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': contentDisposition('attachment', '指標記入シート.xlsx', 'kpi-template.xlsx'),
      'cache-control': 'no-store',
    });
  });

  app.openapi(strategyTable, async (c) => {
    const db = c.var.db;
    const { planId } = c.req.valid('param');
    const { format } = c.req.valid('query');
    const table = await exportStrategyTable(db, { strategyId: planId });
    const name = `${table.strategyName}_構成表.${format}`;
    const disposition = contentDisposition('attachment', name, `strategy.${format}`);
    if (format === 'csv') {
      return c.body(strategyTableToCsv(table), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': disposition,
      });
    }
    const bytes = await strategyTableToXlsx(table);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': disposition,
    });
  });

  registerKpiRoutes(app, options);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Hoshin API', version: '0.1.0', description: '総合計画・総合戦略の進行管理 API' },
  });

  return app;
}
