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
import { PlanIdParam } from '../plan/routes.ts';
import { exportStrategyTable } from './import.ts';

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
