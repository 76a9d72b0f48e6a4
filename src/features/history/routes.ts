/**
 * @module History routes
 * 変更履歴 of a plan node (基本方針 …: its texts of every year) and of a KPI (its definition and
 * actuals): who changed what, when, before → after, newest first, a page at a time.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiEnv } from '../../http/env.ts';
import { idParam } from '../../http/params.ts';
import { ErrorBody, jsonResponse } from '../../http/route-docs.ts';
import { HISTORY_PAGE_MAX, HistoryPage } from './contract.ts';
import { loadHistory } from './entries.ts';

const PagingQuery = z.object({
  before: z.coerce
    .number({ error: 'before は正の整数で指定してください' })
    .int({ error: 'before は正の整数で指定してください' })
    .positive({ error: 'before は正の整数で指定してください' })
    .max(Number.MAX_SAFE_INTEGER, { error: 'before は正の整数で指定してください' })
    .optional()
    .openapi({ param: { name: 'before', in: 'query' }, description: '前のページの nextBefore' }),
  limit: z.coerce
    .number({ error: `limit は 1〜${HISTORY_PAGE_MAX} の整数で指定してください` })
    .int({ error: `limit は 1〜${HISTORY_PAGE_MAX} の整数で指定してください` })
    .min(1, { error: `limit は 1〜${HISTORY_PAGE_MAX} の整数で指定してください` })
    .max(HISTORY_PAGE_MAX, { error: `limit は 1〜${HISTORY_PAGE_MAX} の整数で指定してください` })
    .optional()
    .openapi({ param: { name: 'limit', in: 'query' } }),
});

const nodeHistoryRoute = createRoute({
  method: 'get',
  path: '/api/nodes/{nodeId}/history',
  summary: '施策体系の項目の変更履歴（項目そのもの、各年度の進捗状況、審議会の意見）',
  request: { params: z.object({ nodeId: idParam('nodeId', '項目ID') }), query: PagingQuery },
  responses: {
    200: jsonResponse(HistoryPage, '新しい順の変更履歴'),
    400: jsonResponse(ErrorBody, '入力の誤り'),
    404: jsonResponse(ErrorBody, '項目がない'),
  },
});

const kpiHistoryRoute = createRoute({
  method: 'get',
  path: '/api/kpis/{kpiId}/history',
  summary: '指標の変更履歴（定義、各年度の実績値、審議会の意見）',
  request: { params: z.object({ kpiId: idParam('kpiId', '指標ID') }), query: PagingQuery },
  responses: {
    200: jsonResponse(HistoryPage, '新しい順の変更履歴'),
    400: jsonResponse(ErrorBody, '入力の誤り'),
    404: jsonResponse(ErrorBody, '指標がない'),
  },
});

/**
 * The history routes.
 * @example registerHistoryRoutes(app); // inside createApi, before registerKpiRoutes
 */
export function registerHistoryRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(nodeHistoryRoute, async (c) => {
    const { nodeId } = c.req.valid('param');
    return c.json(await loadHistory(c.var.db, { nodeId }, c.req.valid('query')), 200);
  });
  app.openapi(kpiHistoryRoute, async (c) => {
    const { kpiId } = c.req.valid('param');
    return c.json(await loadHistory(c.var.db, { kpiId }, c.req.valid('query')), 200);
  });
}
