/**
 * @module Report routes
 * The progress report (進捗報告書) of a fiscal year: the Markdown the planning division edits and
 * the file in any output format (HTML, PDF, PowerPoint, Excel, Word, Markdown), built from the
 * year's records by export.ts.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { PdfPrinter } from '../../formats/report-pdf/index.ts';
import { contentDisposition } from '../../http/content-disposition.ts';
import type { ApiEnv } from '../../http/env.ts';
import { fiscalYearParam, idParam } from '../../http/params.ts';
import { ErrorBody, jsonResponse } from '../../http/route-docs.ts';
import { REPORT_FORMAT_INFO, REPORT_FORMATS } from '../../report/render.ts';
import { resolveMunicipality } from '../../services/municipality.ts';
import { atMoment } from '../history/as-of.ts';
import { exportProgressReport } from '../progress/progress-report.ts';
import { ReportStatus } from './contract.ts';
import { loadReportForExport, renderReportFile } from './export.ts';
import { loadReportStatus } from './load.ts';

export interface ReportRouteOptions {
  /** The server's running Chromium for PDFs; without it each PDF request starts its own. */
  pdfPrinter?: PdfPrinter;
}

const reportMarkdown = createRoute({
  method: 'get',
  path: '/api/reports/{year}/markdown',
  summary: '進捗報告書（Markdown）',
  request: {
    params: z.object({
      year: fiscalYearParam('year'),
    }),
    query: z.object({
      municipality: z
        .string()
        .optional()
        .openapi({ param: { name: 'municipality', in: 'query' } }),
      asOf: z
        .string()
        .optional()
        .openapi({
          param: { name: 'asOf', in: 'query' },
          description: 'この時点の内容で作る（ISO 日時、または日付＝その日の終わり）',
          example: '2026-12-01T10:00:00+09:00',
        }),
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
      year: fiscalYearParam('year'),
    }),
    query: z.object({
      format: z
        .enum(REPORT_FORMATS, { error: `形式（format）は ${REPORT_FORMATS.join('、')} のいずれかです` })
        .openapi({ param: { name: 'format', in: 'query' }, example: 'pdf' }),
      municipality: z
        .string()
        .optional()
        .openapi({ param: { name: 'municipality', in: 'query' } }),
      plan: idParam('plan', '計画', 'query').optional(),
      disposition: z
        .enum(['attachment', 'inline'])
        .optional()
        .openapi({ param: { name: 'disposition', in: 'query' } }),
      councilComments: z
        .enum(['true', 'false'], { error: 'councilComments は true か false です' })
        .optional()
        .openapi({
          param: { name: 'councilComments', in: 'query' },
          description: '審議会からの意見と対応を載せるか（省略時: 意見があれば載せる）',
        }),
      asOf: z
        .string()
        .optional()
        .openapi({
          param: { name: 'asOf', in: 'query' },
          description: 'この時点の内容で作る（ISO 日時、または日付＝その日の終わり）',
          example: '2026-12-01T10:00:00+09:00',
        }),
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

const reportStatus = createRoute({
  method: 'get',
  path: '/api/reports/{year}/status',
  summary: '報告書の状態（確定した年度か案か、表紙の審議会、審議会からの意見の件数）',
  request: {
    params: z.object({
      year: fiscalYearParam('year'),
    }),
    query: z.object({
      municipality: z
        .string()
        .optional()
        .openapi({ param: { name: 'municipality', in: 'query' } }),
      plan: idParam('plan', '計画', 'query').optional(),
    }),
  },
  responses: {
    200: jsonResponse(ReportStatus, '報告書の状態'),
    404: { description: '報告書がない', content: { 'application/json': { schema: ErrorBody } } },
  },
});

/**
 * The report's Markdown and its file in every format.
 * @example registerReportRoutes(app, { pdfPrinter: sharedPdfPrinter() }); // inside createApi
 */
export function registerReportRoutes(app: OpenAPIHono<ApiEnv>, options: ReportRouteOptions = {}): void {
  app.openapi(reportMarkdown, async (c) => {
    const db = c.var.db;
    const { year } = c.req.valid('param');
    const { municipality: localGovCode, asOf } = c.req.valid('query');
    // With asOf: the report as it was at that moment (src/features/history/as-of.ts).
    const markdown = await atMoment(db, c.var.scope.municipalityId, asOf, (reader) =>
      exportProgressReport(reader, {
        fiscalYear: year,
        format: 'md',
        ...(localGovCode ? { localGovCode } : {}),
      }),
    );
    return c.body(markdown, 200, { 'content-type': 'text/markdown; charset=utf-8' });
  });

  app.openapi(reportStatus, async (c) => {
    const { year } = c.req.valid('param');
    const { municipality: localGovCode, plan: planId } = c.req.valid('query');
    const owner = await resolveMunicipality(c.var.db, { localGovCode }, 'export');
    const status = await loadReportStatus(c.var.db, {
      municipalityId: owner.id,
      fiscalYear: year,
      ...(planId ? { planId } : {}),
    });
    return c.json(status, 200);
  });

  app.openapi(reportFile, async (c) => {
    const { year } = c.req.valid('param');
    const {
      format,
      municipality: localGovCode,
      plan: planId,
      disposition,
      asOf,
      councilComments,
    } = c.req.valid('query');
    // Read in the municipality's transaction, then render (a PDF takes a second) after it has ended:
    // the guard runs this route outside a request-long transaction (RENDER_AFTER_TRANSACTION).
    const inputs = await c.var.tenant((tx) =>
      atMoment(tx, c.var.scope.municipalityId, asOf, (reader) =>
        loadReportForExport(reader, {
          fiscalYear: year,
          ...(localGovCode ? { localGovCode } : {}),
          ...(planId ? { planId } : {}),
        }),
      ),
    );
    const file = await renderReportFile(inputs, {
      format,
      ...(councilComments ? { councilComments: councilComments === 'true' } : {}),
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
}
