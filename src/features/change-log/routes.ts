/**
 * @module Change log routes
 * `GET /api/change-log?format=csv|json&from=&to=`: the municipality's whole 変更履歴 as a file, for
 * the planning division (manage-plan) to keep outside Hoshin or to audit.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { contentDisposition } from '../../http/content-disposition.ts';
import type { ApiEnv } from '../../http/env.ts';
import { ErrorBody } from '../../http/route-docs.ts';
import { ChangeLogQuery } from './contract.ts';
import { exportChangeLog } from './export.ts';

const changeLogRoute = createRoute({
  method: 'get',
  path: '/api/change-log',
  summary: '変更履歴の書き出し（企画）',
  description:
    '自治体のすべての変更（日時・変更者・表・行・操作・変更前後）を古い順に CSV（UTF-8 BOM 付き）か JSON で返す。from・to は 2024-04-01（日本時間のその日）か ISO 形式の日時。',
  request: {
    query: ChangeLogQuery,
  },
  responses: {
    200: {
      description: '変更履歴のファイル',
      content: {
        'text/csv': { schema: { type: 'string' } },
        'application/json': { schema: { type: 'object' } },
      },
    },
    400: { description: '入力の誤り', content: { 'application/json': { schema: ErrorBody } } },
    403: { description: '権限がない', content: { 'application/json': { schema: ErrorBody } } },
  },
});

/**
 * The change log export route.
 * @example registerChangeLogRoutes(app); // inside createApi
 */
export function registerChangeLogRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(changeLogRoute, async (c) => {
    const { format = 'json', from, to } = c.req.valid('query');
    const file = await exportChangeLog(c.var.db, {
      municipalityId: c.var.scope.municipalityId,
      localGovCode: c.var.scope.localGovCode,
      format,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    });
    return c.body(file.text, 200, {
      'content-type': file.contentType,
      'content-disposition': contentDisposition('attachment', `変更履歴.${format}`, file.fileName),
      'cache-control': 'no-store',
    });
  });
}
