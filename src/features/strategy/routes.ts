/**
 * @module Strategy routes
 * The 総合戦略's structure table (its levels and the related 総合計画 items) as xlsx or CSV, in the
 * layout `hoshin import strategy` reads back (import.ts).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { strategyTableToCsv, strategyTableToXlsx } from '../../formats/strategy-table/write.ts';
import { contentDisposition } from '../../http/content-disposition.ts';
import type { ApiEnv } from '../../http/env.ts';
import { ErrorBody } from '../../http/route-docs.ts';
import { actorOf } from '../auth/session.ts';
import { PlanIdParam } from '../plan/routes.ts';
import { exportStrategyTable, importStrategyTable } from './import.ts';

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

/**
 * The strategy table download.
 * @example registerStrategyRoutes(app); // inside createApi
 */
export function registerStrategyRoutes(app: OpenAPIHono<ApiEnv>): void {
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
}

const importRoute = createRoute({
  method: 'post',
  path: '/api/strategy-table',
  summary: '総合戦略の構成表（xlsx・CSV）の取り込み（企画）',
  description:
    '本文にファイルそのもの（Content-Type: application/octet-stream）。`hoshin import strategy` と同じ: 1つのトランザクションで取り込み、問題があればすべてのセルを番地つきで返して何も書き込まない。',
  request: {
    query: z.object({
      fileName: z
        .string()
        .min(1)
        .max(200)
        .regex(/\.(xlsx|csv)$/i, 'ファイル名は .xlsx か .csv で終わる名前にしてください')
        .openapi({ param: { name: 'fileName', in: 'query' } }),
      name: z
        .string()
        .min(1, '総合戦略の名前（name）を指定してください')
        .max(200)
        .openapi({ param: { name: 'name', in: 'query' } }),
      levels: z
        .string()
        .max(500)
        .optional()
        .openapi({ param: { name: 'levels', in: 'query' }, example: '基本目標,具体的な施策' }),
      for: z
        .string()
        .max(200)
        .optional()
        .openapi({ param: { name: 'for', in: 'query' }, description: '関連づける総合計画の名前' }),
    }),
  },
  responses: {
    200: {
      description: '取り込んだ',
      content: { 'application/json': { schema: z.object({}).passthrough() } },
    },
    400: { description: '表の誤り（セル番地つき）', content: { 'application/json': { schema: ErrorBody } } },
  },
});

export function registerStrategyImportRoute(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(importRoute, async (c) => {
    const query = c.req.valid('query');
    const summary = await importStrategyTable(c.var.db, new Uint8Array(await c.req.arrayBuffer()), {
      fileName: query.fileName,
      actor: actorOf(c.var.scope),
      strategyName: query.name,
      localGovCode: c.var.scope.localGovCode,
      ...(query.levels ? { levels: query.levels.split(/[,、，]/u) } : {}),
      ...(query.for ? { planName: query.for } : {}),
    });
    return c.json(summary, 200);
  });
}
