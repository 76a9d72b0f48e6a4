/**
 * @module Progress report upload route
 * `POST /api/progress-report`: the planning division sends a progress report in the seed's Markdown
 * layout to the running server (the CLI's `import report --server`). One transaction; a file that
 * cannot be read is refused with every problem and its line, and nothing is written.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiEnv } from '../../http/env.ts';
import { ErrorBody, jsonResponse } from '../../http/route-docs.ts';
import { actorOf } from '../auth/session.ts';
import { importProgressReport } from './progress-report.ts';

const ImportSummary = z
  .object({
    planId: z.number().int(),
    fiscalYear: z.number().int(),
    goals: z.number().int(),
    policies: z.number().int(),
    measures: z.number().int(),
    items: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
  })
  .openapi('ProgressReportImport');

const importRoute = createRoute({
  method: 'post',
  path: '/api/progress-report',
  summary: '進捗報告書（Markdown）の取り込み（企画）',
  description:
    '本文に Markdown（Content-Type: text/markdown; charset=utf-8）。ログイン中の自治体の報告書として取り込む。',
  responses: {
    200: jsonResponse(ImportSummary, '取り込んだ'),
    400: jsonResponse(z.object({ error: z.string(), issues: z.array(z.string()) }), '読めない（行番号つき）'),
    403: jsonResponse(ErrorBody, '権限がない'),
    413: jsonResponse(ErrorBody, '大きすぎる'),
  },
});

export function registerProgressRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(importRoute, async (c) => {
    const markdown = new TextDecoder('utf-8', { fatal: false }).decode(await c.req.arrayBuffer());
    const summary = await importProgressReport(c.var.db, markdown, {
      localGovCode: c.var.scope.localGovCode,
      actor: actorOf(c.var.scope),
    });
    return c.json(summary, 200);
  });
}
