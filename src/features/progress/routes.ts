/**
 * @module Progress routes
 * `POST /api/progress-report`: the planning division sends a progress report in the seed's Markdown
 * layout to the running server (the CLI's `import report --server`). One transaction; a file that
 * cannot be read is refused with every problem and its line, and nothing is written.
 * `GET`/`PUT /api/nodes/:nodeId/progress/:fiscalYear`: one policy's texts of a year as the editor
 * reads and writes them (progress-texts.ts), with last year's directions beside them.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { ImportConflictError } from '../../db/report-store.ts';
import type { ApiEnv } from '../../http/env.ts';
import { fiscalYearParam, idParam } from '../../http/params.ts';
import { ErrorBody, jsonBody, jsonResponse } from '../../http/route-docs.ts';
import { actorOf } from '../auth/session.ts';
import { ProgressTexts, ProgressTextsConflict, ProgressTextsInput } from './contract.ts';
import { importProgressReport } from './progress-report.ts';
import { loadProgressTexts, ProgressTextsConflictError, saveProgressTexts } from './progress-texts.ts';

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
    409: jsonResponse(
      z.object({ error: z.string(), issues: z.array(z.string()) }),
      '登録済みの施策体系と食い違う（項目の欠落など）',
    ),
    413: jsonResponse(ErrorBody, '大きすぎる'),
  },
});

const TextsParams = z.object({
  nodeId: idParam('nodeId', '項目ID'),
  fiscalYear: fiscalYearParam('fiscalYear'),
});

const getTextsRoute = createRoute({
  method: 'get',
  path: '/api/nodes/{nodeId}/progress/{fiscalYear}',
  summary: '基本方針の進捗状況（実績・今後の方向性）と前年度の方向性、入力できるか',
  description:
    'まだ登録がない年度は record: null（404 ではない）。previous は前年度に示した「主な取組／今後の方向性」。mayWrite はログイン中のユーザーが入力できるか（できなければ writeRefusal に理由）。',
  request: { params: TextsParams },
  responses: {
    200: jsonResponse(ProgressTexts, '進捗状況'),
    400: jsonResponse(ErrorBody, '進捗を報告する階層の項目ではない'),
    404: jsonResponse(ErrorBody, '項目がない'),
  },
});

const putTextsRoute = createRoute({
  method: 'put',
  path: '/api/nodes/{nodeId}/progress/{fiscalYear}',
  summary: '基本方針の進捗状況（実績・今後の方向性）の保存',
  description:
    '2つの一覧を丸ごと置き換える。version は読み込んだ時点の版（未登録なら null）。担当課の役割は自分の課の項目だけ（403）。確定済みの年度は 423。版が違えば 409 で、保存されている内容（saved）とあなたの入力（yours）を返す。',
  request: { params: TextsParams, body: jsonBody(ProgressTextsInput) },
  responses: {
    200: jsonResponse(
      z.object({ action: z.enum(['created', 'updated', 'unchanged']), texts: ProgressTexts }),
      '保存した',
    ),
    400: jsonResponse(ErrorBody, '入力の誤り（項目ごと）'),
    403: jsonResponse(ErrorBody, '入力できない（他の課の項目など）'),
    404: jsonResponse(ErrorBody, '項目がない'),
    409: jsonResponse(ProgressTextsConflict, '他の人が先に保存した（両方の内容つき）'),
    423: jsonResponse(ErrorBody, '確定済みの年度'),
  },
});

export function registerProgressRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(getTextsRoute, async (c) => {
    const { nodeId, fiscalYear } = c.req.valid('param');
    return c.json(await loadProgressTexts(c.var.db, c.var.scope, nodeId, fiscalYear), 200);
  });

  // A body that is not JSON would otherwise surface as the framework's English 400.
  app.use('/api/nodes/:nodeId/progress/:fiscalYear', async (c, next) => {
    if (c.req.method === 'PUT') {
      try {
        await c.req.json();
      } catch {
        return c.json(
          { error: '入力が正しくありません: 本文: JSON で送ってください（Content-Type: application/json）' },
          400,
        );
      }
    }
    await next();
  });

  app.openapi(putTextsRoute, async (c) => {
    const { nodeId, fiscalYear } = c.req.valid('param');
    try {
      return c.json(
        await saveProgressTexts(c.var.db, c.var.scope, nodeId, fiscalYear, c.req.valid('json')),
        200,
      );
    } catch (error) {
      if (error instanceof ProgressTextsConflictError) {
        return c.json({ error: error.message, saved: error.saved, yours: error.yours }, 409);
      }
      throw error;
    }
  });

  app.openapi(importRoute, async (c) => {
    const markdown = new TextDecoder('utf-8', { fatal: false }).decode(await c.req.arrayBuffer());
    try {
      const summary = await importProgressReport(c.var.db, markdown, {
        localGovCode: c.var.scope.localGovCode,
        actor: actorOf(c.var.scope),
      });
      return c.json(summary, 200);
    } catch (error) {
      // The file disagrees with the plan as stored (e.g. a node added in the UI is missing from it).
      if (error instanceof ImportConflictError) {
        return c.json(
          {
            error: `進捗報告書を取り込めません（データベースは変更していません）。登録済みの施策体系と ${error.problems.length} 件の食い違いがあります。`,
            issues: error.problems,
          },
          409,
        );
      }
      throw error;
    }
  });
}
