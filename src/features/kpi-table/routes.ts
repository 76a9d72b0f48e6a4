/**
 * @module KPI table routes
 * `POST /api/kpi-table?plan=…`: the planning division uploads a KPI sheet (xlsx or CSV) to the running
 * server — from the CLI's `--server` mode (so a CLI write never opens the server's data folder) and,
 * later, from the upload screen. The body is the file itself; one transaction; every bad cell is
 * listed and nothing is written. `GET /api/kpis/template.xlsx?planId=…`: the workbook a department
 * fills in (layout: src/formats/kpi-table/README.md).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { BadInputError } from '../../errors.ts';
import { contentDisposition } from '../../http/content-disposition.ts';
import type { ApiEnv } from '../../http/env.ts';
import { ErrorBody } from '../../http/route-docs.ts';
import { actorOf } from '../auth/session.ts';
import { KpiTableImportResult, KpiTableRefusal } from './contract.ts';
import { importKpiTable, kpiTemplateForPlan } from './import.ts';

const flag = (name: string, description: string) =>
  z
    .enum(['0', '1'])
    .optional()
    .openapi({ param: { name, in: 'query' }, description });

const importRoute = createRoute({
  method: 'post',
  path: '/api/kpi-table',
  summary: '指標の表（xlsx・CSV）の取り込み（企画）',
  description:
    '本文にファイルそのもの（Content-Type: application/octet-stream）。1つのトランザクションで取り込み、問題があればすべてのセルを番地つきで返して何も書き込まない。上限は HOSHIN_UPLOAD_LIMIT_MB（既定 20 MB）。',
  request: {
    query: z.object({
      fileName: z
        .string()
        .min(1)
        .max(200)
        .regex(/\.(xlsx|csv)$/i, 'ファイル名は .xlsx か .csv で終わる名前にしてください')
        .openapi({ param: { name: 'fileName', in: 'query' }, example: 'kpi.xlsx' }),
      plan: z
        .string()
        .max(200)
        .optional()
        .openapi({
          param: { name: 'plan', in: 'query' },
          description: '計画名（省略時は自治体に1つだけある計画）',
        }),
      set: z
        .string()
        .max(100)
        .optional()
        .openapi({ param: { name: 'set', in: 'query' } }),
      createNodes: flag('createNodes', '計画にない階層を作る'),
      replace: flag('replace', '空欄の実績で登録済みの実績を削除する'),
    }),
  },
  responses: {
    200: { description: '取り込んだ', content: { 'application/json': { schema: KpiTableImportResult } } },
    400: {
      description: '表の誤り（セル番地つき）',
      content: { 'application/json': { schema: KpiTableRefusal } },
    },
    403: { description: '権限がない', content: { 'application/json': { schema: ErrorBody } } },
    413: { description: '大きすぎる', content: { 'application/json': { schema: ErrorBody } } },
  },
});

export function registerKpiTableRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(importRoute, async (c) => {
    const query = c.req.valid('query');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const summary = await importKpiTable(c.var.db, bytes, {
      fileName: query.fileName,
      actor: actorOf(c.var.scope),
      localGovCode: c.var.scope.localGovCode,
      ...(query.plan ? { planName: query.plan } : {}),
      ...(query.set ? { set: query.set } : {}),
      createNodes: query.createNodes === '1',
      replace: query.replace === '1',
    });
    return c.json(summary, 200);
  });
}

/**
 * The KPI workbook a department fills in. Registered on its own, between the report and the
 * strategy routes and always before /api/kpis/{kpiId} (registerKpiRoutes), which would take
 * 'template.xlsx' for an id.
 * @example registerKpiTemplateRoute(app); // inside createApi, before registerKpiRoutes
 */
export function registerKpiTemplateRoute(app: OpenAPIHono<ApiEnv>): void {
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
}
