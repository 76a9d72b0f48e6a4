/**
 * @module Upload routes
 * The upload screen's routes: for each of the three uploads a preview (`…/preview`: what would
 * change, nothing written) and an apply (`…/apply`: the same file again, validated again, written in
 * one transaction or refused whole). The body is the file itself. KPI sheets: anyone who writes data
 * (a department only its own rows); the strategy table and the report: the planning division. And
 * `GET /api/uploads/department-sheet`: a department's own workbook to fill in offline.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { BadInputError, ForbiddenError } from '../../errors.ts';
import { contentDisposition } from '../../http/content-disposition.ts';
import type { ApiEnv } from '../../http/env.ts';
import { ErrorBody, jsonResponse } from '../../http/route-docs.ts';
import { departmentSheet } from '../kpi-table/import.ts';
import { UploadOutcome } from './contract.ts';
import { applyUpload, previewUpload, type UploadRequest } from './service.ts';

/** The upload paths, for the 20 MB body limit (src/http/app.ts). */
export const UPLOAD_ROUTE_PATHS = ['kpi-table', 'strategy-table', 'progress-report'].flatMap((kind) => [
  `/api/uploads/${kind}/preview`,
  `/api/uploads/${kind}/apply`,
]);

const fileName = (pattern: RegExp, message: string, example: string) =>
  z
    .string()
    .min(1)
    .max(200)
    .regex(pattern, message)
    .openapi({ param: { name: 'fileName', in: 'query' }, example });

const queryParam = (name: string, description?: string) =>
  z
    .string()
    .max(500)
    .optional()
    .openapi({ param: { name, in: 'query' }, ...(description ? { description } : {}) });

const flag = (name: string, description: string) =>
  z
    .enum(['0', '1'])
    .optional()
    .openapi({ param: { name, in: 'query' }, description });

const KpiQuery = z.object({
  fileName: fileName(/\.(xlsx|csv)$/i, 'ファイル名は .xlsx か .csv で終わる名前にしてください', 'kpi.xlsx'),
  planId: z.coerce
    .number()
    .int()
    .positive()
    .max(2_147_483_647)
    .optional()
    .openapi({
      param: { name: 'planId', in: 'query' },
      description: '計画（省略時は自治体に1つだけある計画）',
    }),
  set: queryParam('set', '指標の区分が空欄の行の区分'),
  createNodes: flag('createNodes', '計画にない階層を作る（企画のみ）'),
  replace: flag('replace', '空欄の実績で登録済みの実績を削除する（企画のみ）'),
});

const StrategyQuery = z.object({
  fileName: fileName(
    /\.(xlsx|csv)$/i,
    'ファイル名は .xlsx か .csv で終わる名前にしてください',
    'senryaku.xlsx',
  ),
  name: z
    .string()
    .min(1, '総合戦略の名前（name）を指定してください')
    .max(200)
    .openapi({ param: { name: 'name', in: 'query' } }),
  levels: queryParam('levels', '新しい総合戦略の階層（例: 基本目標,具体的な施策）'),
  for: queryParam('for', '関連づける総合計画の名前'),
});

const ReportQuery = z.object({
  fileName: fileName(/\.(md|markdown|txt)$/i, 'ファイル名は .md で終わる名前にしてください', 'report.md'),
});

const UPLOADS = {
  'kpi-table': { label: 'KPI表（xlsx・CSV）', query: KpiQuery, who: '担当課は自課の行のみ' },
  'strategy-table': { label: '総合戦略の構成表（xlsx・CSV）', query: StrategyQuery, who: '企画' },
  'progress-report': { label: '進捗報告書（Markdown）', query: ReportQuery, who: '企画' },
} as const;

function uploadRoute<K extends keyof typeof UPLOADS>(kind: K, step: 'preview' | 'apply') {
  const spec = UPLOADS[kind] as { label: string; who: string; query: (typeof UPLOADS)[K]['query'] };
  return createRoute({
    method: 'post',
    path: `/api/uploads/${kind}/${step}`,
    summary: `${spec.label}の${step === 'preview' ? '取り込み前の確認' : '取り込み'}（${spec.who}）`,
    description:
      step === 'preview'
        ? '本文にファイルそのもの。取り込んだら何が追加・変更・削除されるか、取り込めないセル（番地つき）を返す。データベースには何も書き込まない。'
        : '本文に確認したのと同じファイル。もう一度検証して1つのトランザクションで取り込む。取り込めないセルが1つでもあればファイル全体を取り込まず 400（番地つき）。',
    request: { query: spec.query },
    responses: {
      200: jsonResponse(UploadOutcome, step === 'preview' ? '取り込んだ場合の変更' : '取り込んだ'),
      400: jsonResponse(UploadOutcome.or(ErrorBody), '取り込めないセル・行（番地つき）'),
      403: jsonResponse(ErrorBody, '権限がない'),
      404: jsonResponse(ErrorBody, '計画がない'),
      413: jsonResponse(ErrorBody, '大きすぎる'),
    },
  });
}

const levelsOf = (text: string | undefined) =>
  text
    ? text
        .split(/[,、，]/u)
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

const departmentSheetRoute = createRoute({
  method: 'get',
  path: '/api/uploads/department-sheet',
  summary: '担当課の記入シート（xlsx）',
  description:
    '担当課の指標（指標シート）と担当する項目の取組・方向性（進捗状況シート）。記入して同じ画面から取り込める。担当課は自課のもの、企画は departmentId で指定した課のもの。',
  request: {
    query: z.object({
      planId: z.coerce
        .number()
        .int()
        .positive()
        .max(2_147_483_647)
        .openapi({ param: { name: 'planId', in: 'query' } }),
      fiscalYear: z.coerce
        .number()
        .int()
        .min(1989)
        .max(2200)
        .openapi({ param: { name: 'fiscalYear', in: 'query' }, example: 2024 }),
      departmentId: z.coerce
        .number()
        .int()
        .positive()
        .max(2_147_483_647)
        .optional()
        .openapi({
          param: { name: 'departmentId', in: 'query' },
          description: '課（企画のみ。担当課は自課）',
        }),
    }),
  },
  responses: {
    200: {
      description: '記入シート',
      content: {
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
          schema: z.string().openapi({ format: 'binary' }),
        },
      },
    },
    400: jsonResponse(ErrorBody, '課の指定がない'),
    403: jsonResponse(ErrorBody, '他の課のシート'),
    404: jsonResponse(ErrorBody, '計画・課がない'),
  },
});

/**
 * The upload screen's routes.
 * @example registerUploadRoutes(app); // inside createApi
 */
export function registerUploadRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const step of ['preview', 'apply'] as const) {
    const run = step === 'preview' ? previewUpload : applyUpload;
    const answer = async (c: Parameters<Parameters<typeof app.openapi>[1]>[0], request: UploadRequest) => {
      const outcome = await run(c.var.db, c.var.scope, request);
      return c.json(outcome, outcome.applied || step === 'preview' ? 200 : 400);
    };
    const bytesOf = async (c: { req: { arrayBuffer(): Promise<ArrayBuffer> } }) =>
      new Uint8Array(await c.req.arrayBuffer());

    app.openapi(uploadRoute('kpi-table', step), async (c) => {
      const q = c.req.valid('query');
      return answer(c as never, {
        kind: 'kpi-table',
        fileName: q.fileName,
        bytes: await bytesOf(c),
        ...(q.planId !== undefined ? { planId: q.planId } : {}),
        ...(q.set ? { set: q.set } : {}),
        createNodes: q.createNodes === '1',
        replace: q.replace === '1',
      }) as never;
    });
    app.openapi(uploadRoute('strategy-table', step), async (c) => {
      const q = c.req.valid('query');
      const levels = levelsOf(q.levels);
      return answer(c as never, {
        kind: 'strategy-table',
        fileName: q.fileName,
        bytes: await bytesOf(c),
        strategyName: q.name,
        ...(levels ? { levels } : {}),
        ...(q.for ? { linkedPlanName: q.for } : {}),
      }) as never;
    });
    app.openapi(uploadRoute('progress-report', step), async (c) => {
      const q = c.req.valid('query');
      return answer(c as never, {
        kind: 'progress-report',
        fileName: q.fileName,
        bytes: await bytesOf(c),
      }) as never;
    });
  }

  app.openapi(departmentSheetRoute, async (c) => {
    const { planId, fiscalYear, departmentId } = c.req.valid('query');
    const { scope } = c.var;
    let id: number;
    if (scope.role === 'department') {
      if (scope.departmentId === null) throw new ForbiddenError('所属の課が決まっていません');
      if (departmentId !== undefined && departmentId !== scope.departmentId) {
        throw new ForbiddenError('他の課の記入シートは取得できません');
      }
      id = scope.departmentId;
    } else {
      if (departmentId === undefined) throw new BadInputError('課を departmentId で指定してください');
      id = departmentId;
    }
    const { bytes, fileName } = await departmentSheet(c.var.db, { planId, fiscalYear, departmentId: id });
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': contentDisposition('attachment', fileName, 'department-sheet.xlsx'),
      'cache-control': 'no-store',
    });
  });
}
